// CREATE TABLE … AS (CTAS) and INSERT INTO, writing Snappy Parquet into the lake through the S3 internal
// interface, as Athena does: CTAS creates the Glue table (default location `<output location>tables/<query id>/`,
// which must be empty), INSERT INTO appends objects under the table's location (hive folders for its partition
// keys). Parquet only; bucketing, Iceberg and other formats fail with NOT_SUPPORTED.
import fs from 'node:fs';
import path from 'node:path';
import type { GlueInternal } from '../../../types.js';
import type { DuckEngine } from '../../../engine/duckdb/engine.js';
import { QueryFailure } from '../../../engine/duckdb/query-failure.js';
import type { Lake } from '../../../engine/duckdb/lake.js';
import { parseS3Uri } from '../../../engine/duckdb/layout.js';
import { hiveType } from '../../../engine/duckdb/presto-view.js';
import { glueToDuck } from '../../../engine/duckdb/types.js';

export interface WriteContext {
  id: string;
  database: string;
  glue: GlueInternal;
  lake: Lake;
  engine: Partial<Pick<DuckEngine, 'writeQuery' | 'describeQuery' | 'withQuery'>>;
  /** The emulator's clock (Iceberg snapshot timestamps). */
  now?: () => number;
  /** The query's result location (`s3://bucket/prefix/<id>.txt`). */
  outputLocation: string;
  /** Scratch folder inside the engine's work folder. */
  scratch: string;
}

const fail = (reason: string, type = 1100) => new QueryFailure({ reason, category: 2, type });
const NAME = `((?:"(?:[^"]|"")+"|[\\w$]+)(?:\\s*\\.\\s*(?:"(?:[^"]|"")+"|[\\w$]+))?)`;
const nameParts = (text: string) => text.split('.').map((p) => p.trim().replace(/^"|"$/g, '').replace(/""/g, '"').toLowerCase());

/** `format = 'PARQUET', partitioned_by = ARRAY['dt']` → { format: 'PARQUET', partitioned_by: ['dt'] }. */
export function tableProperties(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const re = /\s*(\w+)\s*=\s*(?:'((?:[^']|'')*)'|ARRAY\s*\[([^\]]*)\]|(\w+))\s*(?:,|$)/giy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    const key = m[1]!.toLowerCase();
    if (m[3] !== undefined) out[key] = [...m[3].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1]!.replace(/''/g, "'").toLowerCase());
    else out[key] = (m[2] ?? m[4])!.replace(/''/g, "'");
  }
  if (re.lastIndex < text.length) throw fail(`SYNTAX_ERROR: line 1:1: cannot read the table properties near '${text.slice(re.lastIndex, re.lastIndex + 20)}'`, 1004);
  return out;
}

