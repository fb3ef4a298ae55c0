// Table metadata transitions (pure): a new v2 table, and each change a commit applies to produce the next
// metadata.json: a snapshot (refs.main, snapshot-log, sequence numbers), a schema, properties, and the
// metadata-log entry for the file being replaced. Also snapshot lookup by id and as of a time.
import { maxFieldId } from './schema.js';
import { canTransform, defaultPartitionName, parseTransform, transformToString } from './transforms.js';
import type { IcebergSchema, PartitionSpec, Snapshot, TableMetadata } from './types.js';

/** Partition fields take ids from 1000 on (spec: partition field ids start at 1000). */
export const PARTITION_FIELD_ID_START = 1000;

export function buildPartitionSpec(
  schema: IcebergSchema,
  fields: Array<{ source: string; transform: string; name?: string }>,
  specId = 0,
  lastPartitionId = PARTITION_FIELD_ID_START - 1,
): { spec: PartitionSpec; lastPartitionId: number } {
  let id = lastPartitionId;
  const out = fields.map((f) => {
    const src = schema.fields.find((x) => x.name === f.source.toLowerCase());
    if (!src) throw new Error(`partition source column ${f.source} is not a column of the table`);
    const t = parseTransform(f.transform);
    if (!canTransform(t, src.type)) throw new Error(`partition transform ${f.transform} cannot apply to ${f.source} of type ${JSON.stringify(src.type)}`);
    return { name: (f.name ?? defaultPartitionName(t, src.name)).toLowerCase(), transform: transformToString(t), 'source-id': src.id, 'field-id': ++id };
  });
  const names = new Set<string>();
  for (const f of out) {
    if (names.has(f.name)) throw new Error(`partition field name ${f.name} appears twice`);
    names.add(f.name);
  }
  return { spec: { 'spec-id': specId, fields: out }, lastPartitionId: id };
}

export function newTableMetadata(opts: {
  uuid: string; location: string; schema: IcebergSchema; lastColumnId: number; spec: PartitionSpec;
  lastPartitionId: number; properties: Record<string, string>; now: number;
}): TableMetadata {
  return {
    'format-version': 2,
    'table-uuid': opts.uuid,
    location: opts.location,
    'last-sequence-number': 0,
    'last-updated-ms': opts.now,
    'last-column-id': Math.max(opts.lastColumnId, ...opts.schema.fields.map((f) => maxFieldId(f.type, f.id))),
    'current-schema-id': opts.schema['schema-id'],
    schemas: [opts.schema],
    'default-spec-id': opts.spec['spec-id'],
    'partition-specs': [opts.spec],
    'last-partition-id': opts.lastPartitionId,
    'default-sort-order-id': 0,
    'sort-orders': [{ 'order-id': 0, fields: [] }],
    properties: opts.properties,
    'current-snapshot-id': -1,
    refs: {},
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    statistics: [],
    'partition-statistics': [],
  };
}

export function currentSchema(m: TableMetadata): IcebergSchema {
  const s = m.schemas.find((x) => x['schema-id'] === m['current-schema-id']);
  if (!s) throw new Error(`metadata has no schema ${m['current-schema-id']}`);
  return s;
}

export function schemaById(m: TableMetadata, id: number | undefined): IcebergSchema {
  return (id === undefined ? undefined : m.schemas.find((x) => x['schema-id'] === id)) ?? currentSchema(m);
}

export function defaultSpec(m: TableMetadata): PartitionSpec {
  const s = m['partition-specs'].find((x) => x['spec-id'] === m['default-spec-id']);
  if (!s) throw new Error(`metadata has no partition spec ${m['default-spec-id']}`);
  return s;
}

export function specById(m: TableMetadata, id: number): PartitionSpec {
  const s = m['partition-specs'].find((x) => x['spec-id'] === id);
  if (!s) throw new Error(`metadata has no partition spec ${id}`);
  return s;
}

