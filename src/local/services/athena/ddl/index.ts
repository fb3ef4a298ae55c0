// Athena DDL on the local catalog: CREATE EXTERNAL TABLE (Parquet), CREATE [OR REPLACE] VIEW (stored as Athena
// stores Presto views), DROP TABLE / DROP VIEW, MSCK REPAIR TABLE, ALTER TABLE ADD PARTITION (at the hive path:
// partitions are found from the objects, so both succeed with nothing to record), CTAS and INSERT INTO (ctas.ts).
// Iceberg tables (iceberg-*.ts): CREATE TABLE / CTAS with table_type ICEBERG, INSERT INTO, DELETE, UPDATE, MERGE
// INTO, ALTER TABLE ADD COLUMNS / DROP COLUMN / CHANGE COLUMN / SET|UNSET TBLPROPERTIES, OPTIMIZE, VACUUM.
// Every change goes through Glue's own actions (GlueInternal.call), so Glue stays the single truth and validates
// names as it does for any client. Other DDL (CREATE DATABASE, …) fails loudly with NOT_SUPPORTED.
import type { GlueInternal } from '../../../types.js';
import { QueryFailure } from '../../../engine/duckdb/query-failure.js';
import { parseCreateView, viewTableInput, decodeView } from '../../../engine/duckdb/presto-view.js';
import { runCtas, runInsert, type WriteContext } from './ctas.js';
import { DdlError, parseCreateExternalTable, parseDrop } from './hive-table.js';
import { isIcebergAlter, runIcebergAlter } from './iceberg-alter.js';
import { isIcebergCreate, runIcebergCreate } from './iceberg-create.js';
import { DML, icebergInsertTarget, runIcebergDml } from './iceberg-dml.js';
import { MAINTENANCE, runIcebergMaintenance } from './iceberg-maintain.js';

export interface DdlEngine {
  describeQuery(athenaSql: string, database: string): Promise<Array<{ name: string; type: string }>>;
}

/** What a statement did: bytes a CTAS / INSERT / DML scanned, rows it wrote or changed (GetQueryResults'
 * UpdateCount; absent for DDL that changes no rows). */
export interface DdlOutcome {
  bytesScanned: number;
  updateCount?: number;
}

const fail = (reason: string, type = 1100) => new QueryFailure({ reason, category: 2, type });

export const NOT_SUPPORTED_DDL =
  'NOT_SUPPORTED: the local Athena runs queries, SHOW/DESCRIBE, CREATE EXTERNAL TABLE (Parquet), CTAS, INSERT INTO, CREATE/DROP VIEW, DROP TABLE, MSCK REPAIR TABLE, ALTER TABLE ADD PARTITION (hive paths), and on Iceberg tables CREATE TABLE, DELETE, UPDATE, MERGE INTO, ALTER TABLE ADD/DROP/CHANGE COLUMN, OPTIMIZE and VACUUM; this statement is not supported locally';

/** Glue's error for a DDL call, in the words Athena reports it. */
function glueFailure(e: any, database: string, name: string): QueryFailure {
  const code = e?.code ?? e?.name;
  if (code === 'EntityNotFoundException' && /database/i.test(String(e?.message))) {
    return fail(`FAILED: SemanticException [Error 10072]: Database does not exist: ${database}`, 1301);
  }
  if (code === 'EntityNotFoundException') return fail(`FAILED: SemanticException [Error 10001]: Table not found ${database}.${name}`, 1301);
  if (code === 'AlreadyExistsException') return fail('AlreadyExistsException: Table already exists.');
  if (code === 'InvalidInputException') return fail(`FAILED: ${e.message}`);
  return new QueryFailure({ reason: `GENERIC_INTERNAL_ERROR: ${e?.message ?? e}`, category: 1, type: 1000 });
}

async function glueCall(glue: GlueInternal, action: string, input: unknown, database: string, name: string): Promise<any> {
  if (!glue.call) throw fail(NOT_SUPPORTED_DDL);
  try {
    return await glue.call(action, input);
  } catch (e) {
    throw glueFailure(e, database, name);
  }
}

/** Runs one DDL (or DML) statement. `write` carries what writing tables needs (without it CTAS, INSERT INTO and
 * every Iceberg write are NOT_SUPPORTED). */
export async function runDdl(
  sql: string,
  database: string,
  glue: GlueInternal,
  engine: Partial<DdlEngine>,
  write?: Omit<WriteContext, 'database' | 'glue' | 'engine'>,
): Promise<DdlOutcome> {
  const s = sql.trim();
  const ctx: WriteContext | undefined = write && glue.call ? { ...write, database, glue, engine: engine as WriteContext['engine'] } : undefined;
  if (ctx) {
    if (isIcebergCreate(s)) return runIcebergCreate(s, ctx);
    if (isIcebergAlter(s, ctx)) {
      await runIcebergAlter(s, ctx);
      return { bytesScanned: 0 };
    }
    if (MAINTENANCE.test(s)) {
      const done = await runIcebergMaintenance(s, ctx);
      if (done) return done;
    }
    if (DML.test(s) && (!/^insert\b/i.test(s) || (await icebergInsertTarget(s, ctx)))) {
      const done = await runIcebergDml(s, ctx);
      if (done) return done;
    }
  }
  if (ctx && (/^create\s+table\b/i.test(s) || /^insert\s+into\b/i.test(s))) {
    const done = (await runCtas(s, ctx)) ?? (await runInsert(s, ctx));
    if (done) return { bytesScanned: done.bytesScanned, updateCount: done.rows };
  }
  const bytesScanned = await runOtherDdl(s, database, glue, engine);
  return { bytesScanned };
}

