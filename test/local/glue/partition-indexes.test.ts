// Glue partition indexes through the real JS SDK in-process: CreateTable's PartitionIndexes, CreatePartitionIndex,
// GetPartitionIndexes (what Terraform reads on every refresh), DeletePartitionIndex, with real Glue's errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreatePartitionIndexCommand,
  CreateTableCommand,
  DeletePartitionIndexCommand,
  GetPartitionIndexesCommand,
  GetTableCommand,
} from '@aws-sdk/client-glue';
import { openCatalog, type LocalTestClients } from './setup.js';

let c: LocalTestClients;
before(async () => {
  c = await openCatalog({ databases: ['idb'] });
});
after(() => c.close());

const tableInput = (Name: string) => ({
  Name,
  StorageDescriptor: { Location: `s3://lake/${Name}/`, Columns: [{ Name: 'id', Type: 'bigint' }] },
  PartitionKeys: [{ Name: 'year', Type: 'int' }, { Name: 'month', Type: 'string' }, { Name: 'day', Type: 'string' }],
});
const T = { DatabaseName: 'idb', TableName: 't' };
const indexes = async () =>
  (await c.glue.send(new GetPartitionIndexesCommand(T))).PartitionIndexDescriptorList?.map((i) => [i.IndexName, i.IndexStatus, i.Keys?.map((k) => `${k.Name}:${k.Type}`)]);

test('partition indexes: created with the table or alone, listed, deleted; Glue errors', async () => {
  await c.glue.send(new CreateTableCommand({ DatabaseName: 'idb', TableInput: tableInput('t'), PartitionIndexes: [{ IndexName: 'by_year', Keys: ['year'] }] }));
  assert.deepEqual(await indexes(), [['by_year', 'ACTIVE', ['year:int']]]);
  await c.glue.send(new CreatePartitionIndexCommand({ ...T, PartitionIndex: { IndexName: 'by_ym', Keys: ['year', 'month'] } }));
  assert.deepEqual(await indexes(), [['by_year', 'ACTIVE', ['year:int']], ['by_ym', 'ACTIVE', ['year:int', 'month:string']]]);

  await assert.rejects(c.glue.send(new CreatePartitionIndexCommand({ ...T, PartitionIndex: { IndexName: 'x', Keys: ['nosuchcol'] } })), {
    name: 'InvalidInputException',
    message: 'IndexKeys not a part of PartitionColumns. Verify the indexKeys : [nosuchcol]',
  });
  await assert.rejects(c.glue.send(new CreatePartitionIndexCommand({ ...T, PartitionIndex: { IndexName: 'by_year', Keys: ['day'] } })), {
    name: 'AlreadyExistsException',
    message: 'Partition Index by_year already exists with the same name.',
  });
  await assert.rejects(c.glue.send(new CreatePartitionIndexCommand({ ...T, PartitionIndex: { IndexName: 'again', Keys: ['year'] } })), {
    name: 'AlreadyExistsException',
    message: 'Partition Index by_year already exists with the same keys.',
  });
  await c.glue.send(new CreatePartitionIndexCommand({ ...T, PartitionIndex: { IndexName: 'by_day', Keys: ['day'] } }));
  await assert.rejects(c.glue.send(new CreatePartitionIndexCommand({ ...T, PartitionIndex: { IndexName: 'fourth', Keys: ['month'] } })), {
    name: 'ResourceNumberLimitExceededException',
    message: 'Partition index limit exceeded. Maximum: 3',
  });

  await c.glue.send(new DeletePartitionIndexCommand({ ...T, IndexName: 'by_day' }));
  assert.deepEqual((await indexes())?.map((i) => i[0]), ['by_year', 'by_ym']);
  await assert.rejects(c.glue.send(new DeletePartitionIndexCommand({ ...T, IndexName: 'by_day' })), {
    name: 'EntityNotFoundException',
    message: 'Index with the given indexName : by_day does not exist.',
  });
  await assert.rejects(c.glue.send(new GetPartitionIndexesCommand({ DatabaseName: 'idb', TableName: 'none' })), {
    name: 'EntityNotFoundException',
    message: 'Table none not found.',
  });
});

test('CreateTable with a bad PartitionIndexes creates nothing', async () => {
  await assert.rejects(c.glue.send(new CreateTableCommand({ DatabaseName: 'idb', TableInput: tableInput('bad'), PartitionIndexes: [{ IndexName: 'i', Keys: ['id'] }] })), {
    name: 'InvalidInputException',
  });
  await assert.rejects(c.glue.send(new GetTableCommand({ DatabaseName: 'idb', Name: 'bad' })), { name: 'EntityNotFoundException' });
});
