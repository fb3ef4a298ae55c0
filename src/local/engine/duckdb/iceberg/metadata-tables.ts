// Trino's Iceberg metadata tables, read as `"<table>$snapshots"` (and $history, $files, $manifests, $partitions,
// $refs): columns named and typed as Trino's connector declares them (docs connector/iceberg.md "Metadata
// tables"; FilesTable.java for $files' varchar bounds and trailing partition column), rows computed from the
// table metadata and its manifests (readManifestList / readManifest), served as a VALUES relation (values.ts).
import type { IcebergEnv, LoadedTable } from '../../../iceberg/index.js';
import { readManifest, readManifestList } from '../../../iceberg/index.js';
import type { DataFile, IcebergSchema, IcebergType, PartitionField, Snapshot, TableMetadata } from '../../../../iceberg/types.js';
import { icebergToDuck } from '../../../../iceberg/schema.js';
import { humanString as transformHuman, parseTransform, resultType } from '../../../../iceberg/transforms.js';
import { q } from '../relations.js';
import { boundSql, decodeBound, humanString, type Decoded } from './bounds.js';
import { Sql, sqlArray, sqlMap, sqlMillis, sqlStruct, valuesSelect, type Cell, type Column } from './values.js';

export const METADATA_TABLES = ['snapshots', 'history', 'files', 'manifests', 'partitions', 'refs'] as const;
export type MetadataTable = (typeof METADATA_TABLES)[number];

/** `orders$snapshots` → { base: 'orders', kind: 'snapshots' }; anything else → undefined. */
export function metadataTableName(name: string): { base: string; kind: MetadataTable } | undefined {
  const at = name.lastIndexOf('$');
  if (at <= 0) return undefined;
  const kind = name.slice(at + 1) as MetadataTable;
  return METADATA_TABLES.includes(kind) ? { base: name.slice(0, at), kind } : undefined;
}

const TSTZ = 'TIMESTAMPTZ';
const COUNTS = 'MAP(INTEGER, BIGINT)';
const BOUNDS = 'MAP(INTEGER, VARCHAR)';

const currentSnapshot = (m: TableMetadata): Snapshot | undefined =>
  m['current-snapshot-id'] === -1 ? undefined : m.snapshots.find((s) => s['snapshot-id'] === m['current-snapshot-id']);

/** Trino's summary map leaves out `operation` (its own column), as Iceberg's Java Snapshot.summary() does. */
const summaryOf = (s: Snapshot) => sqlMap(Object.entries(s.summary).filter(([k]) => k !== 'operation').map(([k, v]) => [k, String(v)]));

function snapshotsTable(m: TableMetadata): { columns: Column[]; rows: Cell[][] } {
  const columns = [
    { name: 'committed_at', type: TSTZ }, { name: 'snapshot_id', type: 'BIGINT' }, { name: 'parent_id', type: 'BIGINT' },
    { name: 'operation', type: 'VARCHAR' }, { name: 'manifest_list', type: 'VARCHAR' }, { name: 'summary', type: 'MAP(VARCHAR, VARCHAR)' },
  ];
  const rows = m.snapshots.map((s) => [sqlMillis(s['timestamp-ms']), s['snapshot-id'], s['parent-snapshot-id'] ?? null, s.summary.operation, s['manifest-list'], summaryOf(s)]);
  return { columns, rows };
}

function historyTable(m: TableMetadata): { columns: Column[]; rows: Cell[][] } {
  const columns = [{ name: 'made_current_at', type: TSTZ }, { name: 'snapshot_id', type: 'BIGINT' }, { name: 'parent_id', type: 'BIGINT' }, { name: 'is_current_ancestor', type: 'BOOLEAN' }];
  const byId = new Map(m.snapshots.map((s) => [s['snapshot-id'], s]));
  const ancestors = new Set<number>();
  for (let s = currentSnapshot(m); s; s = s['parent-snapshot-id'] === undefined ? undefined : byId.get(s['parent-snapshot-id'])) {
    if (ancestors.has(s['snapshot-id'])) break;
    ancestors.add(s['snapshot-id']);
  }
  const rows = m['snapshot-log'].map((e) => [sqlMillis(e['timestamp-ms']), e['snapshot-id'], byId.get(e['snapshot-id'])?.['parent-snapshot-id'] ?? null, ancestors.has(e['snapshot-id'])]);
  return { columns, rows };
}

