// IAM roles: create, get, list, delete, the trust policy, inline policies and tags. Wording and status codes
// as AWS (NoSuchEntity 404, EntityAlreadyExists 409, DeleteConflict 409). Policy documents come back
// URL-encoded, as AWS returns them. DeleteRole refuses while anything still refers to the role.
import { xml } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { checkName, checkPath, checkPathPrefix, checkPolicy, encodeDoc, required, type IamModule } from './common.js';
import { iamPage } from './paging.js';
import type { InstanceProfileStore } from './instance-profiles.js';
import type { Attachments } from './attachments.js';
import { checkInlinePolicy } from './policy-grammar.js';
import { checkBoundary, checkDescription, checkMaxSession, refuseIfServiceLinked } from './role-settings.js';
import { newRole, oneRole, roleXml, type RoleStore } from './roles.js';
import { requestTags, taggingActions, taggingNoResult } from './tags.js';

export interface RoleNeighbours {
  profiles: InstanceProfileStore;
  attachments: Attachments;
  /** Whether a customer managed policy exists (a permissions boundary must name one). */
  policyExists(arn: string): boolean;
}

export function roleActions(roles: RoleStore, { profiles, attachments, policyExists }: RoleNeighbours, accountId: string, now: () => number): IamModule {
  return {
    actions: {
      CreateRole(p) {
        const name = checkName('roleName', required(p, 'RoleName'), 64);
        const doc = checkPolicy(required(p, 'AssumeRolePolicyDocument'));
        const description = checkDescription(p.Description);
        const maxSession = checkMaxSession(p);
        if (roles.find(name)) throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
        const tags = requestTags(p);
        const boundary = p.PermissionsBoundary === undefined ? undefined : checkBoundary(p.PermissionsBoundary, policyExists);
        const role = newRole(accountId, now(), {
          RoleName: name,
          Path: checkPath(p.Path ?? '/'),
          AssumeRolePolicyDocument: doc,
          Description: description || undefined,
          MaxSessionDuration: maxSession ?? 3600,
          Tags: tags,
          PermissionsBoundary: boundary,
        });
        roles.put(role);
        return oneRole(role, 'create');
      },
      GetRole: (p) => oneRole(roles.get(required(p, 'RoleName'))),
      ListRoles(p) {
        const prefix = checkPathPrefix(p.PathPrefix ?? '/');
        const got = iamPage(p, () => roles.all().filter((r) => r.Path.startsWith(prefix)));
        return xml({ Roles: { member: got.items.map((r) => roleXml(r, 'list')) }, IsTruncated: got.IsTruncated, Marker: got.Marker });
      },
      DeleteRole(p) {
        const role = roles.get(required(p, 'RoleName'));
        refuseIfServiceLinked(role);
        if (Object.keys(role.policies).length) {
          throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
        }
        if (attachments.of('role', role.RoleName).length) {
          throw new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
        }
        if (profiles.namesFor(role.RoleName).length) {
          throw new AwsError('DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.', 409);
        }
        roles.remove(role.RoleName);
        return '';
      },
      UpdateAssumeRolePolicy(p) {
        const role = roles.get(required(p, 'RoleName'));
        const doc = checkPolicy(required(p, 'PolicyDocument'));
        refuseIfServiceLinked(role);
        role.AssumeRolePolicyDocument = doc;
        roles.save();
        return '';
      },
      PutRolePolicy(p) {
        const role = roles.get(required(p, 'RoleName'));
        const name = checkName('policyName', required(p, 'PolicyName'), 128);
        const doc = required(p, 'PolicyDocument');
        checkInlinePolicy('role', role.RoleName, role.policies, name, doc);
        refuseIfServiceLinked(role);
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
        const got = iamPage(p, () => Object.keys(roles.get(required(p, 'RoleName')).policies).sort());
        return xml({ PolicyNames: { member: got.items }, IsTruncated: got.IsTruncated, Marker: got.Marker });
      },
      ...taggingActions('Role', (p) => roles.get(required(p, 'RoleName')), () => roles.save()),
    },
    noResult: ['DeleteRole', 'UpdateAssumeRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', ...taggingNoResult('Role')],
  };
}
