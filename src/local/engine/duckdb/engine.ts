// One DuckDB instance per emulator, one query at a time (Athena's QUEUED state covers the wait). Each query:
// (re)define the views of the Glue tables it references over the objects that exist now, bind it to learn the
// result columns, then COPY the result straight into the CSV file Athena writes (no rows through JS), with the
// JSON profile giving the files each scan read (→ DataScannedInBytes).
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { GlueInternal } from '../../types.js';
import { lineCol, mapDuckError, type MappedError } from './errors.js';
import type { Lake } from './lake.js';
import { buildRelation, lit, q, type Relation } from './relations.js';
import { checkTree, isQueryStatement, SandboxRefusal, sandboxStatements } from './sandbox.js';
import { scannedBytes } from './scanned.js';
import { MACROS, translateSql, UnsupportedSql } from './translate.js';
import { duckToAthena, type AthenaColumnType } from './types.js';

export const CATALOG = 'awsdatacatalog';

export interface ResultColumn extends AthenaColumnType {
  Name: string;
}

export interface SelectOutcome {
  columns: ResultColumn[];
  rowCount: number;
  bytesScanned: number;
}

export class QueryFailure extends Error {
  constructor(readonly mapped: MappedError) {
    super(mapped.reason);
  }
}

/** Athena names expression columns `_colN`; plain column references keep their (lower-cased) name. */
function athenaName(duckName: string, index: number): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(duckName) ? duckName.toLowerCase() : `_col${index}`;
}

/** Text Athena writes for a value of this DuckDB type, as a SQL expression over positional column `#i`. */
function formatted(i: number, duckType: string): string {
  const t = duckType.toUpperCase();
  if (t === 'TIMESTAMP WITH TIME ZONE') return `strftime(#${i}, '%Y-%m-%d %H:%M:%S.%g UTC')`;
  if (t.startsWith('TIMESTAMP')) return `strftime(#${i}, '%Y-%m-%d %H:%M:%S.%g')`;
  return `#${i}`;
}

/** translateSql, with what it refuses (e.g. a computed format_datetime pattern) as Athena's NOT_SUPPORTED. */
function translated(athenaSql: string): string {
  try {
    return translateSql(athenaSql);
  } catch (e) {
    if (!(e instanceof UnsupportedSql)) throw e;
    const lead = athenaSql.length - athenaSql.trimStart().length;
    throw new QueryFailure({ reason: `NOT_SUPPORTED: line ${lineCol(athenaSql, lead + e.offset)}: ${e.message}`, category: 2, type: 1100 });
  }
}

/** The folder every bucket of the lake lives under (what the sandbox lets DuckDB read). */
function lakeRoot(lake: Lake): string {
  const a = lake.objectPath('bucket-a', 'k').split(path.sep);
  const b = lake.objectPath('bucket-b', 'k').split(path.sep);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const root = a.slice(0, i).join(path.sep);
  // Never the whole file system: the sandbox would be no sandbox.
  if (path.resolve(root || path.sep) === path.parse(path.resolve(root || path.sep)).root) throw new Error(`lake root ${root || path.sep} is not a folder of its own`);
  return root;
}

export class DuckEngine {
  private conn?: Promise<DuckDBConnection>;
  private instance?: DuckDBInstance;
  /** An empty instance only for getTableNames, which skips names that resolve to existing views. */
  private parser?: { instance: DuckDBInstance; conn: DuckDBConnection };
  private readonly profileFile: string;
  /** View name → the SELECT it was created with. */
  private readonly views = new Map<string, string>();

  constructor(
    private readonly workDir: string,
    private readonly lake: () => Lake,
    private readonly glue: () => GlueInternal | undefined,
  ) {
    this.profileFile = path.join(workDir, 'profile.json');
  }

  private connection(): Promise<DuckDBConnection> {
    this.conn ??= (async () => {
      // Loaded on the first query: opening the emulator (e.g. for `status`) never pays for DuckDB's native library.
      const { DuckDBInstance } = await import('@duckdb/node-api');
      fs.mkdirSync(this.workDir, { recursive: true });
      this.instance = await DuckDBInstance.create(':memory:');
      const c = await this.instance.connect();
      await c.run(`SET TimeZone = 'UTC'`);
      await c.run(`ATTACH ':memory:' AS ${CATALOG}`);
      for (const m of MACROS) await c.run(m);
      const tempDir = path.join(this.workDir, 'spill');
      const allowed = [lakeRoot(this.lake()), this.workDir];
      for (const s of sandboxStatements({ allowed, tempDir, profileFile: this.profileFile })) await c.run(s);
      const parserInstance = await DuckDBInstance.create(':memory:');
      const parserConn = await parserInstance.connect();
      // getTableNames binds function calls: without the macros it silently returns no names for any query that
      // calls one (from_iso8601_timestamp, regexp_like, …), and the query then misses its tables.
      for (const m of MACROS) await parserConn.run(m);
      // Binding may open files too (a table function's glob): this instance may touch none.
      for (const s of sandboxStatements({ allowed: [], tempDir })) await parserConn.run(s);
      this.parser = { instance: parserInstance, conn: parserConn };
      return c;
    })();
    return this.conn;
  }