function refsTable(m: TableMetadata): { columns: Column[]; rows: Cell[][] } {
  const columns = [
    { name: 'name', type: 'VARCHAR' }, { name: 'type', type: 'VARCHAR' }, { name: 'snapshot_id', type: 'BIGINT' },
    { name: 'max_reference_age_in_ms', type: 'BIGINT' }, { name: 'min_snapshots_to_keep', type: 'INTEGER' }, { name: 'max_snapshot_age_in_ms', type: 'BIGINT' },
  ];
  const refs = { ...(m.refs ?? {}) };
  // A v2 table with a current snapshot always has `main` (older writers may leave refs empty).
  if (!refs.main && currentSnapshot(m)) refs.main = { 'snapshot-id': m['current-snapshot-id'], type: 'branch' };
  const rows = Object.entries(refs).map(([name, r]) => [name, r.type.toUpperCase(), r['snapshot-id'], r['max-ref-age-ms'] ?? null, r['min-snapshots-to-keep'] ?? null, r['max-snapshot-age-ms'] ?? null]);
  return { columns, rows };
}

/** Field id → Iceberg type of every field in the schemas (nested included), latest schema winning. */
function fieldTypes(m: TableMetadata): Map<number, IcebergType> {
  const out = new Map<number, IcebergType>();
  const walk = (id: number, t: IcebergType) => {
    out.set(id, t);
    if (typeof t === 'string') return;
    if (t.type === 'struct') for (const f of t.fields) walk(f.id, f.type);
    else if (t.type === 'list') walk(t['element-id'], t.element);
    else { walk(t['key-id'], t.key); walk(t['value-id'], t.value); }
  };
  for (const s of m.schemas) for (const f of s.fields) walk(f.id, f.type);
  const cur = m.schemas.find((s) => s['schema-id'] === m['current-schema-id']);
  for (const f of cur?.fields ?? []) walk(f.id, f.type);
  return out;
}

/** Every partition field of every spec (by field id, first name wins), with its result type: Trino's "partition" row. */
function partitionFields(m: TableMetadata, types: Map<number, IcebergType>): Array<{ field: PartitionField; type: IcebergType }> {
  const seen = new Map<number, { field: PartitionField; type: IcebergType }>();
  for (const spec of m['partition-specs']) {
    for (const f of spec.fields) {
      const t = parseTransform(f.transform);
      if (t.kind === 'void' || seen.has(f['field-id'])) continue;
      seen.set(f['field-id'], { field: f, type: resultType(t, types.get(f['source-id']) ?? 'string') });
    }
  }
  return [...seen.values()];
}

const partitionDuckType = (fields: Array<{ field: PartitionField; type: IcebergType }>) => `STRUCT(${fields.map((f) => `${q(f.field.name)} ${icebergToDuck(f.type)}`).join(', ')})`;

