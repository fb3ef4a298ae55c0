// One DuckDB instance per emulator, one query at a time (Athena's QUEUED state covers the wait). Each query:
// (re)define the views of the Glue tables it references over the objects that exist now, bind it to learn the
// result columns, then COPY the result straight into the CSV file Athena writes (no rows through JS), with the
// JSON profile giving the files each scan read (→ DataScannedInBytes).
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { GlueInternal } from '../../types.js';
import { lineCol, mapDuckError } from './errors.js';
import type { Lake } from './lake.js';
import { duckSchema, informationSchemaSelect, isInformationSchema } from './information-schema.js';
import { buildRelation, injectedViolation, lit, q, type Relation } from './relations.js';
import { decodeView } from './presto-view.js';
import { checkTree, isQueryStatement, lakeRoot, SandboxRefusal, sandboxStatements } from './sandbox.js';
import { runtimeOf, type ProfileRuntime } from './profile-plan.js';
import { scannedBytes } from './scanned.js';
import { macros, type TableReference } from './translate.js';
import { athenaName, CATALOG, formatted, translated } from './athena-sql.js';
import { duckToAthena, duckToTrino, type AthenaColumnType } from './types.js';
import { isIcebergTable } from '../../iceberg/index.js';
import { IcebergViews } from './iceberg/views.js';
import { QueryFailure } from './query-failure.js';


export interface ResultColumn extends AthenaColumnType {
  Name: string;
}

export interface SelectOutcome {
  columns: ResultColumn[];
  rowCount: number;
  bytesScanned: number;
  runtime?: ProfileRuntime;
}


export class DuckEngine {
  private conn?: Promise<DuckDBConnection>;
  private instance?: DuckDBInstance;
  /** An empty instance only for getTableNames, which skips names that resolve to existing views. */
  private parser?: { instance: DuckDBInstance; conn: DuckDBConnection };
  private readonly profileFile: string;
  /** View name → the SELECT it was created with. */
  private readonly views = new Map<string, string>();
  /** Result columns of recent queries, keyed by the SQL and the definitions of the views it read: binding a view
   * over thousands of small objects costs as much as the query, and dashboards repeat the same queries. */
  private readonly described = new Map<string, unknown[][]>();
  /** Schemas created in the attached catalog, and the one USE'd last: every statement costs a profile write. */
  private readonly schemas = new Set<string>();
  private currentSchema?: string;

