// Athena's DML on Iceberg tables: INSERT INTO (VALUES or a query), DELETE FROM … [WHERE], UPDATE … SET … [WHERE],
// MERGE INTO … USING … ON … WHEN [NOT] MATCHED …. Merge-on-read as Athena writes them: rows that go away are
// POSITION deletes (data file uri + row position, read from the scan's "$path" / "$pos"), changed and new rows
// new data files, all in one snapshot committed through Glue's metadata_location (core's commit, optimistic).
// Statements are parsed with Trino's grammar (the same parser as queries) and their expressions run through the
// same translator and sandbox as any query: each becomes one SELECT over the target's scan with row ids, whose
// rows are staged in a DuckDB temp table so the deletes and the new data come from one evaluation.
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseTrino, TrinoSyntaxError } from '../../../engine/duckdb/translate/parse.js';
import { icebergToDuck } from '../../../../iceberg/schema.js';
import type { DataFile, IcebergField, IcebergSchema } from '../../../../iceberg/types.js';
import {
  commit, planScan, scanSelect, writeDataFiles, writePositionDeletes, loadTable,
  type IcebergEnv, type LoadedTable,
} from '../../../iceberg/index.js';
import type { WriteContext } from './ctas.js';
import { cleanup, fail, glueTarget, HIVE_ROWS, icebergEnv, lineColAt, q, rowDeltaOperation, scalar, tableName, textOf } from './iceberg-context.js';

export interface DmlOutcome {
  bytesScanned: number;
  /** Rows inserted, updated, deleted or merged (GetQueryResults' UpdateCount). */
  updateCount: number;
}

const STAGE = '__iceberg_dml';

function currentSchema(t: LoadedTable): IcebergSchema {
  const m = t.metadata;
  return m.schemas.find((s) => s['schema-id'] === m['current-schema-id']) ?? m.schemas[m.schemas.length - 1]!;
}

const duckType = (f: IcebergField) => icebergToDuck(f.type);

/** Statement kinds this file runs (the first word), for the router. */
export const DML = /^\s*(insert|delete|update|merge)\b/i;

type Parsed = { stmt: any; G: any };

async function parse(sql: string): Promise<Parsed> {
  try {
    const { tree, grammar } = await parseTrino(sql);
    return { stmt: (tree as any).statement(), G: grammar };
  } catch (e) {
    if (e instanceof TrinoSyntaxError) throw fail(`SYNTAX_ERROR: line ${e.line}:${e.column}: ${e.message}`, 1004);
    throw e;
  }
}

/** The target of an INSERT: Iceberg tables run here, others (undefined) in ctas.ts. */
export async function icebergInsertTarget(sql: string, ctx: WriteContext): Promise<boolean> {
  const { stmt, G } = await parse(sql);
  if (!(stmt instanceof G.InsertIntoContext)) return false;
  const [db, name] = tableName(textOf(sql, stmt.tableRef()), ctx.database);
  const t = ctx.glue.getTable(db, name);
  return !!t && String(t.Parameters?.table_type ?? '').toUpperCase() === 'ICEBERG';
}

/** Sum of the sizes of the files a scan of the target reads (DML reads the whole live table: no pruning). */
async function scannedBytes(env: IcebergEnv, table: LoadedTable): Promise<{ bytes: number; plan: Awaited<ReturnType<typeof planScan>> }> {
  const plan = await planScan(env, table);
  const bytes = [...plan.data, ...plan.positionDeletes, ...plan.equalityDeletes].reduce((n, f) => n + f.sizeBytes, 0);
  return { bytes, plan };
}

/** NULL into a required (identifier) column fails as Trino's NOT NULL check. */
async function checkRequired(c: DuckDBConnection, schema: IcebergSchema, from: string): Promise<void> {
  for (const f of schema.fields.filter((x) => x.required)) {
    if (await scalar(c, `SELECT count(*) FROM ${from} WHERE ${q(f.name)} IS NULL`)) {
      throw fail(`CONSTRAINT_VIOLATION: NULL value not allowed for NOT NULL column: ${f.name}`);
    }
  }
}

