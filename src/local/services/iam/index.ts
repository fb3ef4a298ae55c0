// IAM over the Query protocol: roles, inline role policies, role tags, managed policies (policies.ts), users
// (user-actions.ts).
// Wording and status codes as AWS
// (NoSuchEntity 404, EntityAlreadyExists 409, DeleteConflict 409). Policy documents come back
// URL-encoded, as AWS returns them.
import { memberList, tagList, type QueryAction, type QueryParams } from '../../protocol/query.js';
import { xml, type XmlNode } from '../../protocol/xml.js';
import type { IamInternal, Inputs, Service } from '../../service.js';
import { checkName, checkPath, checkPolicy, encodeDoc, iamId, iamTime, required } from './common.js';
import { AwsError } from '../../types.js';
import { POLICY_NO_RESULT, policyActions } from './policies.js';
import { checkIdentityPolicy } from './policy-grammar.js';
import { checkRequestTags, checkTagKeys, mergeTags } from './tags.js';
import { RoleStore, type Role } from './roles.js';
import { USER_NO_RESULT, userActions } from './user-actions.js';
import { UserStore } from './users.js';
import { ACCESS_KEY_NO_RESULT, accessKeyActions } from './access-keys.js';
import { ATTACH_NO_RESULT, attachActions } from './attach-actions.js';
import { Attachments } from './attachments.js';
import { GROUP_NO_RESULT, groupActions } from './group-actions.js';
import { GroupStore } from './groups.js';
import { INLINE_NO_RESULT, inlinePolicyActions } from './inline-policies.js';
import { LOGIN_PROFILE_NO_RESULT, loginProfileActions } from './login-profiles.js';

/** GetRole's shape (tags, RoleLastUsed); CreateRole has tags but no RoleLastUsed; ListRoles neither. */
function roleXml(r: Role, shape: 'get' | 'create' | 'list' = 'get'): XmlNode {
  return {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: iamTime(r.CreateDate),
    AssumeRolePolicyDocument: encodeDoc(r.AssumeRolePolicyDocument),
    Description: r.Description,
    MaxSessionDuration: r.MaxSessionDuration,
    Tags: shape !== 'list' && r.Tags.length ? { member: r.Tags } : undefined,
    RoleLastUsed: shape === 'get' ? {} : undefined,
  };
}

