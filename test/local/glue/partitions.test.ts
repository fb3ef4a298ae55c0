// Glue partition registration through the real JS SDK in-process: create/get/update/delete one at a time and in
// batches (per-entry Errors), AWS's errors and batch limits, GetPartitions listing registered partitions with
// the ones discovered in the lake, and tables/databases dropping their partitions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchGetPartitionCommand,
  BatchUpdatePartitionCommand,
  CreateDatabaseCommand,
  CreatePartitionCommand,
  CreateTableCommand,
  DeleteDatabaseCommand,
  DeletePartitionCommand,
  DeleteTableCommand,
  GetPartitionCommand,
  GetPartitionsCommand,
  UpdatePartitionCommand,
  type PartitionInput,
} from '@aws-sdk/client-glue';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PARQUET_SD } from '../athena/helpers.js';
import { openCatalog, type LocalTestClients } from './setup.js';

let c: LocalTestClients;
before(async () => {
  c = await openCatalog({ buckets: ['lake'] });
});
after(() => c.close());

/** A database `db` with a table `name` partitioned by (year int, month string) at s3://lake/<name>/. */
async function partitionedTable(db: string, name: string): Promise<void> {
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: db } })).catch((e) => {
    if (e.name !== 'AlreadyExistsException') throw e;
  });
  await c.glue.send(new CreateTableCommand({
    DatabaseName: db,
    TableInput: {
      Name: name,
      StorageDescriptor: { ...PARQUET_SD, Location: `s3://lake/${name}/`, Columns: [{ Name: 'id', Type: 'bigint' }] },
      PartitionKeys: [{ Name: 'year', Type: 'int' }, { Name: 'month', Type: 'string' }],
    },
  }));
}

const part = (table: string, year: string, month: string, extra: Partial<PartitionInput> = {}): PartitionInput => ({
  Values: [year, month],
  StorageDescriptor: { ...PARQUET_SD, Location: `s3://lake/${table}/year=${year}/month=${month}/`, Columns: [{ Name: 'id', Type: 'bigint' }] },
  Parameters: { source: 'test' },
  ...extra,
});

test('CreatePartition, GetPartition, UpdatePartition, DeletePartition with AWS errors', async () => {
  await partitionedTable('pdb', 'one');
  const T = { DatabaseName: 'pdb', TableName: 'one' };
  await c.glue.send(new CreatePartitionCommand({ ...T, PartitionInput: part('one', '2026', '01') }));
  const { Partition } = await c.glue.send(new GetPartitionCommand({ ...T, PartitionValues: ['2026', '01'] }));
  assert.deepEqual(Partition?.Values, ['2026', '01']);
  assert.equal(Partition?.DatabaseName, 'pdb');
  assert.equal(Partition?.TableName, 'one');
  assert.equal(Partition?.CatalogId, '000000000000');
  assert.ok(Partition?.CreationTime instanceof Date);
  assert.equal(Partition?.StorageDescriptor?.Location, 's3://lake/one/year=2026/month=01/');
  assert.deepEqual(Partition?.Parameters, { source: 'test' });

  await assert.rejects(c.glue.send(new CreatePartitionCommand({ ...T, PartitionInput: part('one', '2026', '01') })), {
    name: 'AlreadyExistsException',
    message: 'Partition already exists.',
  });
  await assert.rejects(c.glue.send(new CreatePartitionCommand({ ...T, PartitionInput: { Values: ['2026'] } })), {
    name: 'InvalidInputException',
    message: 'The number of partition keys do not match the number of partition values',
  });
  await assert.rejects(c.glue.send(new GetPartitionCommand({ ...T, PartitionValues: ['2026', '02'] })), {
    name: 'EntityNotFoundException',
    message: 'Cannot find partition.',
  });
  await assert.rejects(c.glue.send(new CreatePartitionCommand({ DatabaseName: 'pdb', TableName: 'nope', PartitionInput: part('nope', '2026', '01') })), {
    name: 'EntityNotFoundException',
    message: 'Table nope not found.',
  });
  await assert.rejects(c.glue.send(new GetPartitionCommand({ DatabaseName: 'nodb', TableName: 'one', PartitionValues: ['2026', '01'] })), {
    name: 'EntityNotFoundException',
    message: 'Database nodb not found.',
  });

  // Update in place keeps CreationTime; an update with new Values moves the partition.
  await c.glue.send(new UpdatePartitionCommand({ ...T, PartitionValueList: ['2026', '01'], PartitionInput: part('one', '2026', '01', { Parameters: { v: '2' } }) }));
  const updated = (await c.glue.send(new GetPartitionCommand({ ...T, PartitionValues: ['2026', '01'] }))).Partition!;
  assert.deepEqual(updated.Parameters, { v: '2' });
  assert.equal(updated.CreationTime?.getTime(), Partition?.CreationTime?.getTime());
  await c.glue.send(new UpdatePartitionCommand({ ...T, PartitionValueList: ['2026', '01'], PartitionInput: part('one', '2026', '03') }));
  await assert.rejects(c.glue.send(new GetPartitionCommand({ ...T, PartitionValues: ['2026', '01'] })), { name: 'EntityNotFoundException' });
  assert.equal((await c.glue.send(new GetPartitionCommand({ ...T, PartitionValues: ['2026', '03'] }))).Partition?.StorageDescriptor?.Location, 's3://lake/one/year=2026/month=03/');
  await assert.rejects(c.glue.send(new UpdatePartitionCommand({ ...T, PartitionValueList: ['2020', '01'], PartitionInput: part('one', '2020', '01') })), {
    name: 'EntityNotFoundException',
    message: 'Cannot find partition.',
  });

  await c.glue.send(new DeletePartitionCommand({ ...T, PartitionValues: ['2026', '03'] }));
  await assert.rejects(c.glue.send(new DeletePartitionCommand({ ...T, PartitionValues: ['2026', '03'] })), {
    name: 'EntityNotFoundException',
    message: 'Cannot find partition.',
  });
});

