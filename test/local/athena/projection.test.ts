// Athena partition projection as local Athena lists partitions: date ranges (fixed bounds and NOW-style
// expressions, format, interval, interval.unit) and `injected` keys, which a query must pin with static equalities
// (Athena's CONSTRAINT_VIOLATION otherwise). Through the real SDK clients, in process.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { CreateTableCommand, GetPartitionsCommand } from '@aws-sdk/client-glue';
import { parseProjectedDate } from '../../../src/local/engine/duckdb/layout.js';
import { createEventsTable, openLocalForTest, PARQUET_SD, runQuery, writeParquet, type LocalTestClients } from './helpers.js';

let c: LocalTestClients;
before(async () => {
  c = await openLocalForTest();
  await createEventsTable(c);
});
after(async () => {
  await c.close();
});

const rows = async (id: string) =>
  ((await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id }))).ResultSet?.Rows ?? []).slice(1).map((r) => r.Data?.map((d) => d.VarCharValue ?? null));

async function projected(name: string, params: Record<string, string>, key = 'day') {
  await c.glue.send(new CreateTableCommand({
    DatabaseName: 'analytics',
    TableInput: {
      Name: name,
      Parameters: { 'projection.enabled': 'true', 'storage.location.template': `s3://lake/${name}/\${${key}}/`, ...params },
      StorageDescriptor: { ...PARQUET_SD, Location: `s3://lake/${name}/`, Columns: [{ Name: 'id', Type: 'bigint' }] },
      PartitionKeys: [{ Name: key, Type: 'string' }],
    },
  }));
}

test('projection date formats parse as Java patterns, in UTC; impossible dates do not parse', () => {
  assert.equal(parseProjectedDate('yyyy-MM-dd', '2026-02-28'), Date.UTC(2026, 1, 28));
  assert.equal(parseProjectedDate('yyyy/MM/dd/HH', '2026/11/25/07'), Date.UTC(2026, 10, 25, 7));
  assert.equal(parseProjectedDate("yyyy-MM-dd'T'HH:mm:ss", '2026-11-25T07:08:09'), Date.UTC(2026, 10, 25, 7, 8, 9));
  assert.equal(parseProjectedDate('yyyy-MM-dd', '2026-02-30'), undefined);
  assert.equal(parseProjectedDate('yyyy-MM-dd', '2026/02/03'), undefined);
});

test('a fixed date range: values outside it, or not in the format, are no partitions', async () => {
  await projected('fixed', { 'projection.day.type': 'date', 'projection.day.format': 'yyyy-MM-dd', 'projection.day.range': '2026-11-01,2026-11-30' });
  for (const day of ['2026-10-31', '2026-11-01', '2026-11-30', '2026-12-01', '2026-11-5x']) {
    await writeParquet(c, 'lake', `fixed/${day}/a.parquet`, 'SELECT 1 AS id');
  }
  const q = await runQuery(c, 'SELECT day FROM fixed ORDER BY day');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  assert.deepEqual(await rows(q.QueryExecutionId!), [['2026-11-01'], ['2026-11-30']]);
  // Glue's GetPartitions reads the same layout: the same two partitions.
  const parts = await c.glue.send(new GetPartitionsCommand({ DatabaseName: 'analytics', TableName: 'fixed' }));
  assert.deepEqual(parts.Partitions?.map((p) => p.Values![0]).sort(), ['2026-11-01', '2026-11-30']);
});

test('NOW-style bounds follow the clock: NOW-2DAYS,NOW+1DAY keeps yesterday, today and tomorrow', async () => {
  await projected('recent', { 'projection.day.type': 'date', 'projection.day.format': 'yyyy-MM-dd', 'projection.day.range': 'NOW-2DAYS,NOW+1DAY', 'projection.day.interval.unit': 'DAYS' });
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  for (const d of [-10, -1, 0, 1, 5]) await writeParquet(c, 'lake', `recent/${day(d)}/a.parquet`, 'SELECT 1 AS id');
  const q = await runQuery(c, 'SELECT day FROM recent ORDER BY day');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  assert.deepEqual(await rows(q.QueryExecutionId!), [[day(-1)], [day(0)], [day(1)]]);
});

test('interval and interval.unit: only values on the grid from a fixed start are partitions', async () => {
  await projected('hours', {
    'projection.day.type': 'date', 'projection.day.format': 'yyyy-MM-dd-HH', 'projection.day.range': '2026-11-01-00,2026-11-02-00',
    'projection.day.interval': '6', 'projection.day.interval.unit': 'HOURS',
  });
  for (const h of ['2026-11-01-00', '2026-11-01-06', '2026-11-01-07', '2026-11-01-18', '2026-11-02-06']) {
    await writeParquet(c, 'lake', `hours/${h}/a.parquet`, 'SELECT 1 AS id');
  }
  const q = await runQuery(c, 'SELECT day FROM hours ORDER BY day');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  assert.deepEqual(await rows(q.QueryExecutionId!), [['2026-11-01-00'], ['2026-11-01-06'], ['2026-11-01-18']]);
});

test('an injected key must be pinned by static equalities in WHERE, with Athena wording otherwise', async () => {
  await projected('devices', { 'projection.device_id.type': 'injected' }, 'device_id');
  await writeParquet(c, 'lake', 'devices/d-1/a.parquet', 'SELECT range AS id FROM range(3)');
  await writeParquet(c, 'lake', 'devices/d-2/a.parquet', 'SELECT range AS id FROM range(5)');
  const violation = 'CONSTRAINT_VIOLATION: For the injected projected partition column device_id, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.';
  for (const sql of ['SELECT count(*) FROM devices', "SELECT count(*) FROM devices WHERE device_id LIKE 'd-%'", "SELECT count(*) FROM devices WHERE id > 0", "SELECT count(*) FROM devices WHERE device_id = 'd-1' OR device_id > 'd'"]) {
    const q = await runQuery(c, sql);
    assert.equal(q.Status?.State, 'FAILED', sql);
    assert.equal(q.Status?.StateChangeReason, violation, sql);
  }
  const one = await runQuery(c, "SELECT count(*) FROM devices WHERE device_id = 'd-2'");
  assert.equal(one.Status?.State, 'SUCCEEDED', one.Status?.StateChangeReason);
  assert.deepEqual(await rows(one.QueryExecutionId!), [['5']]);
  const both = await runQuery(c, "SELECT device_id, count(*) FROM devices WHERE device_id IN ('d-1', 'd-2') AND id >= 0 GROUP BY device_id ORDER BY device_id");
  assert.equal(both.Status?.State, 'SUCCEEDED', both.Status?.StateChangeReason);
  assert.deepEqual(await rows(both.QueryExecutionId!), [['d-1', '3'], ['d-2', '5']]);
});