/** Writes the query's rows under `location` and returns the rows written and bytes scanned. */
async function writeRows(ctx: WriteContext, sql: string, location: string, opts: { partitionedBy: string[]; columns?: string[]; types?: string[] }) {
  const loc = parseS3Uri(location);
  if (!loc || !ctx.lake.bucketExists(loc.bucket)) throw fail(`HIVE_PATH_ALREADY_EXISTS: the location ${location} is not in an existing bucket`);
  const prefix = loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/`;
  const dir = path.join(ctx.scratch, `write-${ctx.id}`);
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    const r = await ctx.engine.writeQuery!(sql, ctx.database, { dir, ...opts });
    for (const rel of r.files) {
      // Unique object names per query, so a later INSERT INTO never replaces this one's objects.
      const key = `${prefix}${path.posix.join(path.dirname(rel).split(path.sep).join('/'), `${ctx.id}_${path.basename(rel)}`)}`.replace(/\/\.\//, '/');
      await ctx.lake.putObjectFromFile(loc.bucket, key, path.join(dir, rel));
    }
    return r;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** CREATE TABLE [IF NOT EXISTS] name [WITH (props)] AS query [WITH [NO] DATA]: 1 IF NOT EXISTS, 2 name, 3 props,
 * 4 query, 6 NO. */
export const matchCtas = (sql: string) =>
  new RegExp(`^create\\s+table\\s+(if\\s+not\\s+exists\\s+)?${NAME}\\s*(?:with\\s*\\(([\\s\\S]*?)\\)\\s*)?as\\s+([\\s\\S]+?)(\\s+with\\s+(no\\s+)?data)?\\s*;?\\s*$`, 'i').exec(sql.trim());

export async function runCtas(sql: string, ctx: WriteContext): Promise<{ bytesScanned: number; rows?: number } | undefined> {
  const m = matchCtas(sql);
  if (!m) return undefined;
  const parts = nameParts(m[2]!);
  const db = parts.length > 1 ? parts[0]! : ctx.database;
  const name = parts[parts.length - 1]!;
  const props = tableProperties(m[3] ?? '');
  const query = m[4]!;
  const noData = !!m[6];
  const format = String(props.format ?? 'PARQUET').toUpperCase();
  if (format !== 'PARQUET') throw fail(`NOT_SUPPORTED: the local Athena writes Parquet tables only (format '${format}')`);
  for (const p of ['bucketed_by', 'bucket_count', 'table_type', 'vacuum_min_snapshots_to_keep', 'is_external']) {
    if (props[p] !== undefined && !(p === 'table_type' && String(props[p]).toUpperCase() === 'HIVE')) throw fail(`NOT_SUPPORTED: table property ${p} is not supported by the local Athena`);
  }
  if (!ctx.glue.databaseExists(db)) throw fail(`SCHEMA_NOT_FOUND: line 1:1: Schema '${db}' does not exist`, 1301);
  if (ctx.glue.getTable(db, name)) {
    if (m[1]) return { bytesScanned: 0 };
    throw fail(`TABLE_ALREADY_EXISTS: line 1:1: Table 'awsdatacatalog.${db}.${name}' already exists`);
  }
  const out = parseS3Uri(ctx.outputLocation)!;
  const outPrefix = out.key.slice(0, out.key.lastIndexOf('/') + 1);
  const location = typeof props.external_location === 'string' ? props.external_location : `s3://${out.bucket}/${outPrefix}tables/${ctx.id}/`;
  const loc = parseS3Uri(location);
  if (!loc) throw fail(`INVALID_TABLE_PROPERTY: external_location ${location} is not an S3 location`);
  if (ctx.lake.bucketExists(loc.bucket) && ctx.lake.list(loc.bucket, loc.key.endsWith('/') || loc.key === '' ? loc.key : `${loc.key}/`).length) {
    throw fail(`HIVE_PATH_ALREADY_EXISTS: Target directory for table '${db}.${name}' already exists: ${location}`);
  }
  const partitionedBy = Array.isArray(props.partitioned_by) ? props.partitioned_by : [];
  let columns: Array<{ name: string; type: string }>;
  let bytesScanned = 0;
  let rows = 0;
  if (noData) {
    if (!ctx.engine.describeQuery) throw fail('NOT_SUPPORTED: CTAS is not available');
    columns = await ctx.engine.describeQuery(query, ctx.database);
  } else {
    if (!ctx.engine.writeQuery) throw fail('NOT_SUPPORTED: CTAS is not available');
    const r = await writeRows(ctx, query, location, { partitionedBy });
    columns = r.columns;
    bytesScanned = r.bytesScanned;
    rows = r.rows;
  }
  const tail = columns.slice(columns.length - partitionedBy.length).map((c) => c.name);
  if (partitionedBy.some((p, i) => tail[i] !== p)) {
    throw fail('HIVE_COLUMN_ORDER_MISMATCH: Partition keys must be the last columns in the table and in the same order as the table properties');
  }
  const toGlue = (c: { name: string; type: string }) => ({ Name: c.name, Type: hiveType(c.type) });
  await ctx.glue.call!('CreateTable', {
    DatabaseName: db,
    TableInput: {
      Name: name,
      TableType: 'EXTERNAL_TABLE',
      Parameters: { EXTERNAL: 'TRUE', has_encrypted_data: 'false', 'parquet.compression': 'SNAPPY' },
      StorageDescriptor: {
        Columns: columns.slice(0, columns.length - partitionedBy.length).map(toGlue),
        Location: location,
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
      },
      PartitionKeys: columns.slice(columns.length - partitionedBy.length).map(toGlue),
    },
  });
  return { bytesScanned, rows };
}

export async function runInsert(sql: string, ctx: WriteContext): Promise<{ bytesScanned: number; rows?: number } | undefined> {
  const m = new RegExp(`^insert\\s+into\\s+${NAME}\\s+([\\s\\S]+?)\\s*;?\\s*$`, 'i').exec(sql.trim());
  if (!m) return undefined;
  const parts = nameParts(m[1]!);
  const db = parts.length > 1 ? parts[0]! : ctx.database;
  const name = parts[parts.length - 1]!;
  const query = m[2]!;
  if (/^\(\s*(?:"(?:[^"]|"")+"|[\w$]+)\s*[,)]/.test(query) && !/^\(\s*(select|with|values)\b/i.test(query)) {
    throw fail('NOT_SUPPORTED: INSERT INTO with a column list is not supported by the local Athena; select every column in table order');
  }
  const table = ctx.glue.getTable(db, name);
  if (!table) throw fail(`TABLE_NOT_FOUND: line 1:13: Table 'awsdatacatalog.${db}.${name}' does not exist`, 1301);
  if (table.TableType === 'VIRTUAL_VIEW') throw fail(`NOT_SUPPORTED: Inserting into views is not supported`);
  const sd = table.StorageDescriptor ?? {};
  if (!/parquet/i.test(String(sd.SerdeInfo?.SerializationLibrary ?? '')) && !/parquet/i.test(String(sd.InputFormat ?? ''))) {
    throw fail('NOT_SUPPORTED: the local Athena writes Parquet tables only');
  }
  const cols: any[] = [...(sd.Columns ?? []), ...(table.PartitionKeys ?? [])];
  if (!ctx.engine.writeQuery) throw fail('NOT_SUPPORTED: INSERT INTO is not available');
  const r = await writeRows(ctx, query, String(sd.Location), {
    partitionedBy: (table.PartitionKeys ?? []).map((k: any) => String(k.Name).toLowerCase()),
    columns: cols.map((c) => String(c.Name).toLowerCase()),
    types: cols.map((c) => glueToDuck(String(c.Type ?? 'string'))),
  });
  return { bytesScanned: r.bytesScanned, rows: r.rows };
}