function partitionCell(fields: Array<{ field: PartitionField; type: IcebergType }>, file: DataFile): Sql {
  return sqlStruct(fields.map(({ field, type }) => {
    const v = file.partition?.[field.name];
    if (v === null || v === undefined) return [field.name, null];
    if (type === 'date') return [field.name, new Sql(`(DATE '1970-01-01' + ${Number(v)})`)];
    return [field.name, boundSql(typeof type === 'string' ? type : 'string', typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean' || Buffer.isBuffer(v) ? (v as Decoded) : String(v))];
  }));
}

/** The live files (data and delete) of a snapshot, from its manifests. */
async function liveFiles(env: IcebergEnv, s: Snapshot | undefined): Promise<DataFile[]> {
  if (!s) return [];
  const out: DataFile[] = [];
  for (const mf of await readManifestList(env, s)) {
    for (const e of await readManifest(env, mf)) if (e.status !== 2) out.push(e.dataFile);
  }
  return out;
}

const counts = (m: Record<number, number> | undefined) => (m ? sqlMap(Object.entries(m).map(([k, v]) => [Number(k), v])) : null);

function boundsMap(m: Record<number, Buffer> | undefined, types: Map<number, IcebergType>) {
  if (!m) return null;
  const entries: Array<[Cell, Cell]> = [];
  for (const [k, buf] of Object.entries(m)) {
    const t = types.get(Number(k));
    if (typeof t !== 'string') continue;
    entries.push([Number(k), humanString(t, decodeBound(t, Buffer.from(buf)))]);
  }
  return sqlMap(entries);
}

async function filesTable(env: IcebergEnv, m: TableMetadata, snapshot: Snapshot | undefined) {
  const types = fieldTypes(m);
  const parts = partitionFields(m, types);
  const columns: Column[] = [
    { name: 'content', type: 'INTEGER' }, { name: 'file_path', type: 'VARCHAR' }, { name: 'file_format', type: 'VARCHAR' },
    { name: 'record_count', type: 'BIGINT' }, { name: 'file_size_in_bytes', type: 'BIGINT' },
    { name: 'column_sizes', type: COUNTS }, { name: 'value_counts', type: COUNTS }, { name: 'null_value_counts', type: COUNTS }, { name: 'nan_value_counts', type: COUNTS },
    { name: 'lower_bounds', type: BOUNDS }, { name: 'upper_bounds', type: BOUNDS },
    { name: 'key_metadata', type: 'BLOB' }, { name: 'split_offsets', type: 'BIGINT[]' }, { name: 'equality_ids', type: 'INTEGER[]' },
  ];
  if (parts.length) columns.push({ name: 'partition', type: partitionDuckType(parts) });
  const rows = (await liveFiles(env, snapshot)).map((f) => {
    const row: Cell[] = [
      f.content, f.filePath, f.fileFormat, f.recordCount, f.fileSizeInBytes,
      counts(f.columnSizes), counts(f.valueCounts), counts(f.nullValueCounts), counts(f.nanValueCounts),
      boundsMap(f.lowerBounds, types), boundsMap(f.upperBounds, types),
      null, f.splitOffsets ? sqlArray(f.splitOffsets) : null, f.equalityIds ? sqlArray(f.equalityIds) : null,
    ];
    if (parts.length) row.push(partitionCell(parts, f));
    return row;
  });
  return { columns, rows };
}

async function manifestsTable(env: IcebergEnv, m: TableMetadata, snapshot: Snapshot | undefined) {
  const types = fieldTypes(m);
  const summaryType = 'STRUCT(contains_null BOOLEAN, contains_nan BOOLEAN, lower_bound VARCHAR, upper_bound VARCHAR)[]';
  const columns: Column[] = [
    { name: 'path', type: 'VARCHAR' }, { name: 'length', type: 'BIGINT' }, { name: 'partition_spec_id', type: 'INTEGER' }, { name: 'added_snapshot_id', type: 'BIGINT' },
    { name: 'added_data_files_count', type: 'INTEGER' }, { name: 'added_rows_count', type: 'BIGINT' },
    { name: 'existing_data_files_count', type: 'INTEGER' }, { name: 'existing_rows_count', type: 'BIGINT' },
    { name: 'deleted_data_files_count', type: 'INTEGER' }, { name: 'deleted_rows_count', type: 'BIGINT' },
    { name: 'partitions', type: summaryType },
  ];
  const rows: Cell[][] = [];
  for (const mf of snapshot ? await readManifestList(env, snapshot) : []) {
    const spec = m['partition-specs'].find((s) => s['spec-id'] === mf.partitionSpecId);
    const summaries = (mf.partitions ?? []).map((p, i) => {
      const f = spec?.fields[i];
      const t = f ? parseTransform(f.transform) : undefined;
      const rt = f && t ? resultType(t, types.get(f['source-id']) ?? 'string') : 'string';
      const human = (b: Buffer | undefined) => {
        if (!b || !t || typeof rt !== 'string') return null;
        const v = decodeBound(rt, Buffer.from(b));
        return v === undefined ? null : transformHuman(t, rt, typeof v === 'bigint' ? Number(v) : v);
      };
      return sqlStruct([['contains_null', p.containsNull], ['contains_nan', p.containsNan ?? null], ['lower_bound', human(p.lowerBound)], ['upper_bound', human(p.upperBound)]]);
    });
    rows.push([
      mf.manifestPath, mf.manifestLength, mf.partitionSpecId, mf.addedSnapshotId,
      mf.addedFilesCount, mf.addedRowsCount, mf.existingFilesCount, mf.existingRowsCount, mf.deletedFilesCount, mf.deletedRowsCount,
      sqlArray(summaries),
    ]);
  }
  return { columns, rows };
}

/** Running min/max/null/nan statistics of one column across a partition's files ("$partitions" data). */
interface ColumnStats { min?: Decoded; max?: Decoded; nulls: number | null; nans: number | null }

async function partitionsTable(env: IcebergEnv, m: TableMetadata, snapshot: Snapshot | undefined) {
  const types = fieldTypes(m);
  const parts = partitionFields(m, types);
  const schema = m.schemas.find((s) => s['schema-id'] === m['current-schema-id']) as IcebergSchema;
  const identitySources = new Set(m['partition-specs'].flatMap((s) => s.fields.filter((f) => f.transform === 'identity').map((f) => f['source-id'])));
  // Trino: top-level primitive columns that are not an identity partition's source.
  const statCols = schema.fields.filter((f) => typeof f.type === 'string' && !identitySources.has(f.id));
  const dataType = `STRUCT(${statCols.map((f) => `${q(f.name)} STRUCT("min" ${icebergToDuck(f.type)}, "max" ${icebergToDuck(f.type)}, null_count BIGINT, nan_count BIGINT)`).join(', ')})`;
  const columns: Column[] = [
    ...(parts.length ? [{ name: 'partition', type: partitionDuckType(parts) }] : []),
    { name: 'record_count', type: 'BIGINT' }, { name: 'file_count', type: 'BIGINT' }, { name: 'total_size', type: 'BIGINT' },
    ...(statCols.length ? [{ name: 'data', type: dataType }] : []),
  ];
  const groups = new Map<string, { file: DataFile; records: number; files: number; size: number; stats: ColumnStats[] }>();
  for (const f of await liveFiles(env, snapshot)) {
    if (f.content !== 0) continue;
    const key = JSON.stringify(parts.map((p) => String(f.partition?.[p.field.name] ?? null)));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { file: f, records: 0, files: 0, size: 0, stats: statCols.map(() => ({ nulls: 0, nans: 0 })) }));
    g.records += f.recordCount;
    g.files += 1;
    g.size += f.fileSizeInBytes;
    statCols.forEach((c, i) => {
      const s = g!.stats[i]!;
      const t = c.type as string;
      const lo = f.lowerBounds?.[c.id] ? decodeBound(t, Buffer.from(f.lowerBounds[c.id]!)) : undefined;
      const hi = f.upperBounds?.[c.id] ? decodeBound(t, Buffer.from(f.upperBounds[c.id]!)) : undefined;
      if (lo !== undefined && !Buffer.isBuffer(lo) && (s.min === undefined || lo < s.min)) s.min = lo;
      if (hi !== undefined && !Buffer.isBuffer(hi) && (s.max === undefined || hi > s.max)) s.max = hi;
      const nc = f.nullValueCounts?.[c.id];
      s.nulls = s.nulls === null || nc === undefined ? null : s.nulls + Number(nc);
      const nn = f.nanValueCounts?.[c.id];
      s.nans = s.nans === null || nn === undefined ? null : s.nans + Number(nn);
    });
  }
  const rows = [...groups.values()].map((g) => [
    ...(parts.length ? [partitionCell(parts, g.file)] : []),
    g.records, g.files, g.size,
    ...(statCols.length ? [sqlStruct(statCols.map((c, i) => {
      const s = g.stats[i]!;
      return [c.name, sqlStruct([['min', boundSql(c.type as string, s.min)], ['max', boundSql(c.type as string, s.max)], ['null_count', s.nulls], ['nan_count', s.nans]])];
    }))] : []),
  ]);
  return { columns, rows };
}

/** The SELECT serving one metadata table of a loaded Iceberg table (its current snapshot). */
export async function metadataTableSelect(env: IcebergEnv, table: LoadedTable, kind: MetadataTable): Promise<string> {
  const m = table.metadata;
  const snap = currentSnapshot(m);
  const t =
    kind === 'snapshots' ? snapshotsTable(m)
    : kind === 'history' ? historyTable(m)
    : kind === 'refs' ? refsTable(m)
    : kind === 'files' ? await filesTable(env, m, snap)
    : kind === 'manifests' ? await manifestsTable(env, m, snap)
    : await partitionsTable(env, m, snap);
  return valuesSelect(t.columns, t.rows);
}