export function create({ env }: Inputs): Service<IamInternal> {
  const roles = new RoleStore(env.dataDir);
  const users = new UserStore(env.dataDir, env.accountId, env.now);
  const groups = new GroupStore(env.dataDir, env.accountId);
  const attachments = new Attachments(env.dataDir);
  const actions: Record<string, QueryAction> = {
    CreateRole(p) {
      const name = checkName('roleName', required(p, 'RoleName'), 64);
      const doc = checkPolicy(required(p, 'AssumeRolePolicyDocument'));
      if (roles.find(name)) throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
      const tags = tagList(p);
      checkRequestTags(tags);
      const rolePath = checkPath(p.Path ?? '/');
      const role: Role = {
        RoleName: name,
        RoleId: iamId('AROA'),
        Path: rolePath,
        Arn: `arn:aws:iam::${env.accountId}:role${rolePath}${name}`,
        CreateDate: env.now(),
        AssumeRolePolicyDocument: doc,
        Description: p.Description,
        MaxSessionDuration: p.MaxSessionDuration ? Number(p.MaxSessionDuration) : 3600,
        Tags: tags,
        policies: {},
      };
      roles.put(role);
      return xml({ Role: roleXml(role, 'create') });
    },
    GetRole: (p) => xml({ Role: roleXml(roles.get(required(p, 'RoleName'))) }),
    ListRoles(p) {
      const prefix = p.PathPrefix ?? '/';
      const list = roles.all().filter((r) => r.Path.startsWith(prefix));
      return xml({ Roles: { member: list.map((r) => roleXml(r, 'list')) }, IsTruncated: false });
    },
    DeleteRole(p) {
      const role = roles.get(required(p, 'RoleName'));
      if (Object.keys(role.policies).length) {
        throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      }
      if (attachments.of('role', role.RoleName).length) {
        throw new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
      }
      roles.remove(role.RoleName);
      return '';
    },
    UpdateAssumeRolePolicy(p) {
      const role = roles.get(required(p, 'RoleName'));
      role.AssumeRolePolicyDocument = checkPolicy(required(p, 'PolicyDocument'));
      roles.save();
      return '';
    },
    PutRolePolicy(p) {
      const role = roles.get(required(p, 'RoleName'));
      const name = checkName('policyName', required(p, 'PolicyName'), 128);
      const doc = required(p, 'PolicyDocument');
      checkIdentityPolicy(doc);
      role.policies[name] = doc;
      roles.save();
      return '';
    },
    GetRolePolicy(p) {
      const role = roles.get(required(p, 'RoleName'));
      const name = required(p, 'PolicyName');
      const doc = role.policies[name];
      if (doc === undefined) throw new AwsError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
      return xml({ RoleName: role.RoleName, PolicyName: name, PolicyDocument: encodeDoc(doc) });
    },
    DeleteRolePolicy(p) {
      const role = roles.get(required(p, 'RoleName'));
      const name = required(p, 'PolicyName');
      if (role.policies[name] === undefined) {
        throw new AwsError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
      }
      delete role.policies[name];
      roles.save();
      return '';
    },
    ListRolePolicies(p) {
      const role = roles.get(required(p, 'RoleName'));
      return xml({ PolicyNames: { member: Object.keys(role.policies).sort() }, IsTruncated: false });
    },
    TagRole(p) {
      const role = roles.get(required(p, 'RoleName'));
      const add = tagList(p);
      checkRequestTags(add);
      role.Tags = mergeTags(role.Tags, add, 'TagsPerRole');
      roles.save();
      return '';
    },
    UntagRole(p) {
      const role = roles.get(required(p, 'RoleName'));
      const keys = memberList(p, 'TagKeys');
      checkTagKeys(keys);
      const drop = new Set(keys.map((k) => k.toLowerCase()));
      role.Tags = role.Tags.filter((t) => !drop.has(t.Key.toLowerCase()));
      roles.save();
      return '';
    },
    ListRoleTags(p) {
      const role = roles.get(required(p, 'RoleName'));
      return xml({ Tags: { member: role.Tags }, IsTruncated: false });
    },
  };
  const policies = policyActions(env.dataDir, env.accountId, env.now, attachments);
  users.guardDelete((u) => (attachments.of('user', u.UserId).length ? 'Cannot delete entity, must detach all policies first.' : undefined));
  Object.assign(
    actions,
    policies.actions,
    attachActions(attachments, policies.policyPath, { roles, users, groups }),
    userActions(users, env.accountId, env.now),
    groupActions(groups, users, attachments, env.now),
    inlinePolicyActions('User', (p) => {
      const u = users.get(required(p, 'UserName'));
      return { name: u.UserName, policies: u.policies, save: () => users.save() };
    }),
    inlinePolicyActions('Group', (p) => {
      const g = groups.get(required(p, 'GroupName'));
      return { name: g.GroupName, policies: g.policies, save: () => groups.save() };
    }),
    accessKeyActions(users, env.now),
    loginProfileActions(users, env.now),
  );
  return {
    handler: {
      protocol: 'query',
      service: 'iam',
      xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
      actions,
      noResult: new Set(['DeleteRole', 'UpdateAssumeRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'TagRole', 'UntagRole', ...POLICY_NO_RESULT, ...ATTACH_NO_RESULT, ...USER_NO_RESULT, ...GROUP_NO_RESULT, ...INLINE_NO_RESULT, ...ACCESS_KEY_NO_RESULT, ...LOGIN_PROFILE_NO_RESULT]),
    },
    internal: {
      roleByArn: (arn) => roles.byArn(arn),
      userByAccessKey(accessKeyId) {
        const owner = users.byAccessKey(accessKeyId);
        return owner && owner.key.Status === 'Active' ? owner.user : undefined;
      },
    },
  };
}
