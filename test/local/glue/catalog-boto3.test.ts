// The Glue catalog calls Hive-metastore clients and awswrangler make, through boto3 against a real `serve`:
// partition registration (single and batch, with per-entry Errors and AWS's errors), table versions,
// BatchDeleteTable, user-defined functions and GetCatalogImportStatus.
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startServer } from '../../../src/local/server.js';

test('boto3 through serve: partitions, table versions, batch table deletion, functions', async (t) => {
  const PY = PYTHON_WITH_BOTO3;
  if (!PY) {
    t.skip('no python3 with boto3');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-glue-boto3-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const script = String.raw`
import boto3, json, sys
kw = dict(endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
glue = boto3.client('glue', **kw)
out = {}
def err(fn, **args):
    try:
        fn(**args)
        return None
    except glue.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['Error']['Message']]
glue.create_database(DatabaseInput={'Name': 'web'})
table = {'Name': 'logs', 'StorageDescriptor': {'Columns': [{'Name': 'a', 'Type': 'int'}], 'Location': 's3://lake/logs/'}, 'PartitionKeys': [{'Name': 'dt', 'Type': 'string'}]}
glue.create_table(DatabaseName='web', TableInput=table)
T = dict(DatabaseName='web', TableName='logs')
pin = lambda d: {'Values': [d], 'StorageDescriptor': {'Location': 's3://lake/logs/dt=%s/' % d}}
glue.create_partition(PartitionInput=pin('2026-01-01'), **T)
out['dup'] = err(glue.create_partition, PartitionInput=pin('2026-01-01'), **T)
out['arity'] = err(glue.create_partition, PartitionInput={'Values': ['a', 'b']}, **T)
out['noTable'] = err(glue.get_partition, DatabaseName='web', TableName='nope', PartitionValues=['x'])
out['noPartition'] = err(glue.get_partition, PartitionValues=['1999-01-01'], **T)
r = glue.batch_create_partition(PartitionInputList=[pin('2026-01-02'), pin('2026-01-01')], **T)
out['batchErrors'] = [[e['PartitionValues'], e['ErrorDetail']['ErrorCode']] for e in r['Errors']]
out['tooMany'] = err(glue.batch_create_partition, PartitionInputList=[pin('d%d' % i) for i in range(101)], **T)[0]
r = glue.batch_get_partition(PartitionsToGet=[{'Values': ['2026-01-02']}, {'Values': ['nope']}], **T)
out['batchGet'] = [[p['Values'] for p in r['Partitions']], r['UnprocessedKeys']]
glue.update_partition(PartitionValueList=['2026-01-02'], PartitionInput=dict(pin('2026-01-02'), Parameters={'k': 'v'}), **T)
out['updated'] = glue.get_partition(PartitionValues=['2026-01-02'], **T)['Partition']['Parameters']
r = glue.batch_delete_partition(PartitionsToDelete=[{'Values': ['2026-01-01']}, {'Values': ['nope']}], **T)
out['batchDelete'] = [e['PartitionValues'] for e in r['Errors']]
out['listed'] = [p['Values'] for p in glue.get_partitions(**T)['Partitions']]
glue.update_table(DatabaseName='web', TableInput=dict(table, Parameters={'v': '1'}))
out['version0'] = glue.get_table_version(DatabaseName='web', TableName='logs', VersionId='0')['TableVersion']['Table'].get('Parameters', {})
out['latest'] = glue.get_table_version(DatabaseName='web', TableName='logs')['TableVersion']['VersionId']
out['noVersion'] = err(glue.get_table_version, DatabaseName='web', TableName='logs', VersionId='7')
glue.delete_table_version(DatabaseName='web', TableName='logs', VersionId='0')
out['versions'] = [v['VersionId'] for v in glue.get_table_versions(DatabaseName='web', TableName='logs')['TableVersions']]
r = glue.batch_delete_table(DatabaseName='web', TablesToDelete=['logs', 'ghost'])
out['batchDeleteTable'] = [[e['TableName'], e['ErrorDetail']['ErrorCode']] for e in r['Errors']]
out['gone'] = err(glue.get_table, DatabaseName='web', Name='logs')[0]
glue.create_user_defined_function(DatabaseName='web', FunctionInput={'FunctionName': 'myudf', 'ClassName': 'com.example.F', 'OwnerName': 'me', 'OwnerType': 'USER'})
out['udfs'] = [f['FunctionName'] for f in glue.get_user_defined_functions(Pattern='my*')['UserDefinedFunctions']]
out['noUdf'] = err(glue.get_user_defined_function, DatabaseName='web', FunctionName='other')[0]
out['import'] = glue.get_catalog_import_status()['ImportStatus']['ImportCompleted']
print(json.dumps(out))
`;
    const { stdout } = await promisify(execFile)(PY, ['-c', script, server.endpoint]);
    assert.deepEqual(JSON.parse(stdout), {
      dup: ['AlreadyExistsException', 'Partition already exists.'],
      arity: ['InvalidInputException', 'The number of partition keys do not match the number of partition values'],
      noTable: ['EntityNotFoundException', 'Table nope not found.'],
      noPartition: ['EntityNotFoundException', 'Cannot find partition.'],
      batchErrors: [[['2026-01-01'], 'AlreadyExistsException']],
      tooMany: 'InvalidInputException',
      batchGet: [[['2026-01-02']], []],
      updated: { k: 'v' },
      batchDelete: [['nope']],
      listed: [['2026-01-02']],
      version0: {},
      latest: '1',
      noVersion: ['EntityNotFoundException', 'Version not found.'],
      versions: ['1'],
      batchDeleteTable: [['ghost', 'EntityNotFoundException']],
      gone: 'EntityNotFoundException',
      udfs: ['myudf'],
      noUdf: 'EntityNotFoundException',
      import: true,
    });
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
