// Athena's CREATE TABLE for Iceberg: `CREATE TABLE [IF NOT EXISTS] t (cols) [COMMENT …] [PARTITIONED BY (col |
// transform(…), …)] LOCATION 's3://…' TBLPROPERTIES ('table_type'='ICEBERG', …)` and CTAS `WITH (table_type =
// 'ICEBERG', location = …, partitioning = ARRAY[…])`. Core's createTableMetadata writes the first metadata.json
// (no snapshot); the table then lands in Glue through Glue's own CreateTable, as Athena does. CREATE EXTERNAL
// TABLE with table_type ICEBERG is refused with Athena's own message.
import { hiveType } from '../../../engine/duckdb/presto-view.js';
import { parseS3Uri } from '../../../engine/duckdb/layout.js';
import { createTableMetadata, type PartitionFieldInput } from '../../../iceberg/index.js';
import { matchCtas, tableProperties, type WriteContext } from './ctas.js';
import { columns as columnList, Cursor, DdlError, properties, qualifiedName, tokenize } from './hive-table.js';
import { cleanup, ddlCursor, fail, icebergEnv, tableName } from './iceberg-context.js';
import { appendQuery, type DmlOutcome } from './iceberg-dml.js';

export const EXTERNAL_ICEBERG = 'External keyword not supported for table type ICEBERG';

/** Athena's table properties → the Iceberg properties it stores them as (others are kept under their own name). */
const PROPERTY_NAMES: Record<string, string> = {
  format: 'write.format.default',
  write_compression: 'write.parquet.compression-codec',
  write_target_data_file_size_bytes: 'write.target-file-size-bytes',
};

export function icebergProperties(props: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) {
    const key = k.toLowerCase();
    if (key === 'table_type' || key === 'location' || key === 'is_external' || key === 'partitioning') continue;
    if (key === 'format' && v.toLowerCase() !== 'parquet') {
      throw fail(`NOT_SUPPORTED: the local Athena writes Iceberg tables as Parquet only (format '${v}')`);
    }
    out[PROPERTY_NAMES[key] ?? key] = key === 'format' || key === 'write_compression' ? v.toLowerCase() : v;
  }
  return out;
}

const isIcebergProps = (props: Record<string, unknown>) =>
  Object.entries(props).some(([k, v]) => k.toLowerCase() === 'table_type' && String(v).toUpperCase() === 'ICEBERG');

/** `day(ts)`, `bucket(16, id)`, `truncate(10, s)`, `col` → a partition field. CTAS (Trino) writes
 * `bucket(id, 16)`: the numeric argument is the width whichever side it is on. */