  /** Interrupt the running statement (StopQueryExecution). */
  async interrupt(): Promise<void> {
    if (this.conn) (await this.conn).interrupt();
  }

  /** Views for the Glue tables the query names (unqualified names resolve in `database`). */
  private async defineRelations(c: DuckDBConnection, sql: string, database: string): Promise<Relation[]> {
    let names: readonly string[] = [];
    try {
      names = this.parser!.conn.getTableNames(sql, true);
      // An unknown function also empties the list (no error): take the tables from the parse tree instead, so
      // the run reports the function, not a missing table.
      if (!names.length) names = await this.parsedTableNames(sql);
    } catch {
      // Unparseable: the run reports the syntax error.
    }
    const rels: Relation[] = [];
    await c.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${q(database)}`);
    await c.run(`USE ${CATALOG}.${q(database)}`);
    for (const full of new Set(names)) {
      // getTableNames may append an alias or a sample clause (`events AS e`, `events TABLESAMPLE …`): keep the name.
      const qualified = /^(?:"(?:[^"]|"")*"|[^\s."]+)(?:\.(?:"(?:[^"]|"")*"|[^\s."]+))*/.exec(full)?.[0] ?? full;
      const parts = qualified.split('.').map((p) => p.replace(/^"|"$/g, '').toLowerCase());
      if (parts.length > 3 || (parts.length === 3 && parts[0] !== CATALOG)) continue;
      const name = parts[parts.length - 1]!;
      const db = parts.length >= 2 ? parts[parts.length - 2]! : database;
      const table = this.glue()?.getTable(db, name);
      await c.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${q(db)}`);
      const target = `${CATALOG}.${q(db)}.${q(name)}`;
      if (!table) {
        this.views.delete(target);
        await c.run(`DROP VIEW IF EXISTS ${target}`);
        continue;
      }
      const rel = await buildRelation(c, this.lake(), db, table);
      // Same objects, same schema: the view already says this (skips re-binding thousands of files).
      if (this.views.get(target) !== rel.select) {
        this.views.delete(target);
        await c.run(`CREATE OR REPLACE VIEW ${target} AS ${rel.select}`);
        this.views.set(target, rel.select);
      }
      rels.push(rel);
    }
    return rels;
  }

  /** DuckDB's parse tree of a query (json_serialize_sql), or its parse error; refuses any other statement. */
  private async parseTree(sql: string): Promise<{ statements?: unknown[]; parseError?: string }> {
    const reader = await this.parser!.conn.runAndReadAll(`SELECT json_serialize_sql(${lit(sql)})`);
    const tree = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}'));
    if (!tree.error) return { statements: tree.statements ?? [] };
    if (tree.error_type === 'parser') return { parseError: String(tree.error_message) };
    throw new SandboxRefusal('NOT_SUPPORTED', 'Only queries (SELECT, WITH, VALUES, EXPLAIN) run here', 0);
  }

  /** `[schema.]table` of every base-table reference in the parse tree (CTE names too: they resolve to no Glue table). */
  private async parsedTableNames(sql: string): Promise<string[]> {
    const reader = await this.parser!.conn.runAndReadAll(`SELECT json_serialize_sql(${lit(sql)})`);
    const names: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'BASE_TABLE' && typeof n.table_name === 'string') {
        const parts = [n.catalog_name, n.schema_name, n.table_name].filter((p): p is string => typeof p === 'string' && p !== '');
        names.push(parts.map((p) => q(p)).join('.'));
      }
      Object.values(n).forEach(walk);
    };
    walk(JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}')));
    return names;
  }

  /** Run a SELECT, writing Athena's CSV (all values quoted, header line, NULL as an empty field) to `csvFile`. */
  async runSelect(athenaSql: string, database: string, csvFile: string): Promise<SelectOutcome> {
    const c = await this.connection();
    let shift = 0;
    try {
      const sql = translated(athenaSql);
      // Before any DuckDB call: extracting `IMPORT DATABASE 'dir'` already reads files.
      if (!isQueryStatement(sql)) throw this.refusal(athenaSql, new SandboxRefusal('NOT_SUPPORTED', 'Only queries (SELECT, WITH, VALUES, EXPLAIN) run here', 0), 0);
      const statements = await this.parser!.conn.extractStatements(sql);
      if (statements.count > 1) {
        throw new QueryFailure({ reason: `INVALID_INPUT: Only one sql statement is allowed. Got: ${athenaSql}`, category: 2, type: 1100 });
      }
      await this.sandboxCheck(athenaSql, sql);
      const rels = await this.defineRelations(c, sql, database);
      if (/^explain\b/i.test(sql)) return await this.explain(c, sql, csvFile);
      shift = 'DESCRIBE '.length;
      const described = (await c.runAndReadAll(`DESCRIBE ${sql}`)).getRows();
      shift = 0;
      const columns = described.map((r, i) => ({ Name: athenaName(String(r[0]), i), ...duckToAthena(String(r[1])) }));
      const projections = described.map((r, i) => `${formatted(i + 1, String(r[1]))} AS ${q(columns[i]!.Name)}`);
      fs.mkdirSync(path.dirname(csvFile), { recursive: true });
      // Profiling is on for every statement of the locked connection (sandbox.ts): the COPY's profile is the last.
      fs.rmSync(this.profileFile, { force: true });
      const copied = await c.runAndReadAll(
        `COPY (SELECT ${projections.join(', ')} FROM (${sql}) __athena_q) TO ${lit(csvFile)} (FORMAT csv, HEADER true, FORCE_QUOTE *)`,
      );
      const rowCount = Number(copied.getRows()[0]?.[0] ?? 0);
      const profile = JSON.parse(fs.readFileSync(this.profileFile, 'utf8'));
      const bytesScanned = await scannedBytes(c, profile, rels);
      return { columns, rowCount, bytesScanned };
    } catch (e) {
      if (e instanceof QueryFailure) throw e;
      throw new QueryFailure(mapDuckError(athenaSql, (e as Error).message, database, shift));
    }
  }

  /** Layer 2 of the sandbox (see sandbox.ts): a single query statement with no file or engine functions. */
  private refusal(athenaSql: string, e: SandboxRefusal, offset: number): QueryFailure {
    const lead = athenaSql.length - athenaSql.trimStart().length;
    return new QueryFailure({ reason: `${e.code}: line ${lineCol(athenaSql, lead + offset)}: ${e.message}`, category: 2, type: 1100 });
  }

  private async sandboxCheck(athenaSql: string, sql: string): Promise<void> {
    const refuse = (e: SandboxRefusal, offset: number) => this.refusal(athenaSql, e, offset);
    const body = sql.replace(/^\s*explain(?:\s+analyze)?(?:\s*\([^)]*\))?\s+/i, '');
    try {
      const { statements } = await this.parseTree(body);
      // A parse error: the run itself reports it (and DuckDB parses the text no differently there).
      if (statements) checkTree(statements);
    } catch (e) {
      if (!(e instanceof SandboxRefusal)) throw e;
      // Offsets are into the translated text: point at the call's name in the user's text when it is there.
      const m = /'([^']+)'/.exec(e.message);
      const at = m ? athenaSql.trimStart().toLowerCase().indexOf(m[1]!.toLowerCase()) : -1;
      throw refuse(e, at >= 0 ? at : e.offset);
    }
  }

  /** EXPLAIN [ANALYZE]: DuckDB's plan text (not Trino's), one line per row under Athena's `Query Plan` column. */
  private async explain(c: DuckDBConnection, sql: string, csvFile: string): Promise<SelectOutcome> {
    const rows = (await c.runAndReadAll(sql)).getRows();
    const lines = rows.flatMap((r) => String(r[r.length - 1] ?? '').split('\n'));
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    fs.mkdirSync(path.dirname(csvFile), { recursive: true });
    fs.writeFileSync(csvFile, [quote('Query Plan'), ...lines.map(quote)].join('\n') + '\n');
    const column = { Name: 'Query Plan', ...duckToAthena('VARCHAR') };
    return { columns: [column], rowCount: lines.length, bytesScanned: 0 };
  }

  async close(): Promise<void> {
    if (this.conn) {
      const c = await this.conn.catch(() => undefined);
      c?.closeSync();
    }
    this.instance?.closeSync();
    this.parser?.conn.closeSync();
    this.parser?.instance.closeSync();
    this.parser = undefined;
    this.conn = undefined;
    this.views.clear();
  }
}
