// IAM user state: one JSON file `<dataDir>/iam/users.json`, rewritten atomically on every change (users are
// few), keyed by UserId so a rename (UpdateUser) keeps every reference. A user's inline policies, access keys,
// login profile and group memberships live on its record; other modules that hang things off users (MFA
// devices, SSH keys, …) register a delete guard so DeleteUser refuses while they exist, as AWS does.
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { AwsError } from '../../types.js';
import { checkName } from './common.js';
import type { Tag } from './tags.js';

export interface AccessKey {
  AccessKeyId: string;
  SecretAccessKey: string;
  Status: 'Active' | 'Inactive';
  CreateDate: number;
  /** Last time the key signed a request here (ms), with the service and region. */
  lastUsed?: { date: number; service: string; region: string };
}

export interface LoginProfile {
  CreateDate: number;
  PasswordResetRequired: boolean;
}

export interface User {
  UserName: string;
  UserId: string;
  Path: string;
  Arn: string;
  CreateDate: number;
  PasswordLastUsed?: number;
  PermissionsBoundary?: string;
  Tags: Tag[];
  /** Inline policies by name (documents as sent). */
  policies: Record<string, string>;
  /** GroupIds of the groups the user is in, in the order it joined them. */
  groups: string[];
  accessKeys: AccessKey[];
  loginProfile?: LoginProfile;
}

/** Answers why a user cannot be deleted yet (DeleteConflict's message), or undefined. */
export type DeleteGuard = (user: User) => string | undefined;

export class UserStore {
  private readonly file: string;
  private readonly state: { users: Record<string, User>; accountCreated?: number };
  private readonly guards: DeleteGuard[] = [];

  constructor(dataDir: string, private readonly accountId: string, private readonly now: () => number) {
    this.file = path.join(dataDir, 'iam', 'users.json');
    this.state = readJson(this.file, { users: {} });
    if (this.state.accountCreated === undefined) {
      // The root user's creation date (GetUser, the credential report) must not move between runs.
      this.state.accountCreated = now();
      this.save();
    }
  }

  /** When the account's root user was created (the first time IAM state was opened). */
  get accountCreated(): number {
    return this.state.accountCreated!;
  }

  arnFor(userPath: string, name: string): string {
    return `arn:aws:iam::${this.accountId}:user${userPath}${name}`;
  }

  /** IAM user names are case-insensitive for uniqueness. */
  find(name: string): User | undefined {
    const lower = name.toLowerCase();
    return Object.values(this.state.users).find((u) => u.UserName.toLowerCase() === lower);
  }

  /** The named user; the name is checked against the model first (ValidationError), as AWS does. */
  get(name: string): User {
    const user = this.find(checkName('userName', name, 128));
    if (!user) throw new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404);
    return user;
  }

  byId(userId: string): User | undefined {
    return this.state.users[userId];
  }

  /** The user owning an access key (any status), with the key. */
  byAccessKey(accessKeyId: string): { user: User; key: AccessKey } | undefined {
    for (const user of Object.values(this.state.users)) {
      const key = user.accessKeys.find((k) => k.AccessKeyId === accessKeyId);
      if (key) return { user, key };
    }
    return undefined;
  }

  /** The user a request names, or without UserName the IAM user whose access key signed it; undefined when
   *  no name was given and the caller is the account's root user (or a temporary key). */
  subject(userName: string | undefined, accessKeyId: string | undefined): User | undefined {
    if (userName !== undefined) return this.get(userName);
    return accessKeyId ? this.byAccessKey(accessKeyId)?.user : undefined;
  }

  /** Records that a user's key signed a request (GetAccessKeyLastUsed, the credential report). Written at most
   *  once a minute per key unless the service or region changes: a busy key must not rewrite the file per call. */
  keyUsed(accessKeyId: string, service: string, region: string): void {
    const found = this.byAccessKey(accessKeyId);
    if (!found) return;
    const before = found.key.lastUsed;
    const date = this.now();
    found.key.lastUsed = { date, service, region };
    if (!before || before.service !== service || before.region !== region || date - before.date >= 60_000) this.save();
  }

  /** Users sorted by name, as ListUsers answers. */
  all(): User[] {
    return Object.values(this.state.users).sort((a, b) => (a.UserName < b.UserName ? -1 : 1));
  }

  put(user: User): void {
    this.state.users[user.UserId] = user;
    this.save();
  }

  /** Refuses (DeleteConflict) while any guard objects; otherwise removes the user. */
  remove(user: User): void {
    for (const guard of this.guards) {
      const conflict = guard(user);
      if (conflict) throw new AwsError('DeleteConflict', conflict, 409);
    }
    delete this.state.users[user.UserId];
    this.save();
  }

  guardDelete(guard: DeleteGuard): void {
    this.guards.push(guard);
  }

  save(): void {
    writeJsonAtomic(this.file, this.state);
  }
}
