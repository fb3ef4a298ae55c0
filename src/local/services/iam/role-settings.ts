// A role's settings after creation: UpdateRole (Description, MaxSessionDuration; an absent field keeps its
// value, an empty Description clears it), UpdateRoleDescription (answers the role), and its permissions
// boundary (Put/DeleteRolePermissionsBoundary; deleting an absent one succeeds). The checks are shared with CreateRole. Service-linked
// roles belong to their service: only their description may change (UnmodifiableEntity otherwise).
import { AwsError } from '../../types.js';
import type { QueryParams } from '../../protocol/query.js';
import { intParam, required, validationError, type IamModule } from './common.js';
import { oneRole, type Role, type RoleStore } from './roles.js';

const BOUNDARY_ARN = /^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/[\x21-\x7e]+$/;

/** MaxSessionDuration: 3600–43200 seconds (1 to 12 hours). */
export function checkMaxSession(params: QueryParams): number | undefined {
  const n = intParam(params, 'MaxSessionDuration');
  if (n === undefined) return undefined;
  if (n < 3600) throw validationError('maxSessionDuration', String(n), 'Member must have value greater than or equal to 3600');
  if (n > 43200) throw validationError('maxSessionDuration', String(n), 'Member must have value less than or equal to 43200');
  return n;
}

export function checkDescription(value: string | undefined): string | undefined {
  if (value !== undefined && value.length > 1000) throw validationError('description', value, 'Member must have length less than or equal to 1000');
  return value;
}

/** A permissions boundary names a managed policy: an AWS-managed one, or a customer one that exists. */
export function checkBoundary(arn: string, policyExists: (arn: string) => boolean): string {
  if (!BOUNDARY_ARN.test(arn)) throw new AwsError('InvalidInput', `Value (${arn}) for parameter PermissionsBoundary is invalid.`, 400);
  if (!arn.includes(':iam::aws:policy/') && !policyExists(arn)) {
    throw new AwsError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`, 404);
  }
  return arn;
}

/** Service-linked roles: AWS refuses changes made by anyone but their service. */
export function refuseIfServiceLinked(role: Role): void {
  if (role.linkedService) {
    throw new AwsError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${role.RoleName}' - this role is only modifiable by AWS`, 400);
  }
}

export function roleSettingsActions(roles: RoleStore, policyExists: (arn: string) => boolean): IamModule {
  return {
    actions: {
      UpdateRole(p) {
        const role = roles.get(required(p, 'RoleName'));
        const description = checkDescription(p.Description);
        const maxSession = checkMaxSession(p);
        if (maxSession !== undefined) refuseIfServiceLinked(role);
        if (description !== undefined) role.Description = description === '' ? undefined : description;
        if (maxSession !== undefined) role.MaxSessionDuration = maxSession;
        roles.save();
        return '';
      },
      UpdateRoleDescription(p) {
        const role = roles.get(required(p, 'RoleName'));
        const description = checkDescription(required(p, 'Description'));
        role.Description = description === '' ? undefined : description;
        roles.save();
        return oneRole(role, 'create');
      },
      PutRolePermissionsBoundary(p) {
        const role = roles.get(required(p, 'RoleName'));
        const arn = checkBoundary(required(p, 'PermissionsBoundary'), policyExists);
        refuseIfServiceLinked(role);
        role.PermissionsBoundary = arn;
        roles.save();
        return '';
      },
      DeleteRolePermissionsBoundary(p) {
        const role = roles.get(required(p, 'RoleName'));
        refuseIfServiceLinked(role);
        delete role.PermissionsBoundary;
        roles.save();
        return '';
      },
    },
    // UpdateRole answers an empty UpdateRoleResult, as its model has an (empty) output.
    noResult: ['PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary'],
  };
}
