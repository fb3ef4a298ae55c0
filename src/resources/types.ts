// Shared shapes of the provisioning layer: what we want (Desired), what exists (Observed), and the
// plan between them. Props are plain JSON values so the plan step can compare and render them generically.
import type { Clients } from '../aws/clients.js';
import type { Pipeline } from '../config/types.js';
import type { ColumnChange } from './schema-change.js';

export type ResourceKind = 'role' | 'bucket' | 'database' | 'table' | 'stream' | 'workgroup' | 'delivery';

/** Creation order: each resource only needs ones before it (Firehose needs the role, bucket, table, stream). */
export const APPLY_ORDER: ResourceKind[] = ['role', 'bucket', 'database', 'table', 'stream', 'workgroup', 'delivery'];
/** Deletion order: dependents first; the bucket last so Firehose cannot write into it while we empty it. */
export const DELETE_ORDER: ResourceKind[] = ['delivery', 'workgroup', 'table', 'database', 'stream', 'role', 'bucket'];

export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };
export type Props = Record<string, Value>;

export interface Desired {
  kind: ResourceKind;
  /** Physical name (table: `db.table`). */
  name: string;
  arn: string;
  props: Props;
  /** Not part of this pipeline (a `source: direct_put` pipeline has no stream): neither described nor
   * planned; one of ours under any name is found by discovery as an orphan and deleted. */
  absent?: boolean;
}

export interface Observed {
  kind: ResourceKind;
  name: string;
  exists: boolean;
  /** Carries our ownership mark (tag lakehouse:pipeline=<name>, or the Glue parameter). */
  owned: boolean;
  arn?: string;
  /** AWS status (ACTIVE, CREATING...) where the service has one. */
  status?: string;
  props: Props;
  /** Service-specific bits apply needs (Firehose version id and destination id). */
  meta?: Record<string, string>;
}

export type ActionKind = 'create' | 'update' | 'replace' | 'delete' | 'noop' | 'refuse';

export interface FieldDiff {
  field: string;
  from?: Value;
  to?: Value;
  /** This change cannot be made in place. */
  forcesReplace: boolean;
}

export interface PlannedAction {
  kind: ResourceKind;
  name: string;
  action: ActionKind;
  diffs: FieldDiff[];
  /** Why (refusals, cascaded replaces, shared resources left alone). */
  note?: string;
  /** create/replace: the settings it will be created with. */
  attributes?: Props;
  /** A rename (replace): the name of ours it replaces, deleted once the new one is planned. */
  replaces?: string;
  /** table: its column changes, each safe or breaking for the files already in the lake. */
  schemaChanges?: ColumnChange[];
}

export interface Plan {
  pipeline: string;
  actions: PlannedAction[];
  summary: Record<'create' | 'update' | 'replace' | 'delete' | 'noop' | 'refuse', number>;
}

/** Everything a resource module needs to act: clients, the desired state of every resource, and hooks. */
export interface ResourceContext {
  clients: Clients;
  pipeline: Pipeline;
  accountId: string;
  desired: Record<ResourceKind, Desired>;
  /** Base interval of status polling in ms (short on local, seconds on AWS). */
  pollMs: number;
  /** Wraps a waiting step (spinner on a TTY). */
  step<T>(label: string, work: () => Promise<T>): Promise<T>;
  signal?: AbortSignal;
}

export interface ResourceModule {
  kind: ResourceKind;
  /** Props whose change needs delete + create. */
  replaceOn: string[];
  desired(p: Pipeline, ids: ArnIds): Desired;
  describe(ctx: ResourceContext, d: Desired): Promise<Observed>;
  create(ctx: ResourceContext, d: Desired): Promise<void>;
  update(ctx: ResourceContext, d: Desired, o: Observed, changed: string[]): Promise<void>;
  /** Delete and wait until gone; a resource already gone is success. */
  delete(ctx: ResourceContext, o: Observed): Promise<void>;
}

/** What ARNs are built from. */
export interface ArnIds {
  partition: string;
  region: string;
  accountId: string;
}
