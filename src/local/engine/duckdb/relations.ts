// A Glue table as a DuckDB view over the Parquet objects under its S3 location, read from disk paths.
// Columns come from the Glue schema (names lower-cased as Athena does); partition columns from hive `k=v`
// path segments (hive_partitioning, typed by PartitionKeys) or from the projection template via a regexp over
// `filename`. Both let DuckDB prune files on partition filters. No files yet → an empty relation, same columns.
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Lake } from './lake.js';
import { injectedKeys, isDataObject, partitionValues, tableLayout, templateRegex, type TableLayout } from './layout.js';
import { glueToDuck } from './types.js';

export const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const HIDDEN_TYPE = 'STRUCT(path VARCHAR, size BIGINT, modified TIMESTAMPTZ)';

/** One object's entry in the "$file" lookup (keyed by `key`, what the view looks it up by): Trino's "$path",
 * "$file_size" and "$file_modified_time". */
export function hiddenEntry(key: string, filePath: string, uri: string, size: number): string {
  let mtime = 0;
  try {
    mtime = Math.floor(fs.statSync(filePath).mtimeMs);
  } catch {
    // Gone since it was listed: the query reading it fails on its own.
  }
  return `${lit(key)}: {'path': ${lit(uri)}, 'size': ${size}, 'modified': make_timestamptz(${mtime * 1000}::BIGINT)}`;
}

export interface TableFile {
  path: string;
  /** Object key in the table's bucket. */
  key: string;
  size: number;
  /** Partition values in PartitionKeys order. */
  values: string[];
}

export interface Relation {
  database: string;
  name: string;
  layout?: TableLayout;
  files: TableFile[];
  /** SELECT statement defining the view. */
  select: string;
}

/** The table's data files (data objects that sit in a partition when the table is partitioned). */
export function tableFiles(lake: Lake, layout: TableLayout | undefined): TableFile[] {
  if (!layout) return [];
  const files: TableFile[] = [];
  for (const o of lake.list(layout.bucket, layout.prefix)) {
    if (!isDataObject(o.key, o.size)) continue;
    const values = partitionValues(layout, o.key);
    if (values) files.push({ path: o.path, key: o.key, size: o.size, values });
  }
  return files;
}

/** Do all objects sit under the same `k=` folder names (what DuckDB's hive reader requires)? */
function sameHiveFolders(files: TableFile[]): boolean {
  const folders = (p: string) => p.split('/').slice(0, -1).filter((seg) => seg.includes('=')).map((seg) => seg.slice(0, seg.indexOf('='))).join('/');
  const first = folders(files[0]!.path);
  return files.every((f) => folders(f.path) === first);
}

/** Column names and DuckDB types of a Parquet source expression. */
async function describe(conn: DuckDBConnection, source: string): Promise<Map<string, string>> {
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  return new Map(reader.getRows().map((r) => [String(r[0]).toLowerCase(), String(r[1])]));
}

// Objects are written once (a rewrite changes the size, almost always): their schemas are cached by path+size.
const schemaCache = new Map<string, Map<string, string>>();
const SCHEMA_CACHE_MAX = 10_000;

async function describeFile(conn: DuckDBConnection, file: TableFile): Promise<Map<string, string>> {
  const key = `${file.size}:${file.path}`;
  let cols = schemaCache.get(key);
  if (!cols) {
    cols = await describe(conn, `read_parquet(${lit(file.path)})`);
    if (schemaCache.size >= SCHEMA_CACHE_MAX) schemaCache.clear();
    schemaCache.set(key, cols);
  }
  return cols;
}

/** The columns the files have. Objects are listed oldest-key first; when the first and the last object both have
 * every Glue column, DuckDB's by-name reading of the first file's schema works. Otherwise the schema evolved
 * (e.g. UpdateTable added a column): read by name across all files (union_by_name, slower: every footer). */
async function fileSchema(conn: DuckDBConnection, files: TableFile[], wanted: string[], list: string) {
  const first = await describeFile(conn, files[0]!);
  const last = await describeFile(conn, files[files.length - 1]!);
  if (wanted.every((c) => first.has(c) && last.has(c))) return { present: first, union: false };
  return { present: await describe(conn, `read_parquet(${list}, union_by_name = true)`), union: true };
}

/** `withHidden`: add the "$file" struct column (Trino's "$path", "$file_size", "$file_modified_time"), only for queries that read it:
 * its per-object lookup makes binding the view slower. */