test('batches: per-entry Errors, missing partitions left out, limits from the model', async () => {
  await partitionedTable('pdb', 'many');
  const T = { DatabaseName: 'pdb', TableName: 'many' };
  await c.glue.send(new CreatePartitionCommand({ ...T, PartitionInput: part('many', '2025', '12') }));
  const created = await c.glue.send(new BatchCreatePartitionCommand({
    ...T,
    PartitionInputList: [part('many', '2026', '01'), part('many', '2025', '12'), { Values: ['2026'] }, part('many', '2026', '02')],
  }));
  assert.deepEqual(created.Errors?.map((e) => [e.PartitionValues, e.ErrorDetail?.ErrorCode, e.ErrorDetail?.ErrorMessage]), [
    [['2025', '12'], 'AlreadyExistsException', 'Partition already exists.'],
    [['2026'], 'InvalidInputException', 'The number of partition keys do not match the number of partition values'],
  ]);

  const got = await c.glue.send(new BatchGetPartitionCommand({ ...T, PartitionsToGet: [{ Values: ['2026', '01'] }, { Values: ['1999', '01'] }, { Values: ['2026', '02'] }] }));
  assert.deepEqual(got.Partitions?.map((p) => p.Values).sort(), [['2026', '01'], ['2026', '02']]);
  assert.deepEqual(got.UnprocessedKeys, []);

  const upd = await c.glue.send(new BatchUpdatePartitionCommand({
    ...T,
    Entries: [
      { PartitionValueList: ['2026', '01'], PartitionInput: part('many', '2026', '01', { Parameters: { batch: 'yes' } }) },
      { PartitionValueList: ['1999', '01'], PartitionInput: part('many', '1999', '01') },
    ],
  }));
  assert.deepEqual(upd.Errors?.map((e) => [e.PartitionValueList, e.ErrorDetail?.ErrorCode]), [[['1999', '01'], 'EntityNotFoundException']]);
  assert.deepEqual((await c.glue.send(new GetPartitionCommand({ ...T, PartitionValues: ['2026', '01'] }))).Partition?.Parameters, { batch: 'yes' });

  const del = await c.glue.send(new BatchDeletePartitionCommand({ ...T, PartitionsToDelete: [{ Values: ['2026', '01'] }, { Values: ['1999', '01'] }] }));
  assert.deepEqual(del.Errors?.map((e) => [e.PartitionValues, e.ErrorDetail?.ErrorCode, e.ErrorDetail?.ErrorMessage]), [
    [['1999', '01'], 'EntityNotFoundException', 'Cannot find partition.'],
  ]);
  const left = await c.glue.send(new GetPartitionsCommand(T));
  assert.deepEqual(left.Partitions?.map((p) => p.Values), [['2025', '12'], ['2026', '02']]);

  const values = (n: number) => Array.from({ length: n }, (_, i) => ({ Values: ['2000', String(i)] }));
  await assert.rejects(c.glue.send(new BatchCreatePartitionCommand({ ...T, PartitionInputList: values(101) })), {
    name: 'InvalidInputException',
    message: /^1 validation error detected: Value '.*' at 'partitionInputList' failed to satisfy constraint: Member must have length less than or equal to 100$/,
  });
  await assert.rejects(c.glue.send(new BatchDeletePartitionCommand({ ...T, PartitionsToDelete: values(26) })), {
    name: 'InvalidInputException',
    message: /at 'partitionsToDelete' failed to satisfy constraint: Member must have length less than or equal to 25$/,
  });
  await assert.rejects(c.glue.send(new BatchGetPartitionCommand({ ...T, PartitionsToGet: values(1001) })), {
    name: 'InvalidInputException',
    message: /at 'partitionsToGet' failed to satisfy constraint: Member must have length less than or equal to 1000$/,
  });
  await assert.rejects(c.glue.send(new BatchUpdatePartitionCommand({ ...T, Entries: [] })), {
    name: 'InvalidInputException',
    message: /at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1$/,
  });
  // The limits are inclusive: 100 entries go through.
  const full = await c.glue.send(new BatchCreatePartitionCommand({ ...T, PartitionInputList: values(100) }));
  assert.deepEqual(full.Errors, []);
});