  private async ensureSchema(c: DuckDBConnection, database: string): Promise<void> {
    if (this.schemas.has(database)) return;
    await c.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${q(duckSchema(database))}`);
    this.schemas.add(database);
  }

  /** Iceberg tables and their metadata tables (iceberg/views.ts). */
  private readonly iceberg: IcebergViews;

  /** Bumped whenever a view is (re)defined: a cached description is valid only for the views it was made with. */
  private viewsVersion = 0;

  constructor(
    private readonly workDir: string,
    private readonly lake: () => Lake,
    private readonly glue: () => GlueInternal | undefined,
  ) {
    this.profileFile = path.join(workDir, 'profile.json');
    this.iceberg = new IcebergViews({
      lake,
      glue,
      workDir,
      sandboxCheck: (athenaSql, sql) => this.sandboxCheck(athenaSql, sql),
      defineView: (c, target, select) => this.defineView(c, target, select),
      ensureSchema: (c, database) => this.ensureSchema(c, database),
    });
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
      // Trino's `/` on integers is integer division (7 / 2 = 3); set before the configuration is locked.
      await c.run(`SET integer_division = true`);
      // Late materialization scans a table twice for ORDER BY … LIMIT (keys, then rows): Athena bills one scan.
      await c.run(`SET late_materialization_max_rows = 0`);
      for (const m of macros()) await c.run(m);
      const tempDir = path.join(this.workDir, 'spill');
      const allowed = [lakeRoot(this.lake()), this.workDir];
      for (const s of sandboxStatements({ allowed, tempDir, profileFile: this.profileFile })) await c.run(s);
      const parserInstance = await DuckDBInstance.create(':memory:');
      const parserConn = await parserInstance.connect();
      // Only parses (json_serialize_sql, for the sandbox's check); locked all the same, reading no file.
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

  /** Views for the Glue tables the query names; a name Glue does not know fails as Athena's TABLE_NOT_FOUND. */
  private async defineRelations(c: DuckDBConnection, athenaSql: string, tables: TableReference[], database: string, hidden: boolean, depth = 0): Promise<Relation[]> {
    const rels: Relation[] = [];
    if (depth === 0) {
      await this.ensureSchema(c, database);
      if (this.currentSchema !== database) {
        await c.run(`USE ${CATALOG}.${q(duckSchema(database))}`);
        this.currentSchema = database;
      }
    }
    const seen = new Set<string>();
    for (const ref of tables) {
      const target = `${CATALOG}.${q(duckSchema(ref.database))}.${q(ref.view ?? ref.name)}`;
      if (seen.has(target)) continue;
      seen.add(target);
      const glue = this.glue();
      const catalogView = glue && isInformationSchema(ref.database) ? informationSchemaSelect(ref.name, glue) : undefined;
      if (catalogView !== undefined) {
        await this.ensureSchema(c, ref.database);
        await this.defineView(c, target, catalogView);
        continue;
      }
      const table = glue?.getTable(ref.database, ref.name);
      if (!table) {
        const meta = await this.iceberg.metadataTable(c, athenaSql, ref, target);
        if (meta) {
          rels.push(meta);
          continue;
        }
        if (this.views.delete(target)) this.viewsVersion++;
        throw new QueryFailure({
          reason: `TABLE_NOT_FOUND: line ${lineCol(athenaSql, ref.offset)}: Table '${CATALOG}.${ref.database}.${ref.name}' does not exist`,
          category: 2,
          type: 1301,
        });
      }
      if (isIcebergTable(table)) {
        await this.ensureSchema(c, ref.database);
        rels.push(await this.iceberg.icebergView(c, athenaSql, ref, target, hidden));
        continue;
      }
      // Trino's Hive connector has no versions.
      if (ref.period) throw new QueryFailure({ reason: 'NOT_SUPPORTED: This connector does not support versioned tables', category: 2, type: 1100 });
      await this.ensureSchema(c, ref.database);
      const view = decodeView(table);
      if (view) {
        // A view stored as Athena stores it: its own SQL, translated in its own schema, over its own relations.
        if (depth >= 10) throw new QueryFailure({ reason: `NOT_SUPPORTED: view ${ref.database}.${ref.name} nests more than 10 views`, category: 2, type: 1100 });
        const schema = view.schema || ref.database;
        try {
          const inner = await translated(view.originalSql, schema, this.glue());
          // A view's text comes from Glue, which any client may write: the same sandbox check as a query.
          await this.sandboxCheck(view.originalSql, inner.sql);
          rels.push(...(await this.defineRelations(c, view.originalSql, inner.tables, schema, false, depth + 1)));
          await this.defineView(c, target, inner.sql);
        } catch (e) {
          // Trino names the stored view whose SQL no longer analyzes (a column dropped, a table gone).
          const inner = e instanceof QueryFailure ? e.mapped.reason : mapDuckError(view.originalSql, (e as Error).message.split('\n')[0]!, schema).reason;
          throw new QueryFailure({
            reason: `INVALID_VIEW: line ${lineCol(athenaSql, ref.offset)}: Failed analyzing stored view '${CATALOG}.${ref.database}.${ref.name}': ${inner.replace(/^[A-Z_]+: /, '')}`,
            category: 2,
            type: 1100,
          });
        }
        continue;
      }
      if (table.TableType === 'VIRTUAL_VIEW') {
        throw new QueryFailure({ reason: `NOT_SUPPORTED: line ${lineCol(athenaSql, ref.offset)}: ${ref.database}.${ref.name} is a Hive view, which Athena cannot query either`, category: 2, type: 1100 });
      }
      const injected = injectedViolation(table, athenaSql);
      if (injected) throw new QueryFailure({ reason: injected, category: 2, type: 1100 });
      const rel = await buildRelation(c, this.lake(), ref.database, table, hidden);
      await this.defineView(c, target, rel.select);
      rels.push(rel);
    }
    return rels;
  }

  /** (Re)define a view; the same SELECT as last time means the same objects and schema, so binding is skipped
   * (thousands of files need not be re-read). */
  private async defineView(c: DuckDBConnection, target: string, select: string): Promise<void> {
    if (this.views.get(target) === select) return;
    this.views.delete(target);
    await c.run(`CREATE OR REPLACE VIEW ${target} AS ${select}`);
    this.views.set(target, select);
    this.viewsVersion++;
  }

  /** DuckDB's parse tree of a query (json_serialize_sql), or its parse error; refuses any other statement. */
  private async parseTree(sql: string): Promise<{ statements?: unknown[]; parseError?: string }> {
    const reader = await this.parser!.conn.runAndReadAll(`SELECT json_serialize_sql(${lit(sql)})`);
    const tree = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}'));
    if (!tree.error) return { statements: tree.statements ?? [] };
    if (tree.error_type === 'parser') return { parseError: String(tree.error_message) };
    throw new SandboxRefusal('NOT_SUPPORTED', 'Only queries (SELECT, WITH, VALUES, EXPLAIN) run here', 0);
  }

  /** Run a SELECT, writing Athena's CSV (all values quoted, header line, NULL as an empty field) to `csvFile`. */
  async runSelect(athenaSql: string, database: string, csvFile: string): Promise<SelectOutcome> {
    const c = await this.connection();
    try {
      const t = await translated(athenaSql, database, this.glue());
      const sql = t.sql;
      // Before any other DuckDB call (the translation only ever emits a query; this holds if it did not).
      if (!isQueryStatement(sql)) throw this.refusal(athenaSql, new SandboxRefusal('NOT_SUPPORTED', 'Only queries (SELECT, WITH, VALUES, EXPLAIN) run here', 0), 0);
      await this.sandboxCheck(athenaSql, sql);
      const rels = await this.defineRelations(c, athenaSql, t.tables, database, t.hidden);
      if (t.explain) return await this.explain(c, `EXPLAIN ${t.explain === 'analyze' ? 'ANALYZE ' : ''}${sql}`, csvFile);
      const key = `${this.viewsVersion}\u0000${sql}`;
      let described = this.described.get(key);
      if (!described) {
        described = (await c.runAndReadAll(`DESCRIBE ${sql}`)).getRows();
        if (this.described.size >= 200) this.described.delete(this.described.keys().next().value!);
        this.described.set(key, described);
      }
      const columns = described.map((r, i) => ({ Name: athenaName(String(r[0]), i), ...duckToAthena(String(r[1])) }));
      const projections = described.map((r, i) => `${formatted(i + 1, String(r[1]))} AS ${q(columns[i]!.Name)}`);
      fs.mkdirSync(path.dirname(csvFile), { recursive: true });
      // Profiling is on for every statement of the locked connection (sandbox.ts): the COPY's profile is the last.
      fs.rmSync(this.profileFile, { force: true });
      const copied = await c.runAndReadAll(
        `COPY (SELECT ${projections.join(', ')} FROM (${sql}) __athena_q(${described.map((_, i) => `"__c${i + 1}"`).join(', ')})) TO ${lit(csvFile)} (FORMAT csv, HEADER true, FORCE_QUOTE *)`,
      );
      const rowCount = Number(copied.getRows()[0]?.[0] ?? 0);
      const profile = JSON.parse(fs.readFileSync(this.profileFile, 'utf8'));
      const bytesScanned = await scannedBytes(c, profile, rels);
      return { columns, rowCount, bytesScanned, runtime: runtimeOf(profile) };
    } catch (e) {
      if (e instanceof QueryFailure) throw e;
      // DuckDB's caret points into the translated text: only the message's first line is kept, and positions come
      // from the names it quotes, searched in the user's text.
      throw new QueryFailure(mapDuckError(athenaSql, (e as Error).message.split('\n')[0]!, database));
    }
  }

  /** Layer 2 of the sandbox (see sandbox.ts): a single query statement with no file or engine functions. */
  private refusal(athenaSql: string, e: SandboxRefusal, offset: number): QueryFailure {
    const lead = athenaSql.length - athenaSql.trimStart().length;
    return new QueryFailure({ reason: `${e.code}: line ${lineCol(athenaSql, lead + offset)}: ${e.message}`, category: 2, type: 1100 });
  }

  private async sandboxCheck(athenaSql: string, sql: string): Promise<void> {
    const refuse = (e: SandboxRefusal, offset: number) => this.refusal(athenaSql, e, offset);
    try {
      const { statements } = await this.parseTree(sql);
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

  /**
   * CTAS / INSERT INTO: runs the query and writes its rows as Snappy Parquet files under `dir` (inside the work
   * folder, the only place outside the lake the sandbox lets DuckDB write), hive folders for `partitionedBy`.
   * `columns` renames the result positionally and `types` casts it (INSERT INTO writes the table's types).
   */
  async writeQuery(
    athenaSql: string,
    database: string,
    opts: { dir: string; partitionedBy: string[]; columns?: string[]; types?: string[] },
  ): Promise<{ files: string[]; rows: number; bytesScanned: number; columns: Array<{ name: string; type: string }> }> {
    const c = await this.connection();
    try {
      const t = await translated(athenaSql, database, this.glue());
      if (t.explain) throw new QueryFailure({ reason: 'NOT_SUPPORTED: EXPLAIN cannot be written to a table', category: 2, type: 1100 });
      await this.sandboxCheck(athenaSql, t.sql);
      const rels = await this.defineRelations(c, athenaSql, t.tables, database, t.hidden);
      const described = (await c.runAndReadAll(`DESCRIBE ${t.sql}`)).getRows();
      if (opts.columns && opts.columns.length !== described.length) {
        throw new QueryFailure({ reason: `TYPE_MISMATCH: Insert query has ${described.length} columns, target table has ${opts.columns.length}`, category: 2, type: 1100 });
      }
      const names = opts.columns ?? described.map((r, i) => athenaName(String(r[0]), i));
      const inner = names.map((_, i) => `"__c${i + 1}"`).join(', ');
      const projections = names.map((n, i) => (opts.types ? `CAST("__c${i + 1}" AS ${opts.types[i]}) AS ${q(n)}` : `"__c${i + 1}" AS ${q(n)}`));
      for (const p of opts.partitionedBy) {
        if (!names.includes(p)) throw new QueryFailure({ reason: `INVALID_TABLE_PROPERTY: Partition column ${p} is not in the query's columns`, category: 2, type: 1100 });
      }
      fs.mkdirSync(opts.dir, { recursive: true });
      const partition = opts.partitionedBy.length ? `, PARTITION_BY (${opts.partitionedBy.map(q).join(', ')})` : '';
      fs.rmSync(this.profileFile, { force: true });
      const copied = await c.runAndReadAll(
        `COPY (SELECT ${projections.join(', ')} FROM (${t.sql}) __athena_q(${inner})) TO ${lit(partition ? opts.dir : path.join(opts.dir, 'data_0.parquet'))} (FORMAT parquet, COMPRESSION snappy${partition}${partition ? ', OVERWRITE_OR_IGNORE' : ''})`,
      );
      const profile = JSON.parse(fs.readFileSync(this.profileFile, 'utf8'));
      const bytesScanned = await scannedBytes(c, profile, rels);
      const files = (fs.readdirSync(opts.dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(opts.dir, f)).isFile());
      const columns = described.map((r, i) => ({ name: names[i]!, type: duckToTrino(String(r[1])) }));
      return { files, rows: Number(copied.getRows()[0]?.[0] ?? 0), bytesScanned, columns };
    } catch (e) {
      if (e instanceof QueryFailure) throw e;
      throw new QueryFailure(mapDuckError(athenaSql, (e as Error).message.split('\n')[0]!, database));
    }
  }

  /**
   * Iceberg writes (services/athena/ddl/iceberg-*.ts): translates and checks an Athena query as any other, defines
   * the views of the tables it reads except those in `replace` (`db.table` -> the SELECT its view is for this
   * statement: the DML target with its row ids, which is no query text a user could send), then hands the DuckDB
   * text and the connection to `use` (the runner runs one query at a time: nothing else uses it meanwhile). A
   * replaced view differs from what the next query defines, so that query redefines it. Without a query, only
   * the connection.
   */
  async withQuery<T>(
    athenaSql: string | undefined,
    database: string,
    replace: Map<string, string>,
    use: (c: DuckDBConnection, sql: string | undefined, columns: Array<{ name: string; type: string }>) => Promise<T>,
    /** The statement as the user wrote it: error positions point into it (names are searched there). */
    userSql?: string,
  ): Promise<T> {
    const c = await this.connection();
    try {
      if (athenaSql === undefined) return await use(c, undefined, []);
      const t = await translated(athenaSql, database, this.glue());
      if (t.explain) throw new QueryFailure({ reason: 'NOT_SUPPORTED: EXPLAIN cannot be written to a table', category: 2, type: 1100 });
      await this.sandboxCheck(athenaSql, t.sql);
      const own = t.tables.filter((r) => !replace.has(`${r.database}.${r.name}`));
      await this.defineRelations(c, athenaSql, own, database, t.hidden);
      for (const r of t.tables) {
        const select = replace.get(`${r.database}.${r.name}`);
        if (select === undefined) continue;
        await this.ensureSchema(c, r.database);
        // The name the translation gave the table's view (a time-travel reference may have its own).
        const target = `${CATALOG}.${q(r.database)}.${q((r as { view?: string }).view ?? r.name)}`;
        await c.run(`CREATE OR REPLACE VIEW ${target} AS ${select}`);
        this.views.set(target, select);
        this.viewsVersion++;
      }
      const described = (await c.runAndReadAll(`DESCRIBE ${t.sql}`)).getRows();
      return await use(c, t.sql, described.map((r) => ({ name: String(r[0]), type: String(r[1]) })));
    } catch (e) {
      if (e instanceof QueryFailure) throw e;
      if (athenaSql === undefined || !/^(Binder|Parser|Catalog|Conversion|Invalid Input|Out of Range|Constraint) Error/.test((e as Error).message)) throw e;
      throw new QueryFailure(mapDuckError(userSql ?? athenaSql, (e as Error).message.split('\n')[0]!, database));
    }
  }

  /** The columns (names and Trino types) a query returns, without running it: for CREATE VIEW. */
  async describeQuery(athenaSql: string, database: string): Promise<Array<{ name: string; type: string }>> {
    const c = await this.connection();
    try {
      const t = await translated(athenaSql, database, this.glue());
      if (t.explain) throw new QueryFailure({ reason: 'NOT_SUPPORTED: a view cannot be an EXPLAIN', category: 2, type: 1100 });
      await this.sandboxCheck(athenaSql, t.sql);
      await this.defineRelations(c, athenaSql, t.tables, database, t.hidden);
      const described = (await c.runAndReadAll(`DESCRIBE ${t.sql}`)).getRows();
      return described.map((r, i) => ({ name: athenaName(String(r[0]), i), type: duckToTrino(String(r[1])) }));
    } catch (e) {
      if (e instanceof QueryFailure) throw e;
      throw new QueryFailure(mapDuckError(athenaSql, (e as Error).message.split('\n')[0]!, database));
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
    this.described.clear();
    this.schemas.clear();
    this.currentSchema = undefined;
  }
}
