// IAM role state: one JSON file `<dataDir>/iam/roles.json`, rewritten atomically on every change
// (roles are few; simplicity beats an append log here), and the Role shape IAM answers with.
import path from 'node:path';
import { xml, type XmlNode } from '../../protocol/xml.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { AwsError } from '../../types.js';
import { boundaryXml, encodeDoc, iamId, iamTime } from './common.js';
import { tagsXml } from './tags.js';

export interface Role {
  RoleName: string;
  RoleId: string;
  Path: string;
  Arn: string;
  CreateDate: number;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  Tags: Array<{ Key: string; Value: string }>;
  /** The managed policy ARN that bounds the role's permissions. */
  PermissionsBoundary?: string;
  /** The service principal of a service-linked role (only that service may change or delete it). */
  linkedService?: string;
  /** When and where STS last issued credentials for the role. */
  lastUsed?: { at: number; region: string };
  /** Inline policies by name (documents as sent). */
  policies: Record<string, string>;
}

export class RoleStore {
  private readonly file: string;
  private roles: Record<string, Role>;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'iam', 'roles.json');
    this.roles = readJson<{ roles: Record<string, Role> }>(this.file, { roles: {} }).roles;
  }

  /** IAM role names are case-insensitive for uniqueness. */
  find(name: string): Role | undefined {
    const lower = name.toLowerCase();
    return Object.values(this.roles).find((r) => r.RoleName.toLowerCase() === lower);
  }

  get(name: string): Role {
    const role = this.find(name);
    if (!role) throw new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return role;
  }

  /** The role an ARN names (STS's AssumeRole asks through IAM's internal face). */
  byArn(arn: string): Role | undefined {
    return Object.values(this.roles).find((r) => r.Arn === arn);
  }

  all(): Role[] {
    return Object.values(this.roles).sort((a, b) => (a.RoleName < b.RoleName ? -1 : 1));
  }

  put(role: Role): void {
    this.roles[role.RoleName] = role;
    this.save();
  }

  remove(name: string): void {
    delete this.roles[this.get(name).RoleName];
    this.save();
  }

  save(): void {
    writeJsonAtomic(this.file, { roles: this.roles });
  }
}

/** A new role (CreateRole, CreateServiceLinkedRole): its id, ARN and defaults. */
export function newRole(accountId: string, now: number, fields: Pick<Role, 'RoleName' | 'Path' | 'AssumeRolePolicyDocument'> & Partial<Role>): Role {
  return {
    RoleId: iamId('AROA'),
    Arn: `arn:aws:iam::${accountId}:role${fields.Path}${fields.RoleName}`,
    CreateDate: now,
    MaxSessionDuration: 3600,
    Tags: [],
    policies: {},
    ...fields,
  };
}

/** GetRole's shape (boundary, tags, RoleLastUsed); CreateRole has no RoleLastUsed; ListRoles (and the roles
 *  inside an instance profile) none of the three, as AWS's listing operations leave them out. */
export function roleXml(r: Role, shape: 'get' | 'create' | 'list' = 'get'): XmlNode {
  return {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: iamTime(r.CreateDate),
    AssumeRolePolicyDocument: encodeDoc(r.AssumeRolePolicyDocument),
    Description: r.Description,
    MaxSessionDuration: r.MaxSessionDuration,
    PermissionsBoundary: shape !== 'list' ? boundaryXml(r.PermissionsBoundary) : undefined,
    Tags: shape !== 'list' ? tagsXml(r.Tags) : undefined,
    RoleLastUsed: shape === 'get' ? (r.lastUsed ? { LastUsedDate: iamTime(r.lastUsed.at), Region: r.lastUsed.region } : {}) : undefined,
  };
}

/** A response holding one role: `<Role>…</Role>`. */
export const oneRole = (r: Role, shape: 'get' | 'create' | 'list' = 'get') => xml({ Role: roleXml(r, shape) });