/** The commit of a row delta, refusing when a data file it deletes rows of is no longer live (an OPTIMIZE or
 * another writer replaced it since the scan): Iceberg's conflict check for position deletes. */
async function commitRowDelta(env: IcebergEnv, db: string, name: string, scanned: LoadedTable, files: DataFile[], touched: Set<string>) {
  return commit(env, db, name, async (current) => {
    if (touched.size && current.metadata['current-snapshot-id'] !== scanned.metadata['current-snapshot-id']) {
      const live = new Set((await planScan(env, current)).data.map((f) => f.uri));
      for (const uri of touched) {
        if (!live.has(uri)) throw fail(`ICEBERG_COMMIT_ERROR: Found conflicting files that can contain records matching the statement: ${uri} was removed by a concurrent commit`);
      }
    }
    return { operation: rowDeltaOperation(files), add: files };
  });
}

async function distinctPaths(c: DuckDBConnection, from: string): Promise<Set<string>> {
  const rows = (await c.runAndReadAll(`SELECT DISTINCT file_path FROM ${from}`)).getRows();
  return new Set(rows.map((r) => String(r[0])));
}

export async function runIcebergDml(sql: string, ctx: WriteContext): Promise<DmlOutcome | undefined> {
  if (!DML.test(sql)) return undefined;
  const { stmt, G } = await parse(sql);
  if (!ctx.engine.withQuery) throw fail('NOT_SUPPORTED: writing Iceberg tables is not available');
  const env = icebergEnv(ctx);
  try {
    if (stmt instanceof G.InsertIntoContext) return await insert(sql, stmt, ctx, env);
    if (stmt instanceof G.DeleteContext) return await del(sql, stmt, ctx, env);
    if (stmt instanceof G.UpdateContext) return await update(sql, stmt, ctx, env);
    if (stmt instanceof G.MergeContext) return await merge(sql, stmt, G, ctx, env);
    return undefined;
  } finally {
    cleanup(env);
  }
}

/** Runs `use` with the statement's staging table dropped afterwards. */
async function staged<T>(c: DuckDBConnection, use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } finally {
    await c.run(`DROP TABLE IF EXISTS ${STAGE}`);
  }
}

async function insert(sql: string, stmt: any, ctx: WriteContext, env: IcebergEnv): Promise<DmlOutcome> {
  const refText = textOf(sql, stmt.tableRef());
  const [db, name] = tableName(refText, ctx.database);
  glueTarget(ctx, db, name, HIVE_ROWS, lineColAt(sql, stmt.tableRef().start.start));
  const listed: string[] | undefined = stmt.columnList()
    ? stmt.columnList().columnRef().map((i: any) => i.getText().replace(/^"|"$/g, '').replace(/""/g, '"').toLowerCase())
    : undefined;
  return appendQuery(ctx, env, db, name, textOf(sql, stmt.rootQuery()), listed, sql);
}

/** INSERT INTO (and CTAS's rows): the query's rows, cast to the table's columns (a column list maps them by name,
 * the others are NULL), as new data files in one append snapshot. */
