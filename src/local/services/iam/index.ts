// IAM over the Query protocol. Each entity kind is its own module (roles, managed policies, users, groups,
// instance profiles, …) answering its actions; this file builds the shared stores and merges their tables.
import type { QueryAction } from '../../protocol/query.js';
import type { IamInternal, Inputs, Service } from '../../service.js';
import { ACCESS_KEY_NO_RESULT, accessKeyActions } from './access-keys.js';
import { accountActions } from './account.js';
import { accountViews } from './account-views.js';
import { credentialReportActions } from './credential-report.js';
import { ATTACH_NO_RESULT, attachActions } from './attach-actions.js';
import { Attachments } from './attachments.js';
import { required, type IamModule } from './common.js';
import { GROUP_NO_RESULT, groupActions } from './group-actions.js';
import { GroupStore } from './groups.js';
import { INLINE_NO_RESULT, inlinePolicyActions } from './inline-policies.js';
import { InstanceProfileStore, instanceProfileActions } from './instance-profiles.js';
import { LOGIN_PROFILE_NO_RESULT, loginProfileActions } from './login-profiles.js';
import { mfaDeviceActions } from './mfa-devices.js';
import { oidcProviderActions } from './oidc-providers.js';
import { POLICY_NO_RESULT, policyActions } from './policies.js';
import { roleActions } from './role-actions.js';
import { roleSettingsActions } from './role-settings.js';
import { RoleStore } from './roles.js';
import { samlProviderActions } from './saml-providers.js';
import { serverCertificateActions } from './server-certificates.js';
import { serviceLinkedRoleActions } from './service-linked-roles.js';
import { signingCertificateActions } from './signing-certificates.js';
import { sshKeyActions } from './ssh-keys.js';
import { USER_NO_RESULT, userActions } from './user-actions.js';
import { UserStore } from './users.js';

export function create({ env }: Inputs): Service<IamInternal> {
  const { dataDir, accountId, now } = env;
  const roles = new RoleStore(dataDir);
  const users = new UserStore(dataDir, accountId, now);
  const groups = new GroupStore(dataDir, accountId);
  const attachments = new Attachments(dataDir);
  const profiles = new InstanceProfileStore(dataDir);
  const boundaryUses = (arn: string) => [...roles.all(), ...users.all()].filter((e) => e.PermissionsBoundary === arn).length;
  const policies = policyActions(dataDir, accountId, now, attachments, boundaryUses);
  const policyExists = (arn: string) => policies.policyPath(arn) !== undefined;
  users.guardDelete((u) => (attachments.of('user', u.UserId).length ? 'Cannot delete entity, must detach all policies first.' : undefined));
  const account = accountActions(dataDir, accountId);
  const instanceProfiles = instanceProfileActions(profiles, roles, accountId, now);
  const mfa = mfaDeviceActions(users, dataDir, accountId, now);
  const signingCertificates = signingCertificateActions(users, dataDir, now);
  const samlProviders = samlProviderActions(dataDir, accountId, now);
  const oidcProviders = oidcProviderActions(dataDir, accountId, now);
  const modules: IamModule[] = [
    roleActions(roles, { profiles, attachments, policyExists }, accountId, now),
    roleSettingsActions(roles, policyExists),
    serviceLinkedRoleActions(roles, dataDir, accountId, now),
    instanceProfiles,
    { actions: policies.actions, noResult: POLICY_NO_RESULT },
    { actions: attachActions(attachments, policies.policyPath, { roles, users, groups }), noResult: ATTACH_NO_RESULT },
    { actions: userActions(users, accountId, now, policyExists), noResult: USER_NO_RESULT },
    { actions: groupActions(groups, users, attachments, now), noResult: GROUP_NO_RESULT },
    {
      actions: {
        ...inlinePolicyActions('User', (p) => {
          const u = users.get(required(p, 'UserName'));
          return { name: u.UserName, policies: u.policies, save: () => users.save() };
        }),
        ...inlinePolicyActions('Group', (p) => {
          const g = groups.get(required(p, 'GroupName'));
          return { name: g.GroupName, policies: g.policies, save: () => groups.save() };
        }),
      },
      noResult: INLINE_NO_RESULT,
    },
    { actions: accessKeyActions(users, now), noResult: ACCESS_KEY_NO_RESULT },
    { actions: loginProfileActions(users, now, (password) => account.passwordRule(password)), noResult: LOGIN_PROFILE_NO_RESULT },
    mfa,
    sshKeyActions(users, dataDir, now),
    signingCertificates,
    samlProviders,
    oidcProviders,
    serverCertificateActions(dataDir, accountId, now),
    account,
    credentialReportActions(users, accountId, now, [mfa.columns, signingCertificates.columns]),
  ];
  /** GetAccountSummary's entries from every module; several may count one entry (SAML and OIDC: Providers). */
  const counts = () => {
    const out: Record<string, number> = {};
    for (const m of modules) for (const [k, v] of Object.entries(m.summary?.() ?? {})) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  modules.push(accountViews({ roles, users, groups, attachments, policies, profilesOf: instanceProfiles.profilesOf }, counts));
  const actions: Record<string, QueryAction> = Object.assign({}, ...modules.map((m) => m.actions));
  return {
    handler: {
      protocol: 'query',
      service: 'iam',
      xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
      actions,
      noResult: new Set(modules.flatMap((m) => m.noResult)),
    },
    internal: {
      roleByArn: (arn) => roles.byArn(arn),
      roleUsed(arn, region) {
        const role = roles.byArn(arn);
        if (role) {
          role.lastUsed = { at: now(), region };
          roles.save();
        }
      },
      accessKeyUsed: (accessKeyId, service, region) => users.keyUsed(accessKeyId, service, region),
      oidcProviderForIssuer: (issuer) => oidcProviders.byIssuer(issuer),
      samlProviderByArn: (arn) => samlProviders.byArn(arn),
      accessKeyInactive: (accessKeyId) => users.byAccessKey(accessKeyId)?.key.Status === 'Inactive',
      userByAccessKey(accessKeyId) {
        const owner = users.byAccessKey(accessKeyId);
        return owner && owner.key.Status === 'Active' ? owner.user : undefined;
      },
    },
  };
}
