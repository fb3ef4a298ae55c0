// IAM group state: `<dataDir>/iam/groups.json`, rewritten atomically, keyed by GroupId so UpdateGroup's
// rename keeps every reference. Members are not kept here: each user lists the GroupIds it is in
// (users.ts), so renaming either side needs no fix-up.
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { AwsError } from '../../types.js';
import { checkName } from './common.js';

export interface Group {
  GroupName: string;
  GroupId: string;
  Path: string;
  Arn: string;
  CreateDate: number;
  /** Inline policies by name (documents as sent). */
  policies: Record<string, string>;
}

export class GroupStore {
  private readonly file: string;
  private readonly groups: Record<string, Group>;

  constructor(dataDir: string, private readonly accountId: string) {
    this.file = path.join(dataDir, 'iam', 'groups.json');
    this.groups = readJson<{ groups: Record<string, Group> }>(this.file, { groups: {} }).groups;
  }

  arnFor(groupPath: string, name: string): string {
    return `arn:aws:iam::${this.accountId}:group${groupPath}${name}`;
  }

  /** IAM group names are case-insensitive for uniqueness. */
  find(name: string): Group | undefined {
    const lower = name.toLowerCase();
    return Object.values(this.groups).find((g) => g.GroupName.toLowerCase() === lower);
  }

  /** The named group; the name is checked against the model first (ValidationError), as AWS does. */
  get(name: string): Group {
    const group = this.find(checkName('groupName', name, 128));
    if (!group) throw new AwsError('NoSuchEntity', `The group with name ${name} cannot be found.`, 404);
    return group;
  }

  byId(groupId: string): Group | undefined {
    return this.groups[groupId];
  }

  /** Groups sorted by name, as ListGroups answers. */
  all(): Group[] {
    return Object.values(this.groups).sort((a, b) => (a.GroupName < b.GroupName ? -1 : 1));
  }

  put(group: Group): void {
    this.groups[group.GroupId] = group;
    this.save();
  }

  remove(group: Group): void {
    delete this.groups[group.GroupId];
    this.save();
  }

  save(): void {
    writeJsonAtomic(this.file, { groups: this.groups });
  }
}