export async function appendQuery(ctx: WriteContext, env: IcebergEnv, db: string, name: string, query: string, listed?: string[], userSql?: string): Promise<DmlOutcome> {
  const table = await loadTable(env, db, name);
  const schema = currentSchema(table);
  for (const col of listed ?? []) {
    if (!schema.fields.some((f) => f.name === col)) throw fail(`COLUMN_NOT_FOUND: line 1:1: Insert column name does not exist in target table: ${col}`, 1006);
  }
  let files: DataFile[] = [];
  let rows = 0;
  await ctx.engine.withQuery!(query, ctx.database, new Map(), async (c, duckSql, described) => {
    const expected = listed?.length ?? schema.fields.length;
    if (described.length !== expected) throw fail(`TYPE_MISMATCH: Insert query has ${described.length} columns, target table has ${expected}`);
    const inner = described.map((_, i) => `"__c${i + 1}"`).join(', ');
    const proj = schema.fields.map((f, i) => {
      const at = listed ? listed.indexOf(f.name) : i;
      return `CAST(${at >= 0 ? `"__c${at + 1}"` : 'NULL'} AS ${duckType(f)}) AS ${q(f.name)}`;
    });
    await staged(c, async () => {
      await c.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT ${proj.join(', ')} FROM (${duckSql}) __q(${inner})`);
      rows = await scalar(c, `SELECT count(*) FROM ${STAGE}`);
      await checkRequired(c, schema, STAGE);
      if (rows) files = await writeDataFiles(env, c, table, `SELECT * FROM ${STAGE}`);
    });
  }, userSql);
  if (files.length) await commit(env, db, name, () => ({ operation: 'append', add: files }));
  return { bytesScanned: 0, updateCount: rows };
}

/** The Iceberg table a DELETE / UPDATE names (as written, and resolved), refused for Hive tables as Trino does. */
async function dmlTarget(sql: string, stmt: any, ctx: WriteContext, env: IcebergEnv): Promise<{ refText: string; db: string; name: string; table: LoadedTable }> {
  const refText = textOf(sql, stmt.tableRef());
  const [db, name] = tableName(refText, ctx.database);
  glueTarget(ctx, db, name, HIVE_ROWS, lineColAt(sql, stmt.tableRef().start.start));
  return { refText, db, name, table: await loadTable(env, db, name) };
}

async function del(sql: string, stmt: any, ctx: WriteContext, env: IcebergEnv): Promise<DmlOutcome> {
  const { refText, db, name, table } = await dmlTarget(sql, stmt, ctx, env);
  const { bytes, plan } = await scannedBytes(env, table);
  const where = stmt.whereClause() ? ` ${textOf(sql, stmt.whereClause())}` : '';
  let files: DataFile[] = [];
  let rows = 0;
  let touched = new Set<string>();
  const replace = new Map([[`${db}.${name}`, scanSelect(plan, { withRowIds: true })]]);
  await ctx.engine.withQuery!(`SELECT * FROM ${refText}${where}`, ctx.database, replace, async (c, duckSql) => {
    await staged(c, async () => {
      await c.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT "$path" AS file_path, "$pos" AS pos FROM (${duckSql}) __d`);
      rows = await scalar(c, `SELECT count(*) FROM ${STAGE}`);
      if (!rows) return;
      touched = await distinctPaths(c, STAGE);
      files = await writePositionDeletes(env, c, table, `SELECT file_path, pos FROM ${STAGE} ORDER BY file_path, pos`);
    });
  }, sql);
  if (files.length) await commitRowDelta(env, db, name, table, files, touched);
  return { bytesScanned: bytes, updateCount: rows };
}

