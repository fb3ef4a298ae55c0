// Account-wide IAM views: GetAccountSummary (entity counts beside AWS's default quotas) and
// GetAccountAuthorizationDetails (every user, group, role and customer managed policy with their policies).
// Modules that own other entities (instance profiles, MFA devices, providers, certificates) add their counts
// through IamModule.summary (index.ts hands them in as `counts`).
import { memberList } from '../../protocol/query.js';
import { xml, type XmlNode } from '../../protocol/xml.js';
import type { Attachments, EntityKind } from './attachments.js';
import { encodeDoc, iamTime, type IamModule } from './common.js';
import { groupXml } from './group-actions.js';
import type { GroupStore } from './groups.js';
import { iamPage } from './paging.js';
import type { PolicyFace } from './policies.js';
import { roleXml, type RoleStore } from './roles.js';
import { userXml } from './user-actions.js';
import type { UserStore } from './users.js';
import { tagsXml } from './tags.js';

export interface AccountParts {
  roles: RoleStore;
  users: UserStore;
  groups: GroupStore;
  attachments: Attachments;
  policies: PolicyFace;
  /** The instance profiles holding a role, in their listing shape. */
  profilesOf(roleName: string): XmlNode[];
}

/** AWS's default IAM quotas, as GetAccountSummary reports them. */
const QUOTAS = {
  UsersQuota: 5000, GroupsQuota: 300, RolesQuota: 1000, PoliciesQuota: 1500, InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20, GroupsPerUserQuota: 10, AccessKeysPerUserQuota: 2, SigningCertificatesPerUserQuota: 2,
  AttachedPoliciesPerUserQuota: 10, AttachedPoliciesPerGroupQuota: 10, AttachedPoliciesPerRoleQuota: 10,
  UserPolicySizeQuota: 2048, GroupPolicySizeQuota: 5120, RolePolicySizeQuota: 10240, AssumeRolePolicySizeQuota: 2048,
  PolicySizeQuota: 6144, VersionsPerPolicyQuota: 5, PolicyVersionsInUseQuota: 10000, GlobalEndpointTokenVersion: 1,
};

const FILTERS: Record<string, EntityKind | 'policy'> = { User: 'user', Group: 'group', Role: 'role', LocalManagedPolicy: 'policy' };

/** `counts`: the GetAccountSummary entries other modules keep (InstanceProfiles, Providers, MFADevices, …). */
export function accountViews(parts: AccountParts, counts: () => Record<string, number>): IamModule {
  const { roles, users, groups, attachments, policies, profilesOf } = parts;
  const inline = (docs: Record<string, string>) => ({ member: Object.keys(docs).sort().map((name) => ({ PolicyName: name, PolicyDocument: encodeDoc(docs[name]) })) });
  const attached = (kind: EntityKind, key: string) => ({
    member: attachments.of(kind, key).map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn })),
  });

  function summary(): Record<string, number> {
    const base: Record<string, number> = {
      Users: users.all().length, Groups: groups.all().length, Roles: roles.all().length, Policies: policies.count(),
      PolicyVersionsInUse: attachments.total(), InstanceProfiles: 0, Providers: 0, ServerCertificates: 0,
      MFADevices: 0, MFADevicesInUse: 0, AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0,
    };
    return { ...QUOTAS, ...base, ...counts() };
  }

  return { noResult: [], actions: {
    GetAccountSummary: () => xml({ SummaryMap: { entry: Object.entries(summary()).map(([key, value]) => ({ key, value })) } }),
    GetAccountAuthorizationDetails(p) {
      const asked = memberList(p, 'Filter');
      const wants = (kind: EntityKind | 'policy') => !asked.length || asked.some((f) => FILTERS[f] === kind);
      const rows: Array<{ list: string; node: XmlNode }> = [];
      if (wants('user')) {
        for (const u of users.all()) {
          const { PasswordLastUsed: _, ...base } = userXml(u);
          rows.push({ list: 'UserDetailList', node: {
            ...base,
            UserPolicyList: inline(u.policies),
            GroupList: { member: u.groups.map((id) => groups.byId(id)?.GroupName).filter((n) => n !== undefined) },
            AttachedManagedPolicies: attached('user', u.UserId),
          } });
        }
      }
      if (wants('group')) {
        for (const g of groups.all()) {
          rows.push({ list: 'GroupDetailList', node: { ...groupXml(g), GroupPolicyList: inline(g.policies), AttachedManagedPolicies: attached('group', g.GroupId) } });
        }
      }
      if (wants('role')) {
        for (const r of roles.all()) {
          const full = roleXml(r);
          rows.push({ list: 'RoleDetailList', node: {
            Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: iamTime(r.CreateDate),
            AssumeRolePolicyDocument: encodeDoc(r.AssumeRolePolicyDocument),
            InstanceProfileList: { member: profilesOf(r.RoleName) },
            RolePolicyList: inline(r.policies),
            AttachedManagedPolicies: attached('role', r.RoleName),
            PermissionsBoundary: full.PermissionsBoundary,
            Tags: tagsXml(r.Tags),
            RoleLastUsed: full.RoleLastUsed,
          } });
        }
      }
      if (wants('policy')) for (const node of policies.details()) rows.push({ list: 'Policies', node });
      const got = iamPage(p, rows);
      const of = (list: string) => ({ member: got.items.filter((r) => r.list === list).map((r) => r.node) });
      return xml({
        UserDetailList: of('UserDetailList'), GroupDetailList: of('GroupDetailList'), RoleDetailList: of('RoleDetailList'),
        Policies: of('Policies'), IsTruncated: got.IsTruncated, Marker: got.Marker,
      });
    },
  } };
}
