// Trino semantics the DuckDB translation must keep, through the real SDK clients: AT TIME ZONE, cardinality,
// typeof, date_add on dates, and Java (Joda) patterns in format_datetime / parse_datetime.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { createEventsTable, openLocalForTest, runQuery, type LocalTestClients } from './helpers.js';

let c: LocalTestClients;
before(async () => {
  c = await openLocalForTest();
  await createEventsTable(c);
});
after(async () => {
  await c.close();
});

/** Run one query and return its single result row (as strings; null for NULL) with the column types. */
async function one(sql: string): Promise<{ row: Array<string | null>; types: string[] }> {
  const q = await runQuery(c, sql);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  return {
    row: r.ResultSet!.Rows![1]!.Data!.map((d) => d.VarCharValue ?? null),
    types: r.ResultSet!.ResultSetMetadata!.ColumnInfo!.map((ci) => ci.Type!),
  };
}

test('ts AT TIME ZONE zone keeps the instant (Trino: the same moment shown in that zone)', async () => {
  const { row, types } = await one(`SELECT TIMESTAMP '2026-11-25 07:29:00' AT TIME ZONE 'America/New_York' AS ny,
      to_unixtime(TIMESTAMP '2026-11-25 07:29:00' AT TIME ZONE 'America/New_York') AS epoch,
      from_iso8601_timestamp('2026-11-25T07:29:00Z') AT TIME ZONE 'Asia/Tokyo' AS tokyo`);
  // Trino prints 2026-11-25 02:29:00.000 America/New_York: the same instant as 07:29 UTC, printed here in UTC.
  assert.deepEqual([row[0], Number(row[1]), row[2]], ['2026-11-25 07:29:00.000 UTC', Date.UTC(2026, 10, 25, 7, 29) / 1000, '2026-11-25 07:29:00.000 UTC']);
  assert.deepEqual(types, ['timestamp with time zone', 'double', 'timestamp with time zone']);
  const bad = await runQuery(c, `SELECT TIMESTAMP '2026-11-25 07:29:00' AT TIME ZONE 'Mars/Olympus'`);
  assert.equal(bad.Status?.State, 'FAILED', 'an unknown zone fails as in Trino');
});

test('cardinality counts array elements and map entries', async () => {
  const { row, types } = await one(`SELECT cardinality(ARRAY[1, 2, 3]) AS a, cardinality(MAP(ARRAY['x', 'y'], ARRAY[1, 2])) AS m,
      cardinality(ARRAY[]) AS e, cardinality(NULLIF(ARRAY[1], ARRAY[1])) AS n`);
  assert.deepEqual(row, ['3', '2', '0', null]);
  assert.equal(types[0], 'bigint');
});

test('typeof returns lowercase Trino type names', async () => {
  const { row } = await one(`SELECT typeof(CAST(7 AS bigint)), typeof('abc'), typeof(1.5e0), typeof(TIMESTAMP '2026-11-25 07:29:00'),
      typeof(DATE '2026-11-25'), typeof(true), typeof(CAST(7 AS integer)), typeof(from_iso8601_timestamp('2026-11-25T07:29:00Z')),
      typeof(ARRAY[1, 2])`);
  assert.deepEqual(row, ['bigint', 'varchar(3)', 'double', 'timestamp(3)', 'date', 'boolean', 'integer', 'timestamp(3) with time zone', 'array(integer)']);
});

test('date_add keeps the input type: a date stays a date, a timestamp a timestamp', async () => {
  const { row, types } = await one(`SELECT date_add('day', 1, DATE '2026-11-25') AS d, date_add('month', 1, DATE '2026-01-31') AS m,
      date_add('hour', 2, TIMESTAMP '2026-11-25 07:29:00') AS t`);
  assert.deepEqual(row, ['2026-11-26', '2026-02-28', '2026-11-25 09:29:00.000']);
  assert.deepEqual(types, ['date', 'date', 'timestamp']);
});

test('format_datetime / parse_datetime take Java DateTimeFormatter patterns', async () => {
  const { row, types } = await one(`SELECT format_datetime(TIMESTAMP '2026-11-25 07:29:05.123', 'yyyy-MM-dd HH:mm') AS f,
      format_datetime(TIMESTAMP '2026-03-05 17:04:05.123', 'EEE, d MMM yy h:mm:ss.SSS a ''at'' H''h''') AS g,
      parse_datetime('2026-11-25 07:29:00', 'yyyy-MM-dd HH:mm:ss') AS p,
      parse_datetime('5/3/2026 7', 'd/M/yyyy H') AS q`);
  assert.deepEqual(row, ['2026-11-25 07:29', "Thu, 5 Mar 26 5:04:05.123 PM at 17h", '2026-11-25 07:29:00.000 UTC', '2026-03-05 07:00:00.000 UTC']);
  assert.deepEqual(types, ['varchar', 'varchar', 'timestamp with time zone', 'timestamp with time zone']);
});

test('format_datetime with a computed pattern fails with a clear NOT_SUPPORTED reason', async () => {
  const q = await runQuery(c, `SELECT format_datetime(ts, event_id) FROM events`);
  assert.equal(q.Status?.State, 'FAILED');
  assert.match(q.Status!.StateChangeReason!, /^NOT_SUPPORTED: line 1:8: format_datetime .*literal pattern/);
  const letter = await runQuery(c, `SELECT parse_datetime('2026', 'xxxx')`);
  assert.equal(letter.Status?.State, 'FAILED');
  assert.match(letter.Status!.StateChangeReason!, /^NOT_SUPPORTED: line 1:8: parse_datetime: pattern letter 'x' \(in 'xxxx'\)/);
});
