// Glue Data Catalog through the real SDK client against the embedded emulator: databases, tables, versions,
// errors with AWS's wording, tags, durability across a reopen, partitions seen through the lake.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteDatabaseCommand,
  DeleteTableCommand,
  GetDatabaseCommand,
  GetDatabasesCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  GetTableVersionsCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateTableCommand,
  type TableInput,
} from '@aws-sdk/client-glue';
import { createEventsTable, eventsRows, openLocalForTest, PARQUET_SD, writeParquet, type LocalTestClients } from '../athena/helpers.js';

let c: LocalTestClients;
before(async () => {
  c = await openLocalForTest();
});
after(async () => {
  await c.close();
});

const tableInput = (name: string, extra: Partial<TableInput> = {}): TableInput => ({
  Name: name,
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'parquet' },
  StorageDescriptor: { ...PARQUET_SD, Location: `s3://lake/${name}/`, Columns: [{ Name: 'id', Type: 'bigint' }] },
  PartitionKeys: [{ Name: 'year', Type: 'int' }],
  ...extra,
});

test('databases: create, get, list, duplicate and missing errors', async () => {
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'Sales', Description: 'd' }, Tags: { team: 'data' } }));
  const { Database } = await c.glue.send(new GetDatabaseCommand({ Name: 'sales' }));
  assert.equal(Database?.Name, 'sales', 'Glue stores names lower-cased');
  assert.equal(Database?.Description, 'd');
  assert.equal(Database?.CatalogId, '000000000000');
  assert.ok(Database?.CreateTime instanceof Date);
  const list = await c.glue.send(new GetDatabasesCommand({}));
  assert.ok(list.DatabaseList?.some((d) => d.Name === 'sales'));
  await assert.rejects(c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales' } })), {
    name: 'AlreadyExistsException',
    message: 'Database already exists.',
  });
  await assert.rejects(c.glue.send(new GetDatabaseCommand({ Name: 'nope' })), {
    name: 'EntityNotFoundException',
    message: 'Database nope not found.',
  });
  const tags = await c.glue.send(new GetTagsCommand({ ResourceArn: 'arn:aws:glue:us-east-1:000000000000:database/sales' }));
  assert.deepEqual(tags.Tags, { team: 'data' });
});

test('tables: create, get, list, update makes versions, delete; AWS errors', async () => {
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'tdb' } }));
  await c.glue.send(new CreateTableCommand({ DatabaseName: 'tdb', TableInput: tableInput('orders') }));
  const { Table } = await c.glue.send(new GetTableCommand({ DatabaseName: 'tdb', Name: 'orders' }));
  assert.equal(Table?.DatabaseName, 'tdb');
  assert.equal(Table?.VersionId, '0');
  assert.equal(Table?.StorageDescriptor?.SerdeInfo?.SerializationLibrary, PARQUET_SD.SerdeInfo.SerializationLibrary);
  assert.deepEqual(Table?.PartitionKeys, [{ Name: 'year', Type: 'int' }]);
  assert.ok(Table?.CreateTime instanceof Date && Table.UpdateTime instanceof Date);

  await assert.rejects(c.glue.send(new CreateTableCommand({ DatabaseName: 'tdb', TableInput: tableInput('orders') })), {
    name: 'AlreadyExistsException',
    message: 'Table already exists.',
  });
  await assert.rejects(c.glue.send(new CreateTableCommand({ DatabaseName: 'nodb', TableInput: tableInput('x') })), {
    name: 'EntityNotFoundException',
    message: 'Database nodb not found.',
  });
  await assert.rejects(c.glue.send(new GetTableCommand({ DatabaseName: 'tdb', Name: 'nope' })), {
    name: 'EntityNotFoundException',
    message: 'Table nope not found.',
  });

  const cols = [{ Name: 'id', Type: 'bigint' }, { Name: 'note', Type: 'string' }];
  await c.glue.send(new UpdateTableCommand({
    DatabaseName: 'tdb',
    TableInput: tableInput('orders', { StorageDescriptor: { ...PARQUET_SD, Location: 's3://lake/orders/', Columns: cols } }),
  }));
  const updated = (await c.glue.send(new GetTableCommand({ DatabaseName: 'tdb', Name: 'orders' }))).Table!;
  assert.equal(updated.VersionId, '1');
  assert.equal(updated.StorageDescriptor?.Columns?.length, 2);
  assert.equal(updated.CreateTime?.getTime(), Table?.CreateTime?.getTime(), 'CreateTime survives updates');
  const versions = await c.glue.send(new GetTableVersionsCommand({ DatabaseName: 'tdb', TableName: 'orders' }));
  assert.deepEqual(versions.TableVersions?.map((v) => v.VersionId), ['1', '0'], 'newest first');
  assert.equal(versions.TableVersions?.[1]?.Table?.StorageDescriptor?.Columns?.length, 1, 'the old version is kept as it was');

  await c.glue.send(new CreateTableCommand({ DatabaseName: 'tdb', TableInput: tableInput('items') }));
  const tables = await c.glue.send(new GetTablesCommand({ DatabaseName: 'tdb' }));
  assert.deepEqual(tables.TableList?.map((t) => t.Name), ['items', 'orders']);
  const paged = await c.glue.send(new GetTablesCommand({ DatabaseName: 'tdb', MaxResults: 1 }));
  assert.equal(paged.TableList?.length, 1);
  assert.ok(paged.NextToken);

  await c.glue.send(new DeleteTableCommand({ DatabaseName: 'tdb', Name: 'items' }));
  await assert.rejects(c.glue.send(new GetTableCommand({ DatabaseName: 'tdb', Name: 'items' })), { name: 'EntityNotFoundException' });
});

