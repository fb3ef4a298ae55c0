// The local Athena's SQL cannot reach the machine (issue 11): every probe an attacker would try through
// StartQueryExecution (file-reading table functions, replacement scans, COPY/ATTACH/INSTALL/PRAGMA/SET, engine
// functions, the same hidden in CTEs, subqueries, EXPLAIN) FAILS with an Athena-style reason, never returns a
// sentinel file's content, never writes outside the lake; and DuckDB's own sandbox holds by itself as well.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { sandboxStatements } from '../../src/local/engine/duckdb/sandbox.js';
import { createEventsTable, eventsRows, openLocalForTest, runQuery, writeParquet, type LocalTestClients } from '../local/athena/helpers.js';
import { tempDirForFile } from '../support/tmp.js';

const outside = tempDirForFile('sql-sandbox-');
const SECRET = 'sentinel-7f3a9c-not-for-sql';
const sentinel = path.join(outside, 'secret.txt');
const sentinelCsv = path.join(outside, 'secret.csv');
const written = path.join(outside, 'written.csv');

let c: LocalTestClients;
before(async () => {
  fs.writeFileSync(sentinel, SECRET);
  fs.writeFileSync(sentinelCsv, `a\n${SECRET}\n`);
  c = await openLocalForTest();
  await createEventsTable(c);
  await writeParquet(c, 'lake', 'events/year=2026/month=11/part-0.parquet', eventsRows(10));
});
after(async () => {
  await c?.close();
});

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Probes and the reason prefix each must fail with (Athena's error codes, never DuckDB's words). */
function probes(dataDir: string): Array<[string, RegExp]> {
  const glueFile = path.join(dataDir, 'glue');
  const refused = /^(NOT_SUPPORTED|FUNCTION_NOT_FOUND|SYNTAX_ERROR|TABLE_NOT_FOUND): /;
  return [
    [`SELECT * FROM read_text(${lit(sentinel)})`, refused],
    [`SELECT content FROM read_blob(${lit(sentinel)})`, refused],
    [`SELECT * FROM read_csv(${lit(sentinelCsv)})`, refused],
    [`SELECT * FROM read_csv_auto(${lit(sentinelCsv)})`, refused],
    [`SELECT * FROM read_json_auto(${lit(sentinel)})`, refused],
    [`SELECT * FROM read_parquet(${lit(sentinel)})`, refused],
    [`SELECT * FROM glob('/etc/*')`, refused],
    [`SELECT * FROM glob(${lit(outside + '/*')})`, refused],
    [`SELECT * FROM parquet_metadata(${lit(sentinel)})`, refused],
    [`SELECT * FROM ${lit(sentinelCsv)}`, refused],
    [`SELECT * FROM "${sentinelCsv}"`, refused],
    [`SELECT * FROM read_text(${lit(glueFile + '/*')})`, refused],
    [`SELECT * FROM query(${lit(`SELECT * FROM read_text(${lit(sentinel)})`)})`, refused],
    [`SELECT * FROM query_table('events')`, refused],
    [`SELECT current_setting('allowed_directories')`, refused],
    [`SELECT getenv('HOME')`, refused],
    [`SELECT * FROM duckdb_settings()`, refused],
    [`SELECT * FROM pragma_version()`, refused],
    [`WITH x AS (SELECT * FROM read_text(${lit(sentinel)})) SELECT * FROM x`, refused],
    [`SELECT 1 WHERE EXISTS (SELECT * FROM read_text(${lit(sentinel)}))`, refused],
    [`SELECT (SELECT content FROM read_text(${lit(sentinel)}))`, refused],
    [`SELECT * FROM events, read_text(${lit(sentinel)})`, refused],
    [`EXPLAIN SELECT * FROM read_text(${lit(sentinel)})`, refused],
    [`EXPLAIN ANALYZE SELECT * FROM read_text(${lit(sentinel)})`, refused],
    [`COPY (SELECT 1) TO ${lit(written)}`, refused],
    [`COPY events TO ${lit(written)}`, refused],
    [`ATTACH ${lit(path.join(outside, 'x.duckdb'))} AS x`, refused],
    [`INSTALL httpfs`, refused],
    [`LOAD httpfs`, refused],
    [`EXPORT DATABASE ${lit(path.join(outside, 'export'))}`, refused],
    [`IMPORT DATABASE ${lit(outside)}`, refused],
    [`PRAGMA version`, refused],
    [`SET enable_external_access = true`, refused],
    [`RESET lock_configuration`, refused],
    [`CALL pragma_version()`, refused],
    [`CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')`, refused],
    [`CREATE TABLE t AS SELECT * FROM read_text(${lit(sentinel)})`, refused],
    [`FROM read_text(${lit(sentinel)})`, refused],
    [`SUMMARIZE SELECT 1`, refused],
    [`SELECT 1; SELECT * FROM read_text(${lit(sentinel)})`, /^(INVALID_INPUT|NOT_SUPPORTED|SYNTAX_ERROR)/],
  ];
}

