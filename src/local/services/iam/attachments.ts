// Which managed policies are attached to which roles, users and groups: `<dataDir>/iam/attachments.json`,
// rewritten atomically. Roles are keyed by name (they cannot be renamed), users and groups by their id (they
// can). Older data directories kept role attachments in policies.json's `attached`; they are read once.
import fs from 'node:fs';
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';

export type EntityKind = 'role' | 'user' | 'group';

type State = Record<EntityKind, Record<string, string[]>>;

export class Attachments {
  private readonly file: string;
  private readonly state: State;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'iam', 'attachments.json');
    const empty: State = { role: {}, user: {}, group: {} };
    if (fs.existsSync(this.file)) {
      this.state = { ...empty, ...readJson<Partial<State>>(this.file, {}) };
    } else {
      const legacy = readJson<{ attached?: Record<string, string[]> }>(path.join(dataDir, 'iam', 'policies.json'), {});
      this.state = { ...empty, role: legacy.attached ?? {} };
      if (legacy.attached) this.save();
    }
  }

  /** Policy ARNs attached to one entity, in attachment order. */
  of(kind: EntityKind, key: string): string[] {
    return this.state[kind][key] ?? [];
  }

  attach(kind: EntityKind, key: string, arn: string): void {
    const list = (this.state[kind][key] ??= []);
    if (!list.includes(arn)) list.push(arn);
    this.save();
  }

  /** False when the policy was not attached. */
  detach(kind: EntityKind, key: string, arn: string): boolean {
    const list = this.of(kind, key);
    if (!list.includes(arn)) return false;
    this.state[kind][key] = list.filter((x) => x !== arn);
    if (!this.state[kind][key].length) delete this.state[kind][key];
    this.save();
    return true;
  }

  /** Keys of the entities of one kind the policy is attached to. */
  holders(kind: EntityKind, arn: string): string[] {
    return Object.entries(this.state[kind]).filter(([, arns]) => arns.includes(arn)).map(([key]) => key);
  }

  /** AttachmentCount: roles, users and groups the policy is attached to. */
  count(arn: string): number {
    return this.holders('role', arn).length + this.holders('user', arn).length + this.holders('group', arn).length;
  }

  /** Every attachment in the account (GetAccountSummary's PolicyVersionsInUse). */
  total(): number {
    return Object.values(this.state).reduce((n, byKey) => n + Object.values(byKey).reduce((m, arns) => m + arns.length, 0), 0);
  }

  private save(): void {
    writeJsonAtomic(this.file, this.state);
  }
}