/** CREATE EXTERNAL TABLE, views, DROP, ADD PARTITION, MSCK REPAIR: catalog-only statements. */
async function runOtherDdl(s: string, database: string, glue: GlueInternal, engine: Partial<DdlEngine>): Promise<number> {
  try {
    if (/^create\s+external\s+table\b/i.test(s) || /^create\s+table\b(?![\s\S]*\bas\s*\(?\s*(select|with|values)\b)/i.test(s)) {
      const t = parseCreateExternalTable(s);
      const db = t.database ?? database;
      const name = String(t.input.Name);
      if (t.ifNotExists && glue.getTable(db, name)) return 0;
      await glueCall(glue, 'CreateTable', { DatabaseName: db, TableInput: t.input }, db, name);
      return 0;
    }
    const view = parseCreateView(s);
    if (view) {
      const db = view.database ?? database;
      if (!engine.describeQuery) throw fail(NOT_SUPPORTED_DDL);
      const columns = await engine.describeQuery(view.query, db);
      const input = viewTableInput(view.name, { originalSql: view.query, catalog: 'awsdatacatalog', schema: db, columns, runAsInvoker: false });
      const existing = glue.getTable(db, view.name);
      if (existing && !view.orReplace) throw fail(`TABLE_ALREADY_EXISTS: line 1:1: View already exists: 'awsdatacatalog.${db}.${view.name}'`);
      if (existing && !decodeView(existing)) throw fail(`TABLE_ALREADY_EXISTS: line 1:1: Table already exists: 'awsdatacatalog.${db}.${view.name}' and is not a view`);
      await glueCall(glue, existing ? 'UpdateTable' : 'CreateTable', { DatabaseName: db, TableInput: input }, db, view.name);
      return 0;
    }
    if (/^drop\s+(table|view)\b/i.test(s)) {
      const d = parseDrop(s);
      const db = d.database ?? database;
      const existing = glue.getTable(db, d.name);
      if (!existing) {
        if (d.ifExists) return 0;
        throw d.kind === 'view'
          ? fail(`TABLE_NOT_FOUND: line 1:1: View 'awsdatacatalog.${db}.${d.name}' does not exist`, 1301)
          : fail(`FAILED: SemanticException [Error 10001]: Table not found ${db}.${d.name}`, 1301);
      }
      if (d.kind === 'view' && !decodeView(existing)) throw fail(`NOT_SUPPORTED: line 1:1: '${db}.${d.name}' is a table, not a view (use DROP TABLE)`);
      if (d.kind === 'table' && decodeView(existing)) throw fail(`FAILED: SemanticException [Error 10137]: Cannot drop a view with DROP TABLE`);
      await glueCall(glue, 'DeleteTable', { DatabaseName: db, Name: d.name }, db, d.name);
      return 0;
    }
    const add = /^alter\s+table\s+([`"\w.]+)\s+add\s+(if\s+not\s+exists\s+)?((?:partition\s*\([^)]*\)\s*(?:location\s+'[^']*'\s*)?)+)$/i.exec(s.replace(/;\s*$/, ''));
    if (add) {
      const parts = add[1]!.replace(/[`"]/g, '').toLowerCase().split('.');
      const db = parts.length > 1 ? parts[0]! : database;
      const name = parts[parts.length - 1]!;
      const table = glue.getTable(db, name);
      if (!table) throw fail(`FAILED: SemanticException [Error 10001]: Table not found ${db}.${name}`, 1301);
      const base = String(table.StorageDescriptor?.Location ?? '').replace(/\/?$/, '/');
      const keys: string[] = (table.PartitionKeys ?? []).map((k: any) => String(k.Name).toLowerCase());
      for (const spec of add[3]!.matchAll(/partition\s*\(([^)]*)\)\s*(?:location\s+'([^']*)')?/gi)) {
        const values = new Map([...spec[1]!.matchAll(/([`"\w]+)\s*=\s*'?([^',]*)'?/g)].map((v) => [v[1]!.replace(/[`"]/g, '').toLowerCase(), v[2]!]));
        const hivePath = `${base}${keys.map((k) => `${k}=${values.get(k) ?? ''}`).join('/')}/`;
        // The local engine finds hive partitions by their folders; a partition elsewhere would be invisible to it.
        if (spec[2] && spec[2].replace(/\/?$/, '/') !== hivePath) {
          throw fail(`NOT_SUPPORTED: the local Athena finds partitions in their hive folders (${hivePath}); a partition LOCATION elsewhere (${spec[2]}) is not supported`);
        }
      }
      return 0;
    }
    const msck = /^msck\s+repair\s+table\s+([`"\w.]+)$/i.exec(s.replace(/;\s*$/, ''));
    if (msck) {
      const parts = msck[1]!.replace(/[`"]/g, '').toLowerCase().split('.');
      const db = parts.length > 1 ? parts[0]! : database;
      const name = parts[parts.length - 1]!;
      if (!glue.getTable(db, name)) throw fail(`FAILED: SemanticException [Error 10001]: Table not found ${db}.${name}`, 1301);
      // The local engine discovers hive partitions from the objects on every query: nothing to add.
      return 0;
    }
  } catch (e) {
    if (e instanceof DdlError) throw fail(e.message.startsWith('NOT_SUPPORTED: ') ? e.message : `FAILED: ParseException ${e.message}`, 1004);
    throw e;
  }
  throw fail(NOT_SUPPORTED_DDL);
}