export async function buildRelation(conn: DuckDBConnection, lake: Lake, database: string, table: any, withHidden = false): Promise<Relation> {
  const layout = tableLayout(table);
  const files = tableFiles(lake, layout);
  const columns: Array<{ name: string; type: string }> = (table.StorageDescriptor?.Columns ?? []).map((c: any) => ({
    name: String(c.Name).toLowerCase(),
    type: glueToDuck(String(c.Type ?? 'string')),
  }));
  const partCols = (layout?.partitionKeys ?? []).map((k) => ({ name: k.name, type: glueToDuck(k.type) }));
  const rel: Relation = { database, name: String(table.Name).toLowerCase(), layout, files, select: '' };
  if (!files.length) {
    const cols = [...columns, ...partCols].map((c) => `CAST(NULL AS ${c.type}) AS ${q(c.name)}`);
    if (withHidden) cols.push(`CAST(NULL AS ${HIDDEN_TYPE}) AS "$file"`);
    rel.select = `SELECT ${cols.join(', ') || 'NULL AS "_"'} WHERE false`;
    return rel;
  }
  const list = `[${files.map((f) => lit(f.path)).join(', ')}]`;
  const { present, union } = await fileSchema(conn, files, columns.map((c) => c.name), list);
  const byName = union ? ', union_by_name = true' : '';
  // Trino's hidden columns "$path" and "$file_size" of each row's object, looked up by DuckDB's `filename`
  // (the translation keeps them out of `*`).
  const hidden = !withHidden ? [] : [`(MAP {${files.map((f) => hiddenEntry(f.path, f.path, `s3://${layout!.bucket}/${f.key}`, f.size)).join(', ')}})[filename] AS "$file"`];
  const dataCols = [...columns.map((c) => {
    const found = present.get(c.name);
    if (!found) return `CAST(NULL AS ${c.type}) AS ${q(c.name)}`;
    // Cast only when the file's type differs, so filters still reach Parquet statistics.
    return found === c.type ? q(c.name) : `CAST(${q(c.name)} AS ${c.type}) AS ${q(c.name)}`;
  })];
  if (layout?.template) {
    const re = templateRegex(layout, lake.objectPath(layout.bucket, 'x').slice(0, -1));
    const parts = partCols.map((c) => {
      const group = layout.template!.keys.indexOf(c.name) + 1;
      return `CAST(regexp_extract(filename, ${lit(re)}, ${group}) AS ${c.type}) AS ${q(c.name)}`;
    });
    rel.select = `SELECT ${[...dataCols, ...parts, ...hidden].join(', ')} FROM read_parquet(${list}, filename = true, hive_partitioning = false${byName})`;
  } else if (partCols.length && !sameHiveFolders(files)) {
    // Objects at different folder depths (e.g. an older hour= level beside day=): DuckDB's hive reader refuses
    // to mix them, so each partition value comes from the last `name=` folder of the object's path.
    const parts = partCols.map((c) => `CAST(regexp_extract(filename, ${lit(`.*/${c.name}=([^/]*)/`)}, 1) AS ${c.type}) AS ${q(c.name)}`);
    rel.select = `SELECT ${[...dataCols, ...parts, ...hidden].join(', ')} FROM read_parquet(${list}, filename = true, hive_partitioning = false${byName})`;
  } else if (partCols.length) {
    const types = partCols.map((c) => `${lit(c.name)}: ${c.type}`).join(', ');
    const parts = partCols.map((c) => q(c.name));
    rel.select = `SELECT ${[...dataCols, ...parts, ...hidden].join(', ')} FROM read_parquet(${list}, hive_partitioning = true, hive_types = {${types}}${byName})`;
  } else {
    rel.select = `SELECT ${[...dataCols, ...hidden].join(', ')} FROM read_parquet(${list}, hive_partitioning = false${byName})`;
  }
  return rel;
}

/**
 * Athena's refusal of a query on a table with an `injected` projected key whose WHERE clause does not pin that key
 * with static equalities (`key = 'v'`, `'v' = key`, `key IN ('a', 'b')`), or undefined when the query does.
 * Read from the query text (the WHERE clauses after the table's mention), not a plan: a subtle query (the key
 * compared inside an OR, or through a subquery) can pass here where Athena would refuse it.
 */
export function injectedViolation(table: any, athenaSql: string): string | undefined {
  const keys = injectedKeys(table);
  if (!keys.length) return undefined;
  // Each clause ends at the next clause keyword or WHERE, so the scan stays linear in the query's length.
  const wheres = [...athenaSql.matchAll(/\bWHERE\b([\s\S]*?)(?=\bWHERE\b|\bGROUP\s+BY\b|\bORDER\s+BY\b|\bHAVING\b|\bLIMIT\b|\bUNION\b|;|$)/gi)].map((m) => m[1]!);
  for (const key of keys) {
    const k = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ident = `(?:"${k}"|\\b${k}\\b)`;
    const static_ = '(?:\'(?:[^\']|\'\')*\'|-?\\d+(?:\\.\\d+)?)';
    const uses = wheres.flatMap((w) => [...w.matchAll(new RegExp(ident, 'gi'))].map((m) => ({ w, at: m.index!, len: m[0].length })));
    const equal = (u: { w: string; at: number; len: number }) =>
      new RegExp(`^\\s*(?:=\\s*${static_}|IN\\s*\\(\\s*${static_}(?:\\s*,\\s*${static_})*\\s*\\))`, 'i').test(u.w.slice(u.at + u.len)) ||
      new RegExp(`${static_}\\s*=\\s*$`, 'i').test(u.w.slice(0, u.at));
    if (!uses.length || !uses.every(equal)) {
      return `CONSTRAINT_VIOLATION: For the injected projected partition column ${key}, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.`;
    }
  }
  return undefined;
}
