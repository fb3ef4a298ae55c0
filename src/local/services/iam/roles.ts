// IAM role state: one JSON file `<dataDir>/iam/roles.json`, rewritten atomically on every change
// (roles are few; simplicity beats an append log here).
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { AwsError } from '../../types.js';

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

/** The role an ARN names, read fresh from IAM's state file (STS asks; IAM rewrites it atomically). */
export function findRoleByArn(dataDir: string, arn: string): Role | undefined {
  const roles = readJson<{ roles: Record<string, Role> }>(path.join(dataDir, 'iam', 'roles.json'), { roles: {} }).roles;
  return Object.values(roles).find((r) => r.Arn === arn);
}