/** The unpartitioned spec (for global equality deletes), added to the table's specs when missing. */
export function withUnpartitionedSpec(m: TableMetadata): { metadata: TableMetadata; specId: number } {
  const found = m['partition-specs'].find((s) => s.fields.length === 0);
  if (found) return { metadata: m, specId: found['spec-id'] };
  const specId = Math.max(...m['partition-specs'].map((s) => s['spec-id'])) + 1;
  return { metadata: { ...m, 'partition-specs': [...m['partition-specs'], { 'spec-id': specId, fields: [] }] }, specId };
}

export function currentSnapshot(m: TableMetadata): Snapshot | undefined {
  const id = m.refs.main?.['snapshot-id'] ?? m['current-snapshot-id'];
  return id === undefined || id < 0 ? undefined : m.snapshots.find((s) => s['snapshot-id'] === id);
}

export function snapshotById(m: TableMetadata, id: number): Snapshot | undefined {
  return m.snapshots.find((s) => s['snapshot-id'] === id);
}

/** The snapshot that was current at `ms` (from the snapshot-log, as Trino's FOR TIMESTAMP AS OF). */
export function snapshotAsOf(m: TableMetadata, ms: number): Snapshot | undefined {
  let id: number | undefined;
  for (const e of m['snapshot-log']) if (e['timestamp-ms'] <= ms) id = e['snapshot-id'];
  return id === undefined ? undefined : snapshotById(m, id);
}

/** Appends the replaced metadata file to metadata-log (bounded by write.metadata.previous-versions-max). */
export function withPreviousFile(m: TableMetadata, previous: { file: string; updatedMs: number }, now: number): TableMetadata {
  const max = Number(m.properties['write.metadata.previous-versions-max'] ?? 100);
  const log = [...m['metadata-log'], { 'timestamp-ms': previous.updatedMs, 'metadata-file': previous.file }];
  return { ...m, 'metadata-log': log.slice(Math.max(0, log.length - max)), 'last-updated-ms': now };
}

export function withSnapshot(m: TableMetadata, s: Snapshot): TableMetadata {
  return {
    ...m,
    'last-sequence-number': s['sequence-number'],
    'last-updated-ms': s['timestamp-ms'],
    'current-snapshot-id': s['snapshot-id'],
    refs: { ...m.refs, main: { 'snapshot-id': s['snapshot-id'], type: 'branch' } },
    snapshots: [...m.snapshots, s],
    'snapshot-log': [...m['snapshot-log'], { 'timestamp-ms': s['timestamp-ms'], 'snapshot-id': s['snapshot-id'] }],
  };
}

/** Makes `schema` current: reuses an identical known schema, else adds it with the next schema id. */
export function withSchema(m: TableMetadata, schema: IcebergSchema): TableMetadata {
  const same = (a: IcebergSchema, b: IcebergSchema) =>
    JSON.stringify({ f: a.fields, i: a['identifier-field-ids'] ?? [] }) === JSON.stringify({ f: b.fields, i: b['identifier-field-ids'] ?? [] });
  const known = m.schemas.find((s) => same(s, schema));
  if (known) return { ...m, 'current-schema-id': known['schema-id'] };
  const id = Math.max(...m.schemas.map((s) => s['schema-id'])) + 1;
  const added = { ...schema, 'schema-id': id };
  const last = Math.max(m['last-column-id'], ...schema.fields.map((f) => maxFieldId(f.type, f.id)));
  return { ...m, schemas: [...m.schemas, added], 'current-schema-id': id, 'last-column-id': last };
}

export function withProperties(m: TableMetadata, props: Record<string, string | null>): TableMetadata {
  const p = { ...m.properties };
  for (const [k, v] of Object.entries(props)) {
    if (v === null) delete p[k];
    else p[k] = v;
  }
  return { ...m, properties: p };
}

/** Drops snapshots (expiry): removes them, their snapshot-log entries; refs keep pointing at live ones. */
export function withoutSnapshots(m: TableMetadata, ids: Set<number>): TableMetadata {
  return {
    ...m,
    snapshots: m.snapshots.filter((s) => !ids.has(s['snapshot-id'])),
    'snapshot-log': m['snapshot-log'].filter((e) => !ids.has(e['snapshot-id'])),
  };
}