async function update(sql: string, stmt: any, ctx: WriteContext, env: IcebergEnv): Promise<DmlOutcome> {
  const { refText, db, name, table } = await dmlTarget(sql, stmt, ctx, env);
  const schema = currentSchema(table);
  const sets = new Map<string, number>();
  const exprs: string[] = [];
  for (const a of stmt.updateAssignment()) {
    const col = a.identifier().getText().replace(/^"|"$/g, '').replace(/""/g, '"').toLowerCase();
    if (!schema.fields.some((f) => f.name === col)) throw fail(`COLUMN_NOT_FOUND: line ${lineColAt(sql, a.start.start)}: Column '${col}' cannot be resolved`, 1006);
    if (sets.has(col)) throw fail(`DUPLICATE_COLUMN_NAME: line ${lineColAt(sql, a.start.start)}: Multiple assignments to column '${col}'`);
    sets.set(col, exprs.length);
    exprs.push(textOf(sql, a.expression()));
  }
  const { bytes, plan } = await scannedBytes(env, table);
  const where = stmt.whereClause() ? ` ${textOf(sql, stmt.whereClause())}` : '';
  let files: DataFile[] = [];
  let rows = 0;
  let touched = new Set<string>();
  const replace = new Map([[`${db}.${name}`, scanSelect(plan, { withRowIds: true })]]);
  const athena = `SELECT *${exprs.map((e) => `, (${e})`).join('')} FROM ${refText}${where}`;
  await ctx.engine.withQuery!(athena, ctx.database, replace, async (c, duckSql, described) => {
    const own = described.slice(0, described.length - exprs.length).map((d) => q(d.name));
    const aliases = [...own, ...exprs.map((_, i) => `"__e${i + 1}"`)];
    const proj = schema.fields.map((f) => {
      const j = sets.get(f.name);
      return j === undefined ? q(f.name) : `CAST("__e${j + 1}" AS ${duckType(f)}) AS ${q(f.name)}`;
    });
    await staged(c, async () => {
      await c.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT ${proj.join(', ')}, "$path" AS file_path, "$pos" AS pos FROM (${duckSql}) __u(${aliases.join(', ')})`);
      rows = await scalar(c, `SELECT count(*) FROM ${STAGE}`);
      if (!rows) return;
      await checkRequired(c, schema, STAGE);
      touched = await distinctPaths(c, STAGE);
      const deletes = await writePositionDeletes(env, c, table, `SELECT file_path, pos FROM ${STAGE} ORDER BY file_path, pos`);
      const data = await writeDataFiles(env, c, table, `SELECT ${schema.fields.map((f) => q(f.name)).join(', ')} FROM ${STAGE}`);
      files = [...data, ...deletes];
    });
  }, sql);
  if (files.length) await commitRowDelta(env, db, name, table, files, touched);
  return { bytesScanned: bytes, updateCount: rows };
}

type MergeCase =
  | { kind: 'update'; cond?: string; sets: Map<string, number> }
  | { kind: 'delete'; cond?: string }
  | { kind: 'insert'; cond?: string; columns: string[]; values: number[] };

async function merge(sql: string, stmt: any, G: any, ctx: WriteContext, env: IcebergEnv): Promise<DmlOutcome> {
  const { refText, db, name, table } = await dmlTarget(sql, stmt, ctx, env);
  const schema = currentSchema(table);
  const aliasText = stmt.identifier() ? stmt.identifier().getText() : undefined;
  const alias = aliasText ? aliasText.replace(/^"|"$/g, '').replace(/""/g, '"').toLowerCase() : name;
  const T = q(alias);
  const unq = (i: any) => i.getText().replace(/^"|"$/g, '').replace(/""/g, '"').toLowerCase();
  const column = (node: any) => {
    const col = unq(node);
    if (!schema.fields.some((f) => f.name === col)) throw fail(`COLUMN_NOT_FOUND: line ${lineColAt(sql, node.start.start)}: Column '${col}' cannot be resolved`, 1006);
    return col;
  };
  const exprs: string[] = [];
  const cases: MergeCase[] = [];
  for (const m of stmt.mergeCase()) {
    const cond = m._condition ? textOf(sql, m._condition) : undefined;
    if (m instanceof G.MergeDeleteContext) cases.push({ kind: 'delete', cond });
    else if (m instanceof G.MergeUpdateContext) {
      const sets = new Map<string, number>();
      m._targets.forEach((t: any, i: number) => {
        sets.set(column(t), exprs.length);
        exprs.push(textOf(sql, m._values[i]));
      });
      cases.push({ kind: 'update', cond, sets });
    } else if (m instanceof G.MergeInsertContext) {
      const columns: string[] = m._targets.length ? m._targets.map(column) : schema.fields.map((f) => f.name);
      if (columns.length !== m._values.length) {
        throw fail(`SYNTAX_ERROR: line ${lineColAt(sql, m.start.start)}: MERGE INSERT value count (${m._values.length}) does not match column count (${columns.length})`);
      }
      const values = m._values.map((v: any) => (exprs.push(textOf(sql, v)), exprs.length - 1));
      cases.push({ kind: 'insert', cond, columns, values });
    }
  }
  const when = cases.map((c, i) => {
    const matched = c.kind === 'insert' ? `${T}."$pos" IS NULL` : `${T}."$pos" IS NOT NULL`;
    return `WHEN ${matched}${c.cond ? ` AND (${c.cond})` : ''} THEN ${i + 1}`;
  });
  const targetText = `${refText}${aliasText ? ` AS ${aliasText}` : ''}`;
  const athena = `SELECT ${T}.*, CASE ${when.join(' ')} END${exprs.map((e) => `, (${e})`).join('')} FROM ${textOf(sql, stmt.relation())} LEFT JOIN ${targetText} ON (${textOf(sql, stmt.expression())})`;
  const { bytes, plan } = await scannedBytes(env, table);
  const replace = new Map([[`${db}.${name}`, scanSelect(plan, { withRowIds: true })]]);
  let files: DataFile[] = [];
  let rows = 0;
  let touched = new Set<string>();
  await ctx.engine.withQuery!(athena, ctx.database, replace, async (c, duckSql, described) => {
    const own = described.slice(0, described.length - exprs.length - 1).map((d) => q(d.name));
    const aliases = [...own, '"__clause"', ...exprs.map((_, i) => `"__e${i + 1}"`)];
    await staged(c, async () => {
      await c.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT * FROM (${duckSql}) __m(${aliases.join(', ')}) WHERE "__clause" IS NOT NULL`);
      rows = await scalar(c, `SELECT count(*) FROM ${STAGE}`);
      if (!rows) return;
      if (await scalar(c, `SELECT count(*) FROM (SELECT 1 FROM ${STAGE} WHERE "$pos" IS NOT NULL GROUP BY "$path", "$pos" HAVING count(*) > 1)`)) {
        throw fail('MERGE_TARGET_ROW_MULTIPLE_MATCHES: One MERGE target table row matched more than one source row');
      }
      const removes = cases.map((k, i) => (k.kind === 'insert' ? -1 : i + 1)).filter((i) => i > 0);
      const writes = cases.map((k, i) => (k.kind === 'delete' ? -1 : i + 1)).filter((i) => i > 0);
      const deleted = removes.length ? await scalar(c, `SELECT count(*) FROM ${STAGE} WHERE "__clause" IN (${removes.join(', ')})`) : 0;
      const written = writes.length ? await scalar(c, `SELECT count(*) FROM ${STAGE} WHERE "__clause" IN (${writes.join(', ')})`) : 0;
      let deletes: DataFile[] = [];
      let data: DataFile[] = [];
      if (deleted) {
        const rowIds = `SELECT "$path" AS file_path, "$pos" AS pos FROM ${STAGE} WHERE "__clause" IN (${removes.join(', ')})`;
        touched = await distinctPaths(c, `(${rowIds})`);
        deletes = await writePositionDeletes(env, c, table, `${rowIds} ORDER BY file_path, pos`);
      }
      if (written) {
        const proj = schema.fields.map((f) => {
          const arms = cases.map((k, i) => {
            if (k.kind === 'delete') return '';
            if (k.kind === 'update') {
              const j = k.sets.get(f.name);
              return ` WHEN ${i + 1} THEN ${j === undefined ? `CAST(${q(f.name)} AS ${duckType(f)})` : `CAST("__e${j + 1}" AS ${duckType(f)})`}`;
            }
            const at = k.columns.indexOf(f.name);
            return ` WHEN ${i + 1} THEN CAST(${at >= 0 ? `"__e${k.values[at]! + 1}"` : 'NULL'} AS ${duckType(f)})`;
          });
          return `CASE "__clause"${arms.join('')} END AS ${q(f.name)}`;
        });
        const select = `SELECT ${proj.join(', ')} FROM ${STAGE} WHERE "__clause" IN (${writes.join(', ')})`;
        await c.run(`CREATE OR REPLACE TEMP TABLE ${STAGE}_rows AS ${select}`);
        try {
          await checkRequired(c, schema, `${STAGE}_rows`);
          data = await writeDataFiles(env, c, table, `SELECT * FROM ${STAGE}_rows`);
        } finally {
          await c.run(`DROP TABLE IF EXISTS ${STAGE}_rows`);
        }
      }
      files = [...data, ...deletes];
    });
  }, sql);
  if (files.length) await commitRowDelta(env, db, name, table, files, touched);
  return { bytesScanned: bytes, updateCount: rows };
}
