// Writers: data files (Parquet with Iceberg field ids, one file per partition of the default spec, zstd as
// Athena writes), equality delete files (content 2, GLOBAL: the unpartitioned spec) and position delete files
// (content 1, one per partition of the data files they point into). Files are staged in env.stageDir by
// DuckDB's COPY and moved into the lake; nothing is committed here.
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { currentSchema, defaultSpec } from '../../iceberg/metadata.js';
import { singleValue } from '../../iceberg/avro.js';
import { duckFieldIds, icebergToDuck, quoteIdent } from '../../iceberg/schema.js';
import { applyTransform, parseTransform, partitionPath } from '../../iceberg/transforms.js';
import type { DataFile, IcebergField, IcebergSchema, IcebergType, PartitionSpec } from '../../iceberg/types.js';
import { putObjectFromFile, tableRoot, uuid, type IcebergEnv, type LoadedTable } from './env.js';
import { planScan } from './scan.js';

/** Reserved field ids of position delete files (spec). */
export const POS_FILE_PATH_ID = 2147483546;
export const POS_POS_ID = 2147483545;

const q = quoteIdent;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The column's value in its Avro/partition form (date -> days, timestamps -> micros). */
function avroForm(expr: string, t: IcebergType): string {
  if (t === 'date') return `CAST(date_diff('day', DATE '1970-01-01', ${expr}) AS INTEGER)`;
  if (t === 'timestamp' || t === 'timestamptz') return `epoch_us(${expr})`;
  if (t === 'uuid') return `CAST(${expr} AS VARCHAR)`;
  return expr;
}

/** A partition field's value as SQL over the source column (bucket is computed in JS, see below). */
function transformSql(transform: string, col: string, t: IcebergType): string | undefined {
  const tr = parseTransform(transform);
  const ts = t === 'timestamptz' ? `(${col} AT TIME ZONE 'UTC')` : col;
  switch (tr.kind) {
    case 'identity': return avroForm(col, t);
    case 'void': return 'CAST(NULL AS INTEGER)';
    case 'year': return `CAST(year(${ts}) - 1970 AS INTEGER)`;
    case 'month': return `CAST((year(${ts}) - 1970) * 12 + month(${ts}) - 1 AS INTEGER)`;
    case 'day': return `CAST(date_diff('day', DATE '1970-01-01', CAST(${ts} AS DATE)) AS INTEGER)`;
    case 'hour': return `CAST(floor(epoch_us(${col}) / 3600000000) AS INTEGER)`;
    case 'truncate':
      if (t === 'string') return `left(${col}, ${tr.w})`;
      if (t === 'int' || t === 'long') return `(${col} - (((${col} % ${tr.w}) + ${tr.w}) % ${tr.w}))`;
      throw new Error(`NOT_SUPPORTED: truncate partitioning on ${String(t)}`);
    case 'bucket': return undefined;
  }
}

const fieldByName = (schema: IcebergSchema, name: string): IcebergField => {
  const f = schema.fields.find((x) => x.name === name.toLowerCase());
  if (!f) throw new Error(`column ${name} is not in the table's schema`);
  return f;
};

const toNum = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

let tmpCounter = 0;
const tmpName = () => `__iceberg_w${process.pid}_${++tmpCounter}`;

/** COPY a SELECT to a staged Parquet file with field ids, then move it to `uri`; returns rows and bytes. */
async function copyToLake(env: IcebergEnv, conn: DuckDBConnection, select: string, fields: Array<{ name: string; id: number; type: IcebergType }>, uri: string, schema?: IcebergSchema): Promise<{ rows: number; bytes: number } | undefined> {
  await mkdir(env.stageDir, { recursive: true });
  const staged = path.join(env.stageDir, `iceberg-${uuid()}.parquet`);
  const ids = fields.map((f) => `${q(f.name)}: ${duckFieldIds(f)}`).join(', ');
  try {
    // iceberg.schema in the footer, as Java's writer leaves it: readers that map by name (icebird) use it.
    const kv = schema ? `, KV_METADATA {"iceberg.schema": ${lit(JSON.stringify(schema))}}` : '';
    const r = await conn.runAndReadAll(`COPY (${select}) TO ${lit(staged)} (FORMAT parquet, COMPRESSION zstd, FIELD_IDS {${ids}}${kv})`);
    const rows = Number(r.getRows()[0]?.[0] ?? 0);
    if (rows === 0) return undefined;
    const bytes = (await stat(staged)).size;
    await putObjectFromFile(env, uri, staged);
    return { rows, bytes };
  } finally {
    await rm(staged, { force: true });
  }
}

