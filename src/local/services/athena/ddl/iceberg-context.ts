// What every Athena statement that writes an Iceberg table shares: the IcebergEnv core's functions take (built from
// the runner's write context), the target table's lookup with Athena's errors (a Hive table where only Iceberg
// can be modified fails as Trino's Hive connector words it), and Athena's snapshot-operation rule for row deltas.
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryFailure } from '../../../engine/duckdb/query-failure.js';
import { isIcebergTable, loadTable, type IcebergEnv, type LoadedTable } from '../../../iceberg/index.js';
import type { DataFile } from '../../../../iceberg/types.js';
import type { WriteContext } from './ctas.js';
import { Cursor, DdlError, tokenize } from './hive-table.js';

export const fail = (reason: string, type = 1100) => new QueryFailure({ reason, category: 2, type });

/** Trino's Hive connector, for UPDATE / DELETE / MERGE on a table that is not transactional (every Hive table
 * Athena knows). */
export const HIVE_ROWS = 'NOT_SUPPORTED: Modifying Hive table rows is only supported for transactional tables';

/** The statement's own staging folder (inside the engine's work folder, the only place the sandbox lets DuckDB
 * write besides the lake), removed when the statement ends. */
export function icebergEnv(ctx: WriteContext): IcebergEnv {
  const stageDir = path.join(ctx.scratch, `iceberg-${ctx.id}`);
  fs.mkdirSync(stageDir, { recursive: true });
  return { lake: ctx.lake, glue: ctx.glue, stageDir, now: ctx.now ?? Date.now };
}

export function cleanup(env: IcebergEnv): void {
  fs.rmSync(env.stageDir, { recursive: true, force: true });
}

/** `db.t`, `"db"."t"`, `t` → [database, name] (lower-case, as Glue stores them). */
export function tableName(text: string, database: string): [string, string] {
  const parts = text.trim().split('.').map((p) => p.trim().replace(/^["`]|["`]$/g, '').replace(/""/g, '"').toLowerCase());
  if (parts.length === 3 && parts[0] !== 'awsdatacatalog') throw fail(`NOT_SUPPORTED: Catalog '${parts[0]}' is not available locally (only awsdatacatalog)`);
  return parts.length >= 2 ? [parts[parts.length - 2]!, parts[parts.length - 1]!] : [database, parts[0]!];
}

/** The Glue table a statement modifies, or Athena's error: missing, a view, or a Hive table (`hive` is the
 * statement's refusal for those). */
export function glueTarget(ctx: WriteContext, database: string, name: string, hive: string, at = '1:1'): any {
  if (!ctx.glue.databaseExists(database)) throw fail(`SCHEMA_NOT_FOUND: line ${at}: Schema '${database}' does not exist`, 1301);
  const t = ctx.glue.getTable(database, name);
  if (!t) throw fail(`TABLE_NOT_FOUND: line ${at}: Table 'awsdatacatalog.${database}.${name}' does not exist`, 1301);
  if (t.TableType === 'VIRTUAL_VIEW') throw fail(`NOT_SUPPORTED: line ${at}: Modifying a view is not supported`);
  if (!isIcebergTable(t)) throw fail(hive);
  return t;
}

export async function loadTarget(env: IcebergEnv, database: string, name: string): Promise<LoadedTable> {
  return loadTable(env, database, name);
}

/** Iceberg's RowDelta operation, which Athena's DML commits: only data files → append, only delete files →
 * delete, both → overwrite. */
export function rowDeltaOperation(files: DataFile[]): 'append' | 'delete' | 'overwrite' {
  const data = files.some((f) => f.content === 0);
  const deletes = files.some((f) => f.content !== 0);
  return data && deletes ? 'overwrite' : deletes ? 'delete' : 'append';
}

export const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Column names and DuckDB types of a SELECT. */
export async function describe(c: DuckDBConnection, select: string): Promise<Array<{ name: string; type: string }>> {
  const rows = (await c.runAndReadAll(`DESCRIBE ${select}`)).getRows();
  return rows.map((r) => ({ name: String(r[0]), type: String(r[1]) }));
}

export async function scalar(c: DuckDBConnection, sql: string): Promise<number> {
  const rows = (await c.runAndReadAll(sql)).getRows();
  return Number(rows[0]?.[0] ?? 0);
}

/** Plain text of a parse-tree node as the user wrote it. */
export function textOf(sql: string, node: { start: { start: number } | null; stop: { stop: number } | null } | null | undefined): string {
  if (!node?.start || !node.stop) return '';
  return sql.slice(node.start.start, node.stop.stop + 1);
}

/** `line:col` (1-based) of an offset in the statement, for Athena's error positions. */
export function lineColAt(sql: string, offset: number): string {
  const before = sql.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/** A DDL statement's token cursor, and `parse` running a grammar step: a syntax problem is Athena's
 * `FAILED: ParseException …` (error type 1004) either way. */
export function ddlCursor(sql: string): { c: Cursor; parse: <T>(f: () => T) => T } {
  const parseError = (message: string) => fail(`FAILED: ParseException ${message}`, 1004);
  let c: Cursor;
  try {
    c = new Cursor(tokenize(sql));
  } catch (e) {
    throw parseError((e as Error).message);
  }
  const parse = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof DdlError) throw parseError(e.message);
      throw e;
    }
  };
  return { c, parse };
}
