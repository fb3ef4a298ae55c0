// Managed-policy attachment for roles, users and groups: Attach/Detach/ListAttached{Role,User,Group}Policies
// and ListEntitiesForPolicy, one implementation for the three kinds. Customer policies must exist; AWS managed
// ones (arn:aws:iam::aws:policy/...) attach by ARN. At most 10 managed policies per entity (AWS's default
// quota, LimitExceeded). ListEntitiesForPolicy lists holders and, unless filtered to permissions policies, the
// roles and users with the policy as permissions boundary. Wording as AWS: "Policy X does not exist or is not attachable." and
// "Policy X was not found." (404).
import type { QueryAction, QueryParams } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import type { Attachments, EntityKind } from './attachments.js';
import { checkPathPrefix, required, validationError } from './common.js';
import type { GroupStore } from './groups.js';
import { iamPage } from './paging.js';
import type { RoleStore } from './roles.js';
import type { UserStore } from './users.js';

const AWS_MANAGED = /^arn:aws:iam::aws:policy\/.+/;
const MAX_ATTACHED = 10;
const ENTITY_FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
const USAGE_FILTERS = ['PermissionsPolicy', 'PermissionsBoundary'];

/** An optional enum parameter, refused in AWS's words when outside its values. */
function oneOf(field: string, value: string | undefined, values: string[]): string | undefined {
  if (value !== undefined && !values.includes(value)) throw validationError(field, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
  return value;
}

/** What attachment needs to know of a customer managed policy: its path, or undefined when it does not exist. */
export type PolicyPath = (arn: string) => string | undefined;

interface Entities {
  roles: RoleStore;
  users: UserStore;
  groups: GroupStore;
}

export function attachActions(attachments: Attachments, policyPath: PolicyPath, { roles, users, groups }: Entities): Record<string, QueryAction> {
  /** The attachment key of the entity a request names (role name, UserId, GroupId); NoSuchEntity if none. */
  const entity: Record<EntityKind, { param: string; quota: string; key(p: QueryParams): string }> = {
    role: { param: 'RoleName', quota: 'PoliciesPerRole', key: (p) => roles.get(required(p, 'RoleName')).RoleName },
    user: { param: 'UserName', quota: 'PoliciesPerUser', key: (p) => users.get(required(p, 'UserName')).UserId },
    group: { param: 'GroupName', quota: 'PoliciesPerGroup', key: (p) => groups.get(required(p, 'GroupName')).GroupId },
  };
  const known = (arn: string) => AWS_MANAGED.test(arn) || policyPath(arn) !== undefined;

  function forKind(kind: EntityKind, noun: 'Role' | 'User' | 'Group'): Record<string, QueryAction> {
    const e = entity[kind];
    return {
      [`Attach${noun}Policy`](p) {
        const key = e.key(p);
        const arn = required(p, 'PolicyArn');
        if (!known(arn)) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
        const current = attachments.of(kind, key);
        if (!current.includes(arn) && current.length >= MAX_ATTACHED) {
          throw new AwsError('LimitExceeded', `Cannot exceed quota for ${e.quota}: ${MAX_ATTACHED}`, 409);
        }
        attachments.attach(kind, key, arn);
        return '';
      },
      [`Detach${noun}Policy`](p) {
        const key = e.key(p);
        const arn = required(p, 'PolicyArn');
        if (!attachments.detach(kind, key, arn)) throw new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
        return '';
      },
      [`ListAttached${noun}Policies`](p) {
        const key = e.key(p);
        const prefix = checkPathPrefix(p.PathPrefix ?? '/');
        const list = attachments.of(kind, key)
          .filter((arn) => (policyPath(arn) ?? '/').startsWith(prefix))
          .map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
        const got = iamPage(p, list);
        return xml({ AttachedPolicies: { member: got.items }, IsTruncated: got.IsTruncated, Marker: got.Marker });
      },
    };
  }

  return {
    ...forKind('role', 'Role'),
    ...forKind('user', 'User'),
    ...forKind('group', 'Group'),
    ListEntitiesForPolicy(p) {
      const arn = required(p, 'PolicyArn');
      const filter = oneOf('entityFilter', p.EntityFilter, ENTITY_FILTERS);
      const usage = oneOf('policyUsageFilter', p.PolicyUsageFilter, USAGE_FILTERS);
      const prefix = checkPathPrefix(p.PathPrefix ?? '/');
      const got = iamPage(p, () => {
        if (!known(arn)) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
        // A policy-kind filter keeps every entity when it names the policy's own kind.
        const policyKind = AWS_MANAGED.test(arn) ? 'AWSManagedPolicy' : 'LocalManagedPolicy';
        const wants = (kind: EntityKind) => filter === undefined || filter === policyKind || filter.toLowerCase() === kind;
        /** Attached as a permissions policy, or set as the permissions boundary, as the usage filter asks. */
        const uses = (attached: boolean, boundary: string | undefined) =>
          (usage !== 'PermissionsBoundary' && attached) || (usage !== 'PermissionsPolicy' && boundary === arn);
        const rows: Array<{ kind: EntityKind; node: Record<string, string> }> = [];
        if (wants('group')) {
          for (const g of attachments.holders('group', arn).map((id) => groups.byId(id)!)) {
            if (uses(true, undefined) && g.Path.startsWith(prefix)) rows.push({ kind: 'group', node: { GroupName: g.GroupName, GroupId: g.GroupId } });
          }
        }
        if (wants('user')) {
          const attached = new Set(attachments.holders('user', arn));
          for (const u of users.all()) {
            if (uses(attached.has(u.UserId), u.PermissionsBoundary) && u.Path.startsWith(prefix)) rows.push({ kind: 'user', node: { UserName: u.UserName, UserId: u.UserId } });
          }
        }
        if (wants('role')) {
          const attached = new Set(attachments.holders('role', arn));
          for (const r of roles.all()) {
            if (uses(attached.has(r.RoleName), r.PermissionsBoundary) && r.Path.startsWith(prefix)) rows.push({ kind: 'role', node: { RoleName: r.RoleName, RoleId: r.RoleId } });
          }
        }
        return rows;
      });
      const of = (kind: EntityKind) => ({ member: got.items.filter((r) => r.kind === kind).map((r) => r.node) });
      return xml({ PolicyGroups: of('group'), PolicyUsers: of('user'), PolicyRoles: of('role'), IsTruncated: got.IsTruncated, Marker: got.Marker });
    },
  };
}

export const ATTACH_NO_RESULT = ['Role', 'User', 'Group'].flatMap((noun) => [`Attach${noun}Policy`, `Detach${noun}Policy`]);