/** Per-column counts, sizes and lower/upper bounds from the Parquet footer (no data read), keyed by top-level
 * primitive field id. Bounds use the spec's single-value serialization; strings are truncated to 16
 * characters as Java's default metrics mode does (the upper bound then rounded up). */
async function columnStats(conn: DuckDBConnection, file: string, fields: Array<{ id: number; type: IcebergType }>): Promise<Partial<DataFile>> {
  const typeOf = new Map(fields.filter((f) => typeof f.type === 'string').map((f) => [f.id, f.type as string]));
  const r = await conn.runAndReadAll(
    `SELECT s.field_id, m.total_compressed_size, m.num_values, m.stats_null_count, m.stats_min_value, m.stats_max_value
     FROM parquet_metadata(${lit(file)}) m JOIN parquet_schema(${lit(file)}) s ON m.path_in_schema = s.name
     WHERE s.field_id IS NOT NULL`,
  );
  const columnSizes: Record<number, number> = {};
  const valueCounts: Record<number, number> = {};
  const nullValueCounts: Record<number, number> = {};
  const lo = new Map<number, unknown>();
  const hi = new Map<number, unknown>();
  const noBounds = new Set<number>();
  for (const [id, size, values, nulls, min, max] of r.getRows()) {
    const fid = Number(id);
    const t = typeOf.get(fid);
    if (!t) continue;
    columnSizes[fid] = (columnSizes[fid] ?? 0) + Number(size);
    valueCounts[fid] = (valueCounts[fid] ?? 0) + Number(values);
    if (nulls !== null) nullValueCounts[fid] = (nullValueCounts[fid] ?? 0) + Number(nulls);
    const a = min === null ? undefined : statValue(t, String(min));
    const b = max === null ? undefined : statValue(t, String(max));
    // A row group of only nulls has no stats; any other row group without them makes the bounds unknown.
    if ((a === undefined || b === undefined) && Number(nulls ?? -1) !== Number(values)) noBounds.add(fid);
    if (a !== undefined && (!lo.has(fid) || cmp(a, lo.get(fid)) < 0)) lo.set(fid, a);
    if (b !== undefined && (!hi.has(fid) || cmp(b, hi.get(fid)) > 0)) hi.set(fid, b);
  }
  const lowerBounds: Record<number, Buffer> = {};
  const upperBounds: Record<number, Buffer> = {};
  for (const [fid, t] of typeOf) {
    if (noBounds.has(fid) || !lo.has(fid) || !hi.has(fid)) continue;
    let l = lo.get(fid);
    let u = hi.get(fid);
    if (t === 'string') {
      l = [...(l as string)].slice(0, 16).join('');
      const up = truncateUpper(u as string, 16);
      if (up === undefined) continue;
      u = up;
    }
    const lb = singleValue(t, l);
    const ub = singleValue(t, u);
    if (lb && ub) {
      lowerBounds[fid] = lb;
      upperBounds[fid] = ub;
    }
  }
  return { columnSizes, valueCounts, nullValueCounts, lowerBounds, upperBounds };
}

const cmp = (a: unknown, b: unknown) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);

/** A Parquet footer statistic (DuckDB's text form) as the Avro-form value of an Iceberg type. */
function statValue(t: string, s: string): unknown {
  switch (t) {
    case 'int': case 'long': { const n = Number(s); return Number.isSafeInteger(n) ? n : undefined; }
    case 'float': case 'double': { const n = Number(s); return Number.isNaN(n) ? undefined : n; }
    case 'boolean': return s === 'true' || s === '1';
    case 'string': return s;
    case 'date': { const ms = Date.parse(`${s}T00:00:00Z`); return Number.isNaN(ms) ? undefined : Math.round(ms / 86_400_000); }
    case 'timestamp': case 'timestamptz': {
      const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?:([+-]\d{2})(?::?(\d{2}))?)?$/.exec(s);
      if (!m) return undefined;
      const ms = Date.parse(`${m[1]}T${m[2]}Z`);
      if (Number.isNaN(ms)) return undefined;
      const off = m[4] ? (Number(m[4]) * 60 + Math.sign(Number(m[4]) || 1) * Number(m[5] ?? 0)) * 60_000_000 : 0;
      return ms * 1000 + Number((m[3] ?? '').padEnd(6, '0')) - off;
    }
    default: return undefined;
  }
}

/** The smallest string of at most `n` code points that is >= s (Iceberg's truncated upper bound). */
function truncateUpper(s: string, n: number): string | undefined {
  const cps = [...s];
  if (cps.length <= n) return s;
  const out = cps.slice(0, n);
  for (let i = out.length - 1; i >= 0; i--) {
    const c = out[i]!.codePointAt(0)!;
    if (c < 0x10ffff) {
      return out.slice(0, i).join('') + String.fromCodePoint(c + 1 === 0xd800 ? 0xe000 : c + 1);
    }
  }
  return undefined;
}

