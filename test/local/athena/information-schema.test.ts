// Athena's information_schema as SQL clients and BI tools read it: schemata, tables (views as VIEW), columns
// with Athena's type names (partition keys marked), views with their SQL — built from the Glue catalog now.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { createEventsTable, openLocalForTest, runQuery, type LocalTestClients } from './helpers.js';

let c: LocalTestClients;
before(async () => {
  c = await openLocalForTest();
  await createEventsTable(c);
  const q = await runQuery(c, `CREATE VIEW big_spend AS SELECT event_id, amount FROM events WHERE amount > 10`);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
});
after(async () => {
  await c.close();
});

async function rows(sql: string): Promise<Array<Array<string | null>>> {
  const q = await runQuery(c, sql);
  assert.equal(q.Status?.State, 'SUCCEEDED', `${sql}: ${q.Status?.StateChangeReason}`);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  return r.ResultSet!.Rows!.map((row) => row.Data!.map((d) => d.VarCharValue ?? null));
}

test('schemata and tables list the Glue databases, tables and views', async () => {
  assert.deepEqual(await rows(`SELECT schema_name FROM information_schema.schemata ORDER BY 1`), [['schema_name'], ['analytics'], ['default'], ['information_schema']]);
  assert.deepEqual(await rows(`SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'analytics' ORDER BY 1`), [
    ['table_name', 'table_type'],
    ['big_spend', 'VIEW'],
    ['events', 'BASE TABLE'],
  ]);
  const own = await rows(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'information_schema' ORDER BY 1`);
  assert.deepEqual(own.slice(1).map((r) => r[0]), ['columns', 'schemata', 'tables', 'views']);
});

test('columns carry Athena type names, positions and partition keys', async () => {
  assert.deepEqual(
    await rows(`SELECT column_name, ordinal_position, data_type, extra_info FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = 'events' ORDER BY ordinal_position`),
    [
      ['column_name', 'ordinal_position', 'data_type', 'extra_info'],
      ['event_id', '1', 'varchar', null],
      ['user_id', '2', 'integer', null],
      ['amount', '3', 'double', null],
      ['ts', '4', 'timestamp(3)', null],
      ['year', '5', 'integer', 'partition key'],
      ['month', '6', 'integer', 'partition key'],
    ],
  );
  const view = await rows(`SELECT view_definition FROM information_schema.views WHERE table_name = 'big_spend'`);
  assert.match(String(view[1]![0]), /SELECT event_id, amount FROM events WHERE amount > 10/);
});

test('a relation information_schema does not have is TABLE_NOT_FOUND; the catalog updates at once', async () => {
  const q = await runQuery(c, `SELECT * FROM information_schema.nope`);
  assert.equal(q.Status?.State, 'FAILED');
  assert.match(String(q.Status?.StateChangeReason), /^TABLE_NOT_FOUND: .*'awsdatacatalog\.information_schema\.nope' does not exist/);
  await createEventsTable(c, { table: 'orders' });
  const names = await rows(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics' AND table_type = 'BASE TABLE' ORDER BY 1`);
  assert.deepEqual(names.slice(1).map((r) => r[0]), ['events', 'orders']);
});
