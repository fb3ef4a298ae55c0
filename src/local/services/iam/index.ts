// IAM over the Query protocol: roles, inline role policies, role tags, managed policies (policies.ts).
// Wording and status codes as AWS
// (NoSuchEntity 404, EntityAlreadyExists 409, DeleteConflict 409). Policy documents come back
// URL-encoded, as AWS returns them.
import { randomBytes } from 'node:crypto';
import { memberList, tagList, type QueryAction, type QueryParams } from '../../protocol/query.js';
import { isoTime, xml, type XmlNode } from '../../protocol/xml.js';
import type { IamInternal, Inputs, Service } from '../../service.js';
import { oneProblem, validationMessage } from '../../kit/validate.js';
import { AwsError } from '../../types.js';
import { attachedCount, POLICY_NO_RESULT, policyActions } from './policies.js';
import { checkIdentityPolicy } from './policy-grammar.js';
import { checkRequestTags, checkTagKeys, mergeTags } from './tags.js';
import { RoleStore, type Role } from './roles.js';

const NAME = /^[\w+=,.@-]+$/;

function validationError(field: string, value: string, constraint: string): AwsError {
  return new AwsError('ValidationError', validationMessage([oneProblem(value, field, constraint)]), 400);
}

function required(params: QueryParams, name: string): string {
  const v = params[name];
  if (v === undefined) {
    const field = name[0].toLowerCase() + name.slice(1);
    throw new AwsError('ValidationError', validationMessage([oneProblem(null, field, 'Member must not be null')]), 400);
  }
  return v;
}

function checkName(field: string, value: string, max: number): string {
  if (value.length < 1 || value.length > max) {
    throw validationError(field, value, `Member must have length less than or equal to ${max}`);
  }
  if (!NAME.test(value)) throw validationError(field, value, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  return value;
}

function checkPolicy(doc: string): string {
  try {
    const parsed = JSON.parse(doc);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
  }
  return doc;
}

function checkPath(value: string): string {
  if (!/^\/([\x21-\x7e]*\/)?$/.test(value)) {
    throw validationError('path', value, 'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
  }
  return value;
}

const encodeDoc = (doc: string) => encodeURIComponent(doc);

/** GetRole's shape (tags, RoleLastUsed); CreateRole has tags but no RoleLastUsed; ListRoles neither. */
function roleXml(r: Role, shape: 'get' | 'create' | 'list' = 'get'): XmlNode {
  return {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: isoTime(r.CreateDate).replace(/\.\d{3}Z$/, 'Z'),
    AssumeRolePolicyDocument: encodeDoc(r.AssumeRolePolicyDocument),
    Description: r.Description,
    MaxSessionDuration: r.MaxSessionDuration,
    Tags: shape !== 'list' && r.Tags.length ? { member: r.Tags } : undefined,
    RoleLastUsed: shape === 'get' ? {} : undefined,
  };
}

function roleId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return 'AROA' + Array.from(randomBytes(17), (b) => alphabet[b % 32]).join('');
}


export function create({ env }: Inputs): Service<IamInternal> {
  const roles = new RoleStore(env.dataDir);
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
        RoleId: roleId(),
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
      if (attachedCount(env.dataDir, role.RoleName)) {
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
  Object.assign(actions, policyActions(env.dataDir, env.accountId, env.now, roles, { required, checkName, checkPolicy, checkPath }));
  return {
    handler: {
      protocol: 'query',
      service: 'iam',
      xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
      actions,
      noResult: new Set(['DeleteRole', 'UpdateAssumeRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'TagRole', 'UntagRole', ...POLICY_NO_RESULT]),
    },
    internal: { roleByArn: (arn) => roles.byArn(arn) },
  };
}
