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
