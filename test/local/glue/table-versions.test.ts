// Glue table versions and batch table deletion through the real JS SDK in-process: GetTableVersion,
// DeleteTableVersion, BatchDeleteTableVersion, UpdateTable's SkipArchive and VersionId, BatchDeleteTable with
// per-table Errors, and their AWS errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BatchDeleteTableCommand,
  BatchDeleteTableVersionCommand,
  CreatePartitionCommand,
  CreateTableCommand,
  DeleteTableVersionCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTableVersionCommand,
  GetTableVersionsCommand,
  UpdateTableCommand,
  type TableInput,
} from '@aws-sdk/client-glue';
import { openCatalog, type LocalTestClients } from './setup.js';

let c: LocalTestClients;
before(async () => {
  c = await openCatalog({ databases: ['vdb'] });
});
after(() => c.close());

const input = (name: string, note: string): TableInput => ({
  Name: name,
  Parameters: { note },
  StorageDescriptor: { Location: `s3://lake/${name}/`, Columns: [{ Name: 'id', Type: 'bigint' }] },
  PartitionKeys: [{ Name: 'dt', Type: 'string' }],
});
const versionIds = async (name: string) =>
  (await c.glue.send(new GetTableVersionsCommand({ DatabaseName: 'vdb', TableName: name }))).TableVersions?.map((v) => v.VersionId);

test('GetTableVersion, DeleteTableVersion, BatchDeleteTableVersion', async () => {
  await c.glue.send(new CreateTableCommand({ DatabaseName: 'vdb', TableInput: input('t', 'v0') }));
  for (const note of ['v1', 'v2', 'v3']) await c.glue.send(new UpdateTableCommand({ DatabaseName: 'vdb', TableInput: input('t', note) }));
  const T = { DatabaseName: 'vdb', TableName: 't' };

  const one = (await c.glue.send(new GetTableVersionCommand({ ...T, VersionId: '1' }))).TableVersion;
  assert.equal(one?.VersionId, '1');
  assert.equal(one?.Table?.VersionId, '1');
  assert.deepEqual(one?.Table?.Parameters, { note: 'v1' });
  const latest = (await c.glue.send(new GetTableVersionCommand(T))).TableVersion;
  assert.equal(latest?.VersionId, '3', 'without VersionId: the current version');
  await assert.rejects(c.glue.send(new GetTableVersionCommand({ ...T, VersionId: '9' })), { name: 'EntityNotFoundException', message: 'Version not found.' });
  await assert.rejects(c.glue.send(new GetTableVersionCommand({ ...T, VersionId: 'abc' })), { name: 'InvalidInputException' });
  await assert.rejects(c.glue.send(new GetTableVersionCommand({ DatabaseName: 'vdb', TableName: 'none' })), { name: 'EntityNotFoundException', message: 'Table none not found.' });

  await c.glue.send(new DeleteTableVersionCommand({ ...T, VersionId: '0' }));
  assert.deepEqual(await versionIds('t'), ['3', '2', '1']);
  await assert.rejects(c.glue.send(new DeleteTableVersionCommand({ ...T, VersionId: '0' })), { name: 'EntityNotFoundException', message: 'Version not found.' });
  await assert.rejects(c.glue.send(new DeleteTableVersionCommand({ ...T, VersionId: '3' })), { name: 'InvalidInputException' });

  const batch = await c.glue.send(new BatchDeleteTableVersionCommand({ ...T, VersionIds: ['1', '7', '2'] }));
  assert.deepEqual(batch.Errors?.map((e) => [e.TableName, e.VersionId, e.ErrorDetail?.ErrorCode]), [['t', '7', 'EntityNotFoundException']]);
  assert.deepEqual(await versionIds('t'), ['3']);
  await assert.rejects(c.glue.send(new BatchDeleteTableVersionCommand({ ...T, VersionIds: Array.from({ length: 101 }, (_, i) => String(i)) })), {
    name: 'InvalidInputException',
    message: /at 'versionIds' failed to satisfy constraint: Member must have length less than or equal to 100$/,
  });
});

test('UpdateTable: SkipArchive keeps no archived version; a stale VersionId is ConcurrentModificationException', async () => {
  await c.glue.send(new CreateTableCommand({ DatabaseName: 'vdb', TableInput: input('s', 'v0') }));
  await c.glue.send(new UpdateTableCommand({ DatabaseName: 'vdb', TableInput: input('s', 'v1'), SkipArchive: true }));
  const { Table } = await c.glue.send(new GetTableCommand({ DatabaseName: 'vdb', Name: 's' }));
  assert.equal(Table?.VersionId, '1', 'the version id still moves on');
  assert.deepEqual(await versionIds('s'), ['1'], 'version 0 was not archived');
  await c.glue.send(new UpdateTableCommand({ DatabaseName: 'vdb', TableInput: input('s', 'v2'), VersionId: '1' }));
  assert.deepEqual(await versionIds('s'), ['2', '1']);
  await assert.rejects(c.glue.send(new UpdateTableCommand({ DatabaseName: 'vdb', TableInput: input('s', 'v3'), VersionId: '1' })), {
    name: 'ConcurrentModificationException',
  });
});

test('BatchDeleteTable: per-table Errors, partitions dropped, missing database fails the call', async () => {
  await c.glue.send(new CreateTableCommand({ DatabaseName: 'vdb', TableInput: input('a', 'x') }));
  await c.glue.send(new CreateTableCommand({ DatabaseName: 'vdb', TableInput: input('b', 'x') }));
  await c.glue.send(new CreatePartitionCommand({ DatabaseName: 'vdb', TableName: 'a', PartitionInput: { Values: ['2026-01-01'] } }));
  const { Errors } = await c.glue.send(new BatchDeleteTableCommand({ DatabaseName: 'vdb', TablesToDelete: ['A', 'ghost', 'b'] }));
  assert.deepEqual(Errors?.map((e) => [e.TableName, e.ErrorDetail?.ErrorCode, e.ErrorDetail?.ErrorMessage]), [
    ['ghost', 'EntityNotFoundException', 'Table ghost not found.'],
  ]);
  await assert.rejects(c.glue.send(new GetTableCommand({ DatabaseName: 'vdb', Name: 'a' })), { name: 'EntityNotFoundException' });
  await assert.rejects(c.glue.send(new GetTableCommand({ DatabaseName: 'vdb', Name: 'b' })), { name: 'EntityNotFoundException' });
  await c.glue.send(new CreateTableCommand({ DatabaseName: 'vdb', TableInput: input('a', 'again') }));
  assert.deepEqual((await c.glue.send(new GetPartitionsCommand({ DatabaseName: 'vdb', TableName: 'a' }))).Partitions, []);
  await assert.rejects(c.glue.send(new BatchDeleteTableCommand({ DatabaseName: 'nodb', TablesToDelete: ['a'] })), {
    name: 'EntityNotFoundException',
    message: 'Database nodb not found.',
  });
  await assert.rejects(c.glue.send(new BatchDeleteTableCommand({ DatabaseName: 'vdb', TablesToDelete: Array.from({ length: 101 }, (_, i) => `t${i}`) })), {
    name: 'InvalidInputException',
    message: /at 'tablesToDelete' failed to satisfy constraint: Member must have length less than or equal to 100$/,
  });
});