export async function writeDataFiles(env: IcebergEnv, conn: DuckDBConnection, table: LoadedTable, select: string): Promise<DataFile[]> {
  const meta = table.metadata;
  const schema = currentSchema(meta);
  const spec = defaultSpec(meta);
  const cols = schema.fields.map((f) => `CAST(__src.${q(f.name)} AS ${icebergToDuck(f.type)}) AS ${q(f.name)}`).join(', ');
  const root = tableRoot(meta.location);
  const written: DataFile[] = [];
  const finish = async (uri: string, res: { rows: number; bytes: number }, partition: Record<string, unknown>) => {
    const file: DataFile = {
      content: 0, filePath: uri, fileFormat: 'PARQUET', specId: spec['spec-id'], partition,
      recordCount: res.rows, fileSizeInBytes: res.bytes, sortOrderId: 0,
      ...(await columnStats(conn, fsPathOf(env, uri), schema.fields)),
    };
    written.push(file);
  };
  if (spec.fields.length === 0) {
    const uri = `${root}/data/${uuid()}.parquet`;
    const res = await copyToLake(env, conn, `SELECT ${cols} FROM (${select}) __src`, schema.fields, uri, schema);
    if (res) await finish(uri, res, {});
    return written;
  }
  // Partitioned: materialize once with the partition values, then one COPY per partition.
  const tmp = tmpName();
  const pcols = spec.fields.map((pf, i) => {
    const src = schema.fields.find((f) => f.id === pf['source-id']);
    if (!src) throw new Error(`partition source ${pf['source-id']} is not in the current schema`);
    const sql = transformSql(pf.transform, `__src.${q(src.name)}`, src.type);
    return `${sql ?? 'CAST(NULL AS INTEGER)'} AS __p${i}`;
  });
  await conn.run(`CREATE TEMP TABLE ${tmp} AS SELECT __src.*, ${pcols.join(', ')} FROM (SELECT ${cols} FROM (${select}) __src) __src`);
  try {
    await fillBuckets(conn, tmp, spec, schema);
    const pnames = spec.fields.map((_, i) => `__p${i}`);
    const parts = (await conn.runAndReadAll(`SELECT DISTINCT ${pnames.join(', ')} FROM ${tmp}`)).getRowsJS();
    for (const row of parts) {
      const partition: Record<string, unknown> = {};
      spec.fields.forEach((pf, i) => { partition[pf.name] = toNum(row[i]) ?? null; });
      const where = row.map((v, i) => (v === null ? `__p${i} IS NULL` : `__p${i} = ${typeof v === 'string' ? lit(v) : String(v)}`)).join(' AND ');
      const uri = `${root}/data/${partitionPath(spec, schema, partition)}/${uuid()}.parquet`;
      const res = await copyToLake(env, conn, `SELECT ${schema.fields.map((f) => q(f.name)).join(', ')} FROM ${tmp} WHERE ${where}`, schema.fields, uri, schema);
      if (res) await finish(uri, res, partition);
    }
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${tmp}`);
  }
  return written;
}

/** bucket[N] partition values: Murmur3 in JS over the distinct source values, joined back. */
async function fillBuckets(conn: DuckDBConnection, tmp: string, spec: PartitionSpec, schema: IcebergSchema): Promise<void> {
  for (const [i, pf] of spec.fields.entries()) {
    const tr = parseTransform(pf.transform);
    if (tr.kind !== 'bucket') continue;
    const src = schema.fields.find((f) => f.id === pf['source-id'])!;
    const form = avroForm(q(src.name), src.type);
    const values = (await conn.runAndReadAll(`SELECT DISTINCT ${form} FROM ${tmp} WHERE ${q(src.name)} IS NOT NULL`)).getRowsJS();
    const map = `${tmp}_b${i}`;
    const keyType = typeof src.type === 'string' && ['string', 'uuid'].includes(src.type) ? 'VARCHAR' : 'BIGINT';
    await conn.run(`CREATE TEMP TABLE ${map} (v ${keyType}, b INTEGER)`);
    const app = await conn.createAppender(map);
    for (const [v] of values) {
      if (keyType === 'VARCHAR') app.appendVarchar(String(v));
      else app.appendBigInt(BigInt(v as number | bigint));
      app.appendInteger(applyTransform(tr, src.type, typeof v === 'bigint' ? Number(v) : v) as number);
      app.endRow();
    }
    app.closeSync();
    await conn.run(`UPDATE ${tmp} SET __p${i} = ${map}.b FROM ${map} WHERE ${map}.v = ${form.replaceAll(q(src.name), `${tmp}.${q(src.name)}`)}`);
    await conn.run(`DROP TABLE ${map}`);
  }
}

function fsPathOf(env: IcebergEnv, uri: string): string {
  const m = /^s3a?:\/\/([^/]+)\/(.*)$/.exec(uri)!;
  return env.lake.objectPath(m[1]!, m[2]!);
}

/** The spec id a global (unpartitioned) file is written for: the table's unpartitioned spec, or the next id
 * (commit adds `{spec-id: N, fields: []}` to the metadata when it is new). */
function unpartitionedSpecId(table: LoadedTable): number {
  const specs = table.metadata['partition-specs'];
  const found = specs.find((s) => s.fields.length === 0);
  return found ? found['spec-id'] : Math.max(...specs.map((s) => s['spec-id'])) + 1;
}

export async function writeEqualityDeletes(env: IcebergEnv, conn: DuckDBConnection, table: LoadedTable, select: string, keyColumns: string[]): Promise<DataFile[]> {
  if (!keyColumns.length) throw new Error('equality deletes need at least one key column');
  const schema = currentSchema(table.metadata);
  const keys = keyColumns.map((k) => fieldByName(schema, k));
  const cols = keys.map((f) => `CAST(__src.${q(f.name)} AS ${icebergToDuck(f.type)}) AS ${q(f.name)}`).join(', ');
  const uri = `${tableRoot(table.metadata.location)}/data/${uuid()}-eq-deletes.parquet`;
  const res = await copyToLake(env, conn, `SELECT DISTINCT ${cols} FROM (${select}) __src`, keys, uri);
  if (!res) return [];
  return [{
    content: 2, filePath: uri, fileFormat: 'PARQUET', specId: unpartitionedSpecId(table), partition: {},
    recordCount: res.rows, fileSizeInBytes: res.bytes, equalityIds: keys.map((f) => f.id),
    ...(await columnStats(conn, fsPathOf(env, uri), keys)),
  }];
}

export async function writePositionDeletes(env: IcebergEnv, conn: DuckDBConnection, table: LoadedTable, select: string): Promise<DataFile[]> {
  // Which partition each target data file is in: a position delete file is scoped to one partition.
  const plan = await planScan(env, table);
  const byUri = new Map(plan.data.map((f) => [f.uri, f]));
  const tmp = tmpName();
  await conn.run(`CREATE TEMP TABLE ${tmp} AS SELECT DISTINCT CAST(file_path AS VARCHAR) AS file_path, CAST(pos AS BIGINT) AS pos FROM (${select})`);
  try {
    const targets = (await conn.runAndReadAll(`SELECT DISTINCT file_path FROM ${tmp}`)).getRowsJS().map((r) => String(r[0]));
    const groups = new Map<string, { specId: number; partition: Record<string, unknown>; files: string[] }>();
    for (const t of targets) {
      const f = byUri.get(t);
      if (!f) throw new Error(`position delete for a file that is not live in the table: ${t}`);
      const k = `${f.specId}:${JSON.stringify(f.partition)}`;
      const g = groups.get(k) ?? { specId: f.specId, partition: f.partition, files: [] };
      g.files.push(t);
      groups.set(k, g);
    }
    const out: DataFile[] = [];
    const fields = [
      { name: 'file_path', id: POS_FILE_PATH_ID, type: 'string' as IcebergType },
      { name: 'pos', id: POS_POS_ID, type: 'long' as IcebergType },
    ];
    const schemaNow = currentSchema(table.metadata);
    for (const g of groups.values()) {
      const spec = table.metadata['partition-specs'].find((s) => s['spec-id'] === g.specId)!;
      const dir = spec.fields.length ? `${partitionPath(spec, schemaNow, g.partition)}/` : '';
      const uri = `${tableRoot(table.metadata.location)}/data/${dir}${uuid()}-deletes.parquet`;
      const inList = g.files.map(lit).join(', ');
      const res = await copyToLake(env, conn, `SELECT file_path, pos FROM ${tmp} WHERE file_path IN (${inList}) ORDER BY file_path, pos`, fields, uri);
      if (!res) continue;
      const sorted = [...g.files].sort();
      const bound = (s: string) => Buffer.from(s, 'utf8');
      out.push({
        content: 1, filePath: uri, fileFormat: 'PARQUET', specId: g.specId, partition: g.partition,
        recordCount: res.rows, fileSizeInBytes: res.bytes,
        ...(await columnStats(conn, fsPathOf(env, uri), fields)),
        // Full (untruncated) file_path bounds let readers skip this delete file for other data files.
        lowerBounds: { [POS_FILE_PATH_ID]: bound(sorted[0]!) },
        upperBounds: { [POS_FILE_PATH_ID]: bound(sorted[sorted.length - 1]!) },
      });
    }
    return out;
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${tmp}`);
  }
}