test('tags: add, read, remove; unknown resources are EntityNotFoundException', async () => {
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'tagged' } }));
  await c.glue.send(new CreateTableCommand({ DatabaseName: 'tagged', TableInput: tableInput('t') }));
  const arn = 'arn:aws:glue:us-east-1:000000000000:table/tagged/t';
  await c.glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { a: '1', b: '2' } }));
  await c.glue.send(new UntagResourceCommand({ ResourceArn: arn, TagsToRemove: ['a'] }));
  assert.deepEqual((await c.glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags, { b: '2' });
  await assert.rejects(
    c.glue.send(new GetTagsCommand({ ResourceArn: 'arn:aws:glue:us-east-1:000000000000:table/tagged/none' })),
    { name: 'EntityNotFoundException' },
  );
  await c.glue.send(new DeleteDatabaseCommand({ Name: 'tagged' }));
  await assert.rejects(c.glue.send(new GetTableCommand({ DatabaseName: 'tagged', Name: 't' })), {
    message: 'Database tagged not found.',
  });
});

test('GetPartitions lists the partitions that hold objects, hive-style and from a projection template', async () => {
  await createEventsTable(c, { db: 'parts' });
  await writeParquet(c, 'lake', 'events/year=2026/month=10/a.parquet', eventsRows(10));
  await writeParquet(c, 'lake', 'events/year=2026/month=11/b.parquet', eventsRows(10));
  await writeParquet(c, 'lake', 'events/year=2019/month=11/out-of-range.parquet', eventsRows(10));
  const hive = await c.glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'events' }));
  assert.deepEqual(hive.Partitions?.map((p) => p.Values), [['2026', '10'], ['2026', '11']], 'year 2019 is outside the projection range');
  assert.equal(hive.Partitions?.[0]?.StorageDescriptor?.Location, 's3://lake/events/year=2026/month=10/');

  await c.glue.send(new CreateTableCommand({
    DatabaseName: 'parts',
    TableInput: tableInput('flat', {
      Parameters: { 'projection.enabled': 'true', 'projection.day.type': 'date', 'projection.day.format': 'yyyy/MM/dd', 'storage.location.template': 's3://lake/flat/${day}/' },
      PartitionKeys: [{ Name: 'day', Type: 'string' }],
    }),
  }));
  await writeParquet(c, 'lake', 'flat/2026/11/25/x.parquet', 'SELECT 1 AS id');
  const flat = await c.glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'flat' }));
  // A date projection's format may span path segments, as Athena substitutes it into the template.
  assert.deepEqual(flat.Partitions?.map((p) => p.Values), [['2026/11/25']]);
  assert.equal(flat.Partitions?.[0]?.StorageDescriptor?.Location, 's3://lake/flat/2026/11/25/');
});

test('the catalog is durable: a reopened data dir has the same tables', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glue-durable-'));
  try {
    const first = await openLocalForTest({ dataDir: dir });
    await first.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'keep' } }));
    await first.glue.send(new CreateTableCommand({ DatabaseName: 'keep', TableInput: tableInput('kept') }));
    await first.close();
    const second = await openLocalForTest({ dataDir: dir });
    try {
      const { Table } = await second.glue.send(new GetTableCommand({ DatabaseName: 'keep', Name: 'kept' }));
      assert.equal(Table?.StorageDescriptor?.Location, 's3://lake/kept/');
    } finally {
      await second.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
