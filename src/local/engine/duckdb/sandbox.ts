// The local Athena's SQL sandbox. Two layers, both required:
//  1. DuckDB itself: file access only under the lake and the engine's work folder (`allowed_directories` +
//     `enable_external_access = false`), then `lock_configuration`, so no statement can SET its way back out.
//  2. Before DuckDB sees a query: only a single query statement (SELECT/WITH/VALUES/EXPLAIN) is run, and no table
//     function but UNNEST and no engine/file function (read_text, glob, query, current_setting, …) may appear.
//     Only Glue tables are reachable by name (the engine resolves every table reference to a catalog view).
// Layer 2 keeps the sandbox's refusals in Athena's words; layer 1 holds even if layer 2 misses a name.
import path from 'node:path';
import type { Lake } from './lake.js';

/** A query construct the sandbox refuses, with Athena's error code and the 0-based offset it points at. */
export class SandboxRefusal extends Error {
  constructor(
    readonly code: 'NOT_SUPPORTED' | 'FUNCTION_NOT_FOUND' | 'SYNTAX_ERROR' | 'TABLE_NOT_FOUND',
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A folder as DuckDB's allowed_directories wants it: absolute, with a trailing separator (so `/x/s3` does not
 * also allow `/x/s3-other`). */
export const asAllowedDir = (dir: string) => path.resolve(dir) + path.sep;

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Statements that lock a DuckDB connection into the sandbox. Settings that must differ per query cannot change
 * afterwards, so profiling is on for good, always into `profileFile` (each statement overwrites it).
 */
export function sandboxStatements(opts: { allowed: string[]; tempDir: string; profileFile?: string }): string[] {
  const dirs = opts.allowed.map((d) => lit(asAllowedDir(d)));
  return [
    `SET temp_directory = ${lit(opts.tempDir)}`,
    `SET allowed_directories = [${dirs.join(', ')}]`,
    `SET allowed_paths = []`,
    `SET enable_external_access = false`,
    `SET autoinstall_known_extensions = false`,
    `SET autoload_known_extensions = false`,
    ...(opts.profileFile ? [`SET enable_profiling = 'json'`, `SET profiling_output = ${lit(opts.profileFile)}`] : []),
    `SET lock_configuration = true`,
  ];
}

/** Table functions a query may use (Trino's relations are tables, subqueries, VALUES and UNNEST). */
const TABLE_FUNCTIONS = new Set(['unnest']);

/** Scalar/aggregate functions that reach the engine, its settings or files. DuckDB names no Trino function
 * like these, so refusing them never refuses a valid Athena query. */
const DENIED_FUNCTION = new RegExp(
  '^(?:read_\\w*|glob|parquet_\\w*|query|query_table|sniff_csv|current_setting|current_query|getenv|getvariable|' +
    'setvariable|duckdb_\\w*|pragma_\\w*|sqlite_\\w*|iceberg_\\w*|delta_\\w*|ducklake_\\w*|which_secret|' +
    'load_\\w*|install_\\w*|checkpoint|force_checkpoint|enable_\\w*|disable_\\w*|import_\\w*|export_\\w*|' +
    'test_\\w*|database_size|summary|repeat_row|json_execute_serialized_sql|json_serialize_\\w*|' +
    'json_deserialize_sql|arrow_scan\\w*|seq_scan|index_scan|pg_\\w*|has_\\w*_privilege|__internal_\\w*)$',
  'i',
);

/** Is this function name one a query may not call (the user typed it)? */
export function deniedFunction(name: string): boolean {
  return DENIED_FUNCTION.test(name);
}

/**
 * Checks a DuckDB parse tree (json_serialize_sql of the translated SQL): throws SandboxRefusal for a table
 * function other than UNNEST, or a function that reaches the engine.
 */
export function checkTree(tree: unknown): void {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    const at = typeof n.query_location === 'number' && n.query_location < 1e15 ? n.query_location : 0;
    if (n.type === 'TABLE_FUNCTION') {
      const fn = (n.function as Record<string, unknown> | undefined)?.function_name;
      if (typeof fn === 'string' && !TABLE_FUNCTIONS.has(fn.toLowerCase())) {
        throw new SandboxRefusal('NOT_SUPPORTED', `Table function '${fn.toLowerCase()}' is not available: only catalog tables, subqueries, VALUES and UNNEST can be queried`, at);
      }
    }
    // DuckDB reads `FROM 'file.csv'` / `FROM "/path/x.parquet"` as a file (a replacement scan); no Glue table
    // name has a dot or a slash, so such a name is a table that does not exist.
    if (n.type === 'BASE_TABLE' && typeof n.table_name === 'string' && /[./\\:~]/.test(n.table_name)) {
      throw new SandboxRefusal('TABLE_NOT_FOUND', `Table '${n.table_name}' does not exist`, at);
    }
    if (n.class === 'FUNCTION' && typeof n.function_name === 'string') {
      const fn = n.function_name.toLowerCase();
      if (DENIED_FUNCTION.test(fn)) {
        throw new SandboxRefusal('FUNCTION_NOT_FOUND', `Function '${fn}' not registered`, at);
      }
    }
    Object.values(n).forEach(walk);
  };
  walk(tree);
}

/** Leading keyword of a statement the local Athena runs as a query; anything else is refused before DuckDB. */
export function isQueryStatement(sql: string): boolean {
  return /^\s*(?:\(\s*)*(?:select|with|values|table|explain)\b/i.test(sql);
}

/** The folder every bucket of the lake lives under (what the sandbox lets DuckDB read). */
export function lakeRoot(lake: Lake): string {
  const a = lake.objectPath('bucket-a', 'k').split(path.sep);
  const b = lake.objectPath('bucket-b', 'k').split(path.sep);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const root = a.slice(0, i).join(path.sep);
  // Never the whole file system: the sandbox would be no sandbox.
  if (path.resolve(root || path.sep) === path.parse(path.resolve(root || path.sep)).root) throw new Error(`lake root ${root || path.sep} is not a folder of its own`);
  return root;
}