export function partitionField(text: string): PartitionFieldInput {
  const t = text.trim().replace(/["`]/g, '').toLowerCase();
  const call = /^(\w+)\s*\(\s*([\w$]+)\s*(?:,\s*([\w$]+)\s*)?\)$/.exec(t);
  if (!call) {
    if (!/^[\w$]+$/.test(t)) throw fail(`INVALID_TABLE_PROPERTY: Unable to parse partitioning value: ${text}`);
    return { source: t, transform: 'identity' };
  }
  const [, fn, a, b] = call;
  if (['year', 'month', 'day', 'hour'].includes(fn!) && !b) return { source: a!, transform: fn! };
  if ((fn === 'bucket' || fn === 'truncate') && b) {
    const [n, col] = /^\d+$/.test(a!) ? [a!, b] : [b, a!];
    if (!/^\d+$/.test(n)) throw fail(`INVALID_TABLE_PROPERTY: Unable to parse partitioning value: ${text}`);
    return { source: col, transform: `${fn}[${n}]` };
  }
  throw fail(`INVALID_TABLE_PROPERTY: Unable to parse partitioning value: ${text}`);
}

/** PARTITIONED BY ( … ) of CREATE TABLE: items split at top-level commas. */
function partitionList(c: Cursor): PartitionFieldInput[] {
  c.expect('(');
  const items: string[] = [];
  let depth = 0;
  let cur = '';
  while (c.peek()) {
    const tok = c.t[c.i++]!;
    if (tok.text === '(') depth++;
    if (tok.text === ')') {
      if (depth === 0) break;
      depth--;
    }
    if (tok.text === ',' && depth === 0) {
      items.push(cur);
      cur = '';
      continue;
    }
    cur += tok.text === ',' ? ', ' : tok.text;
  }
  items.push(cur);
  return items.map(partitionField);
}

/** Is this CREATE [EXTERNAL] TABLE an Iceberg one (TBLPROPERTIES or CTAS WITH table_type = ICEBERG)? */
export function isIcebergCreate(sql: string): boolean {
  if (!/^\s*create\s+(external\s+)?table\b/i.test(sql)) return false;
  const ctas = matchCtas(sql);
  if (ctas) {
    try {
      return isIcebergProps(tableProperties(ctas[3] ?? ''));
    } catch {
      return false;
    }
  }
  return /'table_type'\s*=\s*'iceberg'/i.test(sql);
}

export async function runIcebergCreate(sql: string, ctx: WriteContext): Promise<DmlOutcome> {
  if (matchCtas(sql)) return runIcebergCtas(sql, ctx);
  const { c, parse } = ddlCursor(sql);
  c.expect('create');
  if (c.accept('external')) throw fail(EXTERNAL_ICEBERG);
  parse(() => c.expect('table'));
  const ifNotExists = c.accept('if', 'not', 'exists');
  const { database, name } = parse(() => qualifiedName(c));
  const db = database ?? ctx.database;
  const cols = parse(() => columnList(c));
  let partitioning: PartitionFieldInput[] = [];
  let location: string | undefined;
  let props: Record<string, string> = {};
  let comment: string | undefined;
  while (c.peek()) {
    if (c.accept('comment')) comment = parse(() => c.next('string'));
    else if (c.accept('partitioned', 'by')) partitioning = partitionList(c);
    else if (c.accept('location')) location = parse(() => c.next('string'));
    else if (c.accept('tblproperties')) props = parse(() => properties(c));
    else if (c.peek('stored') || c.peek('row') || c.peek('clustered')) {
      throw fail(`NOT_SUPPORTED: ${c.t[c.i]!.text.toUpperCase()} is not supported for Iceberg tables (Athena writes them as Parquet)`);
    } else parse(() => c.expect('location'));
  }
  if (!location) throw fail("FAILED: ParseException line 1:1: mismatched input '<EOF>'. Expecting: 'LOCATION'", 1004);
  for (const p of partitioning) {
    if (!cols.some((col) => col.Name === p.source)) throw fail(`FAILED: Partition column ${p.source} is not a column of the table`);
  }
  if (!ctx.glue.databaseExists(db)) throw fail(`FAILED: SemanticException [Error 10072]: Database does not exist: ${db}`, 1301);
  if (ctx.glue.getTable(db, name)) {
    if (ifNotExists) return { bytesScanned: 0, updateCount: 0 };
    throw fail('AlreadyExistsException: Table already exists.');
  }
  const properties_ = icebergProperties(props);
  if (comment !== undefined) properties_.comment = comment;
  await createIceberg(ctx, db, name, location, cols.map((x) => ({ name: x.Name, type: x.Type, comment: x.Comment })), partitioning, properties_);
  return { bytesScanned: 0, updateCount: 0 };
}

async function createIceberg(
  ctx: WriteContext,
  db: string,
  name: string,
  location: string,
  columns: Array<{ name: string; type: string; comment?: string }>,
  partitioning: PartitionFieldInput[],
  properties: Record<string, string>,
): Promise<void> {
  const loc = parseS3Uri(location);
  if (!loc || !/^s3:\/\/[^/]+/.test(location)) throw fail(`FAILED: location ${location} is not a valid S3 path`);
  const env = icebergEnv(ctx);
  try {
    const { tableInput } = await createTableMetadata(env, { name, location: location.replace(/\/+$/, ''), columns, partitioning, properties });
    try {
      await ctx.glue.call!('CreateTable', { DatabaseName: db, TableInput: tableInput });
    } catch (e: any) {
      if ((e?.code ?? e?.name) === 'AlreadyExistsException') throw fail('AlreadyExistsException: Table already exists.');
      throw fail(`FAILED: ${e?.message ?? e}`);
    }
  } catch (e: any) {
    if (e?.constructor?.name === 'UnsupportedTypeError') throw fail(`NOT_SUPPORTED: ${e.message}`);
    throw e;
  } finally {
    cleanup(env);
  }
}

/** CTAS WITH (table_type = 'ICEBERG', location / external_location, partitioning = ARRAY[…], format,
 * write_compression, is_external = false): the table, then the query's rows as its first snapshot. */
async function runIcebergCtas(sql: string, ctx: WriteContext): Promise<DmlOutcome> {
  const m = matchCtas(sql)!;
  const [db, name] = tableName(m[2]!, ctx.database);
  const props = tableProperties(m[3] ?? '');
  const query = m[4]!;
  if (String(props.is_external ?? 'false').toLowerCase() === 'true') throw fail('INVALID_TABLE_PROPERTY: Iceberg tables must be created with is_external = false');
  if (!ctx.glue.databaseExists(db)) throw fail(`SCHEMA_NOT_FOUND: line 1:1: Schema '${db}' does not exist`, 1301);
  if (ctx.glue.getTable(db, name)) {
    if (m[1]) return { bytesScanned: 0, updateCount: 0 };
    throw fail(`TABLE_ALREADY_EXISTS: line 1:1: Table 'awsdatacatalog.${db}.${name}' already exists`);
  }
  const out = parseS3Uri(ctx.outputLocation)!;
  const outPrefix = out.key.slice(0, out.key.lastIndexOf('/') + 1);
  const explicit = props.location ?? props.external_location;
  const location = typeof explicit === 'string' ? explicit : `s3://${out.bucket}/${outPrefix}tables/${ctx.id}`;
  const loc = parseS3Uri(location);
  if (!loc) throw fail(`INVALID_TABLE_PROPERTY: location ${location} is not an S3 location`);
  const prefix = loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/`;
  if (ctx.lake.bucketExists(loc.bucket) && ctx.lake.list(loc.bucket, prefix).length) {
    throw fail(`HIVE_PATH_ALREADY_EXISTS: Target directory for table '${db}.${name}' already exists: ${location}`);
  }
  if (!ctx.engine.describeQuery) throw fail('NOT_SUPPORTED: CTAS is not available');
  const described = await ctx.engine.describeQuery(query, ctx.database);
  const partitioning = (Array.isArray(props.partitioning) ? props.partitioning : []).map(partitionField);
  for (const p of partitioning) {
    if (!described.some((col) => col.name === p.source)) throw fail(`INVALID_TABLE_PROPERTY: Partitioning column ${p.source} is not in the query's columns`);
  }
  const stringProps: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (typeof v === 'string') stringProps[k] = v;
  await createIceberg(ctx, db, name, location, described.map((col) => ({ name: col.name, type: hiveType(col.type) })), partitioning, icebergProperties(stringProps));
  if (/with\s+no\s+data\s*;?\s*$/i.test(sql) && m[6]) return { bytesScanned: 0, updateCount: 0 };
  const env = icebergEnv(ctx);
  try {
    return await appendQuery(ctx, env, db, name, query);
  } finally {
    cleanup(env);
  }
}
