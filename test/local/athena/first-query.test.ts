// SQL people type at Athena, each on a fresh emulator (as every CLI `query` is): the first query must find its
// tables even when it calls a translation macro (from_iso8601_timestamp, …) or an unknown function; Trino-isms
// (TABLESAMPLE, approx_distinct, element_at, SHOW COLUMNS, …) answer as Athena would.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { createEventsTable, eventsRows, openLocalForTest, runQuery, writeParquet, type LocalTestClients } from './helpers.js';

let c: LocalTestClients | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

async function fresh(): Promise<LocalTestClients> {
  c = await openLocalForTest();
  await createEventsTable(c);
  await writeParquet(c, 'lake', 'events/year=2026/month=11/part-0.parquet', eventsRows(100));
  return c;
}

test('a macro-translated function in the first query still sees the table', async () => {
  const c = await fresh();
  const q = await runQuery(c, `SELECT count(*) FROM events WHERE ts >= from_iso8601_timestamp('2026-11-01T00:00:50Z')`);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  assert.equal(r.ResultSet?.Rows?.[1]?.Data?.[0]?.VarCharValue, '50');
});

test('new objects are seen by a macro-using query after an earlier query defined the view', async () => {
  const c = await fresh();
  assert.equal((await runQuery(c, 'SELECT count(*) FROM events')).Status?.State, 'SUCCEEDED');
  await writeParquet(c, 'lake', 'events/year=2026/month=11/part-1.parquet', eventsRows(100, 100));
  const q = await runQuery(c, `SELECT count(*) FROM events WHERE regexp_like(event_id, '^e')`);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  assert.equal(r.ResultSet?.Rows?.[1]?.Data?.[0]?.VarCharValue, '200');
});

test('an unknown function is reported as such, not as a missing table', async () => {
  const c = await fresh();
  const q = await runQuery(c, 'SELECT no_such_fn(event_id) FROM events');
  assert.equal(q.Status?.State, 'FAILED');
  assert.match(q.Status!.StateChangeReason!, /^FUNCTION_NOT_FOUND: .*no_such_fn/);
});

test("Trino's TABLESAMPLE BERNOULLI (percent) samples the table", async () => {
  const c = await fresh();
  const q = await runQuery(c, 'SELECT count(*) FROM events TABLESAMPLE BERNOULLI (100)');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  assert.equal(r.ResultSet?.Rows?.[1]?.Data?.[0]?.VarCharValue, '100');
  const none = await runQuery(c, 'SELECT count(*) FROM events e TABLESAMPLE SYSTEM (0)');
  assert.equal(none.Status?.State, 'SUCCEEDED', none.Status?.StateChangeReason);
});

test("approx_distinct stays within Athena's 2.3% standard error (DuckDB's own sketch is off by 10-30%)", async () => {
  const c = await fresh();
  await writeParquet(c, 'lake', 'events/year=2026/month=11/part-1.parquet', eventsRows(20_000, 100));
  const q = await runQuery(c, 'SELECT approx_distinct(event_id), approx_distinct(user_id, 0.01) FROM events');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  const [ids, users] = r.ResultSet!.Rows![1]!.Data!.map((d) => Number(d.VarCharValue));
  assert.ok(Math.abs(ids! - 20_100) / 20_100 <= 0.023, `approx_distinct(event_id) = ${ids}, want ≈ 20100`);
  assert.equal(users, 10);
  assert.equal(r.ResultSet?.ResultSetMetadata?.ColumnInfo?.[0]?.Type, 'bigint');
});

test('SHOW COLUMNS lists data and partition columns; unsupported statements name what is supported', async () => {
  const c = await fresh();
  for (const sql of ['SHOW COLUMNS FROM events', 'SHOW COLUMNS IN analytics.events', 'show columns from events in analytics']) {
    const q = await runQuery(c, sql);
    assert.equal(q.Status?.State, 'SUCCEEDED', `${sql}: ${q.Status?.StateChangeReason}`);
    const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    const names = r.ResultSet!.Rows!.map((row) => row.Data?.[0]?.VarCharValue);
    assert.deepEqual(names, ['event_id', 'user_id', 'amount', 'ts', 'year', 'month']);
  }
  const ddl = await runQuery(c, 'ALTER TABLE events ADD COLUMNS (x int)');
  assert.equal(ddl.Status?.State, 'FAILED');
  assert.match(ddl.Status!.StateChangeReason!, /^NOT_SUPPORTED: the local Athena runs queries, SHOW\/DESCRIBE, CREATE EXTERNAL TABLE/);
});

test('objects at different folder depths in one partition (an old hour= layout beside the new one) are all read', async () => {
  const c = await fresh();
  await writeParquet(c, 'lake', 'events/year=2026/month=11/hour=07/part-1.parquet', eventsRows(50, 100));
  const q = await runQuery(c, 'SELECT count(*), count(DISTINCT month) FROM events WHERE year = 2026 AND month = 11');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  assert.deepEqual(r.ResultSet?.Rows?.[1]?.Data?.map((d) => d.VarCharValue), ['150', '1']);
});

test('more Trino names: day_of_year/doy, current_timezone(), map_agg', async () => {
  const c = await fresh();
  const q = await runQuery(c, `SELECT day_of_year(DATE '2026-02-01'), doy(DATE '2026-02-01'), current_timezone(),
    map_agg(user_id, n)[3] FROM (SELECT user_id, count(*) AS n FROM events GROUP BY user_id)`);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  assert.deepEqual(r.ResultSet?.Rows?.[1]?.Data?.map((d) => d.VarCharValue), ['32', '32', 'UTC', '10']);
});

test('element_at works on arrays (1-based, negative from the end) and maps (the value)', async () => {
  const c = await fresh();
  const q = await runQuery(c, `SELECT element_at(split('a@b.c', '@'), 2), element_at(ARRAY[1, 2, 3], -1), element_at(ARRAY[1], 5),
    element_at(map(ARRAY['k'], ARRAY[7]), 'k')`);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  assert.deepEqual(r.ResultSet?.Rows?.[1]?.Data?.map((d) => d.VarCharValue ?? null), ['b.c', '3', null, '7']);
});

test('DESCRIBE: every row has its three cells (the partition section separators are blank, not NULL)', async () => {
  const c = await fresh();
  const q = await runQuery(c, 'DESCRIBE events');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  const rows = r.ResultSet!.Rows!.map((row) => row.Data!.map((d) => d.VarCharValue ?? null));
  assert.deepEqual(rows.slice(6), [['', '', ''], ['# Partition Information', '', ''], ['# col_name', 'data_type', 'comment'], ['', '', ''], ['year', 'int', ''], ['month', 'int', '']]);
});