test('every file/engine probe FAILS with an Athena error, reads no sentinel and writes nothing', async () => {
  for (const [sql, reason] of probes(c.dataDir)) {
    const q = await runQuery(c, sql);
    const why = q.Status?.StateChangeReason ?? '';
    assert.equal(q.Status?.State, 'FAILED', `${sql} → ${q.Status?.State}`);
    assert.match(why, reason, sql);
    assert.ok(!why.includes(SECRET), `${sql} leaked the sentinel in its error`);
    assert.doesNotMatch(why, /Permission Error|Binder Error|Catalog Error|Parser Error/, `${sql}: DuckDB's words leak: ${why}`);
    await assert.rejects(c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId })));
  }
  assert.equal(fs.existsSync(written), false, 'COPY wrote outside the lake');
  assert.equal(fs.existsSync(path.join(outside, 'export')), false, 'EXPORT DATABASE wrote outside the lake');
  assert.equal(fs.existsSync(path.join(outside, 'x.duckdb')), false, 'ATTACH created a database file');
  assert.deepEqual(fs.readdirSync(outside).sort(), ['secret.csv', 'secret.txt']);
});

test('a refusal points at the call in the user text; catalog queries still work after the probes', async () => {
  // Trino's grammar has no bare table functions in FROM: the same syntax error Athena gives.
  const q = await runQuery(c, `SELECT 1 AS x FROM events, read_text(${lit(sentinel)})`);
  assert.match(q.Status!.StateChangeReason!, /^SYNTAX_ERROR: line 1:37: mismatched input '\('/);
  const fn = await runQuery(c, `SELECT 1 AS x FROM events WHERE current_setting('allowed_directories') <> ''`);
  assert.equal(fn.Status!.StateChangeReason, `FUNCTION_NOT_FOUND: line 1:33: Function 'current_setting' not registered`);
  const ok = await runQuery(c, 'SELECT count(*) FROM events');
  assert.equal(ok.Status?.State, 'SUCCEEDED', ok.Status?.StateChangeReason);
  const rows = (await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: ok.QueryExecutionId }))).ResultSet?.Rows;
  assert.equal(rows?.[1]?.Data?.[0]?.VarCharValue, '10');
});

test('layer 1 alone: a locked DuckDB reads only its allowed folders and cannot SET its way out', async () => {
  const lake = path.join(outside, 'lake');
  fs.mkdirSync(lake, { recursive: true });
  fs.writeFileSync(path.join(lake, 'ok.txt'), 'inside');
  // A sibling whose name extends the allowed folder's: a prefix match without the separator would allow it.
  fs.mkdirSync(`${lake}-other`, { recursive: true });
  fs.writeFileSync(path.join(`${lake}-other`, 'no.txt'), SECRET);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    for (const s of sandboxStatements({ allowed: [lake], tempDir: path.join(lake, 'spill') })) await conn.run(s);
    const inside = await conn.runAndReadAll(`SELECT content FROM read_text(${lit(path.join(lake, 'ok.txt'))})`);
    assert.equal(inside.getRows()[0]?.[0], 'inside');
    for (const sql of [
      `SELECT content FROM read_text(${lit(sentinel)})`,
      `SELECT content FROM read_text(${lit(path.join(lake, '..', 'secret.txt'))})`,
      `SELECT content FROM read_text(${lit(path.join(`${lake}-other`, 'no.txt'))})`,
      `SELECT * FROM glob('/etc/*')`,
      `COPY (SELECT 1) TO ${lit(written)}`,
    ]) {
      await assert.rejects(conn.run(sql), /Permission Error|disabled/, sql);
    }
    for (const sql of [`SET enable_external_access = true`, `SET allowed_directories = ['/']`, `RESET lock_configuration`, `SET lock_configuration = false`]) {
      await assert.rejects(conn.run(sql), /locked/, sql);
    }
    await assert.rejects(conn.run(`SELECT content FROM read_text(${lit(sentinel)})`), /Permission Error|disabled/);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  assert.equal(fs.existsSync(written), false);
});

test('a view whose stored SQL (written straight into Glue by any client) probes the machine fails the same way', async () => {
  const { CreateTableCommand } = await import('@aws-sdk/client-glue');
  const probes = [`SELECT current_setting('allowed_directories') AS x`, `SELECT 1 AS x FROM "${sentinelCsv}"`, `SELECT 1 AS x; COPY (SELECT 1) TO ${lit(written)}`];
  for (const [i, sql] of probes.entries()) {
    const view = { originalSql: sql, catalog: 'awsdatacatalog', schema: 'analytics', columns: [{ name: 'x', type: 'integer' }] };
    await c.glue.send(new CreateTableCommand({
      DatabaseName: 'analytics',
      TableInput: {
        Name: `evil${i}`, TableType: 'VIRTUAL_VIEW', Parameters: { presto_view: 'true' },
        ViewOriginalText: `/* Presto View: ${Buffer.from(JSON.stringify(view)).toString('base64')} */`, ViewExpandedText: '/* Presto View */',
        StorageDescriptor: { Columns: [{ Name: 'x', Type: 'int' }] },
      },
    }));
    const q = await runQuery(c, `SELECT * FROM evil${i}`);
    assert.equal(q.Status?.State, 'FAILED', sql);
    // Trino reports any failure inside a stored view as INVALID_VIEW naming the view.
    assert.match(q.Status!.StateChangeReason!, new RegExp(`^INVALID_VIEW: line 1:15: Failed analyzing stored view 'awsdatacatalog\\.analytics\\.evil${i}': `), sql);
  }
  assert.equal(fs.existsSync(written), false);
});