test('GetPartitions lists registered partitions with the ones discovered in the lake', async () => {
  await partitionedTable('pdb', 'mixed');
  const T = { DatabaseName: 'pdb', TableName: 'mixed' };
  for (const m of ['01', '02']) {
    await c.s3.send(new PutObjectCommand({ Bucket: 'lake', Key: `mixed/year=2026/month=${m}/a.json`, Body: '{"id":1}' }));
  }
  // 2026/02 is both in the lake and registered (with its own location); 2027/01 is registered only.
  await c.glue.send(new BatchCreatePartitionCommand({
    ...T,
    PartitionInputList: [part('mixed', '2026', '02', { StorageDescriptor: { Location: 's3://elsewhere/feb/' } }), part('mixed', '2027', '01')],
  }));
  const { Partitions } = await c.glue.send(new GetPartitionsCommand(T));
  assert.deepEqual(Partitions?.map((p) => [p.Values, p.StorageDescriptor?.Location, p.Parameters]), [
    [['2026', '01'], 's3://lake/mixed/year=2026/month=01/', {}],
    [['2026', '02'], 's3://elsewhere/feb/', { source: 'test' }],
    [['2027', '01'], 's3://lake/mixed/year=2027/month=01/', { source: 'test' }],
  ]);
  const filtered = await c.glue.send(new GetPartitionsCommand({ ...T, Expression: "year = 2027 OR month = '01'" }));
  assert.deepEqual(filtered.Partitions?.map((p) => p.Values), [['2026', '01'], ['2027', '01']]);
  // A discovered partition is found by GetPartition; deleting it is refused (its objects keep it listed).
  assert.equal((await c.glue.send(new GetPartitionCommand({ ...T, PartitionValues: ['2026', '01'] }))).Partition?.StorageDescriptor?.Location, 's3://lake/mixed/year=2026/month=01/');
  await assert.rejects(c.glue.send(new DeletePartitionCommand({ ...T, PartitionValues: ['2026', '01'] })), { name: 'EntityNotFoundException' });
});

test('DeleteTable and DeleteDatabase drop the registered partitions', async () => {
  await partitionedTable('gone', 'tbl');
  const T = { DatabaseName: 'gone', TableName: 'tbl' };
  await c.glue.send(new CreatePartitionCommand({ ...T, PartitionInput: part('tbl', '2026', '01') }));
  await c.glue.send(new DeleteTableCommand({ DatabaseName: 'gone', Name: 'tbl' }));
  await partitionedTable('gone', 'tbl');
  assert.deepEqual((await c.glue.send(new GetPartitionsCommand(T))).Partitions, [], 'a table of the same name starts empty');
  await c.glue.send(new CreatePartitionCommand({ ...T, PartitionInput: part('tbl', '2026', '01') }));
  await c.glue.send(new DeleteDatabaseCommand({ Name: 'gone' }));
  await partitionedTable('gone', 'tbl');
  assert.deepEqual((await c.glue.send(new GetPartitionsCommand(T))).Partitions, []);
});

test('GetPartitions Segment: disjoint shares that together list every partition', async () => {
  await partitionedTable('pdb', 'seg');
  const T = { DatabaseName: 'pdb', TableName: 'seg' };
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
  await c.glue.send(new BatchCreatePartitionCommand({ ...T, PartitionInputList: months.map((m) => part('seg', '2026', m)) }));
  const shares = [];
  for (let n = 0; n < 3; n++) {
    const { Partitions } = await c.glue.send(new GetPartitionsCommand({ ...T, Segment: { SegmentNumber: n, TotalSegments: 3 } }));
    shares.push(...(Partitions ?? []).map((p) => p.Values![1]!));
  }
  assert.deepEqual(shares.sort(), months, 'each partition in exactly one segment');
  await assert.rejects(c.glue.send(new GetPartitionsCommand({ ...T, Segment: { SegmentNumber: 3, TotalSegments: 3 } })), { name: 'InvalidInputException' });
  await assert.rejects(c.glue.send(new GetPartitionsCommand({ ...T, Segment: { SegmentNumber: 0, TotalSegments: 11 } })), {
    name: 'InvalidInputException',
    message: /at 'segment.totalSegments' failed to satisfy constraint: Member must have value less than or equal to 10$/,
  });
});
