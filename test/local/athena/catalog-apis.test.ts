// Athena's catalog browsing, named query, prepared statement and engine-version APIs with the JS SDK
// in-process, and the same through serve with boto3 (what SQL clients and catalog browsers call first).
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import {
  BatchGetNamedQueryCommand,
  BatchGetPreparedStatementCommand,
  CreateDataCatalogCommand,
  CreateNamedQueryCommand,
  CreatePreparedStatementCommand,
  CreateWorkGroupCommand,
  DeleteNamedQueryCommand,
  DeletePreparedStatementCommand,
  GetDatabaseCommand,
  GetDataCatalogCommand,
  GetNamedQueryCommand,
  GetPreparedStatementCommand,
  GetTableMetadataCommand,
  GetWorkGroupCommand,
  ListDatabasesCommand,
  ListDataCatalogsCommand,
  ListEngineVersionsCommand,
  ListNamedQueriesCommand,
  ListPreparedStatementsCommand,
  ListTableMetadataCommand,
  UpdateDataCatalogCommand,
  UpdateNamedQueryCommand,
} from '@aws-sdk/client-athena';
import { CreateDatabaseCommand } from '@aws-sdk/client-glue';
import { startServer } from '../../../src/local/server.js';
import { createEventsTable, openLocalForTest } from './helpers.js';

const run = promisify(execFile);

test('catalogs, databases and table metadata come from the local Glue catalog', async () => {
  const c = await openLocalForTest();
  try {
    await createEventsTable(c);
    await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales', Description: 'orders and refunds', Parameters: { owner: 'ops' } } }));
    const catalogs = await c.athena.send(new ListDataCatalogsCommand({}));
    assert.deepEqual(catalogs.DataCatalogsSummary, [{ CatalogName: 'AwsDataCatalog', Type: 'GLUE' }]);
    const cat = await c.athena.send(new GetDataCatalogCommand({ Name: 'AwsDataCatalog' }));
    assert.deepEqual([cat.DataCatalog?.Type, cat.DataCatalog?.Parameters], ['GLUE', { 'catalog-id': '000000000000' }]);

    const dbs = await c.athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }));
    // Athena's first look at the catalog creates AWS's `default` database.
    assert.deepEqual(dbs.DatabaseList?.map((d) => d.Name), ['analytics', 'default', 'sales']);
    const paged = await c.athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog', MaxResults: 1 }));
    assert.equal(paged.DatabaseList?.length, 1);
    const rest = await c.athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog', NextToken: paged.NextToken }));
    assert.deepEqual(rest.DatabaseList?.map((d) => d.Name), ['default', 'sales']);
    const sales = await c.athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales' }));
    assert.deepEqual(sales.Database, { Name: 'sales', Description: 'orders and refunds', Parameters: { owner: 'ops' } });
    await assert.rejects(c.athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'nope' })), { name: 'MetadataException', message: /nope/ });

    const tables = await c.athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'analytics' }));
    assert.deepEqual(tables.TableMetadataList?.map((t) => t.Name), ['events']);
    const none = await c.athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'analytics', Expression: 'orders*' }));
    assert.deepEqual(none.TableMetadataList, []);
    const t = (await c.athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'analytics', TableName: 'events' }))).TableMetadata!;
    assert.equal(t.TableType, 'EXTERNAL_TABLE');
    assert.deepEqual(t.PartitionKeys?.map((k) => k.Name), ['year', 'month']);
    assert.ok((t.Columns?.length ?? 0) > 0);
    assert.equal(t.Parameters?.['projection.enabled'], 'true');
    assert.ok(t.CreateTime instanceof Date);
    await assert.rejects(c.athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'analytics', TableName: 'gone' })), { name: 'MetadataException' });
    await assert.rejects(c.athena.send(new ListDatabasesCommand({ CatalogName: 'other' })), { name: 'InvalidRequestException', message: 'DataCatalog other was not found.' });
    // Validation before lookup, every problem listed, Athena's exception.
    await assert.rejects(c.athena.send(new ListDatabasesCommand({ CatalogName: '', MaxResults: 99 })), {
      name: 'InvalidRequestException',
      message: "2 validation errors detected: Value '' at 'catalogName' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '99' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    });

    await c.athena.send(new CreateDataCatalogCommand({ Name: 'hive_cat', Type: 'HIVE', Description: 'metastore', Parameters: { 'metadata-function': 'arn:aws:lambda:us-east-1:000000000000:function:hms' } }));
    const all = await c.athena.send(new ListDataCatalogsCommand({}));
    assert.deepEqual(all.DataCatalogsSummary?.map((x) => x.CatalogName), ['AwsDataCatalog', 'hive_cat']);

    // UpdateDataCatalog replaces type, description and parameters, checked as on create.
    const lambda = { function: 'arn:aws:lambda:us-east-1:000000000000:function:connector' };
    await c.athena.send(new UpdateDataCatalogCommand({ Name: 'hive_cat', Type: 'LAMBDA', Description: 'connector', Parameters: lambda }));
    assert.deepEqual((await c.athena.send(new GetDataCatalogCommand({ Name: 'hive_cat' }))).DataCatalog, { Name: 'hive_cat', Type: 'LAMBDA', Description: 'connector', Parameters: lambda });
    await assert.rejects(c.athena.send(new UpdateDataCatalogCommand({ Name: 'hive_cat', Type: 'HIVE', Parameters: {} })), {
      name: 'InvalidRequestException',
      message: 'Parameters of a HIVE data catalog must include metadata-function.',
    });
    await assert.rejects(c.athena.send(new UpdateDataCatalogCommand({ Name: 'nope', Type: 'GLUE' })), { name: 'InvalidRequestException', message: 'DataCatalog nope was not found.' });
    await assert.rejects(c.athena.send(new UpdateDataCatalogCommand({ Name: 'AwsDataCatalog', Type: 'GLUE' })), { name: 'InvalidRequestException' });
    const engines = await c.athena.send(new ListEngineVersionsCommand({}));
    assert.ok(engines.EngineVersions?.some((e) => e.EffectiveEngineVersion === 'Athena engine version 3'));
  } finally {
    await c.close();
  }
});

test('named queries and prepared statements are kept per workgroup', async () => {
  const c = await openLocalForTest();
  try {
    await c.athena.send(new CreateWorkGroupCommand({ Name: 'team' }));
    const wg = (await c.athena.send(new GetWorkGroupCommand({ WorkGroup: 'team' }))).WorkGroup!;
    assert.equal(wg.Configuration?.PublishCloudWatchMetricsEnabled, false);
    assert.deepEqual((await c.athena.send(new GetWorkGroupCommand({ WorkGroup: 'primary' }))).WorkGroup?.Configuration?.ResultConfiguration, {});

    const token = 'a'.repeat(32);
    const { NamedQueryId } = await c.athena.send(new CreateNamedQueryCommand({ Name: 'daily', Database: 'analytics', QueryString: 'SELECT 1', WorkGroup: 'team', ClientRequestToken: token }));
    const again = await c.athena.send(new CreateNamedQueryCommand({ Name: 'daily', Database: 'analytics', QueryString: 'SELECT 1', WorkGroup: 'team', ClientRequestToken: token }));
    assert.equal(again.NamedQueryId, NamedQueryId);
    assert.deepEqual((await c.athena.send(new ListNamedQueriesCommand({ WorkGroup: 'team' }))).NamedQueryIds, [NamedQueryId]);
    assert.deepEqual((await c.athena.send(new ListNamedQueriesCommand({}))).NamedQueryIds, []);
    await c.athena.send(new UpdateNamedQueryCommand({ NamedQueryId, Name: 'daily', QueryString: 'SELECT 2', Description: 'two' }));
    const got = (await c.athena.send(new GetNamedQueryCommand({ NamedQueryId }))).NamedQuery!;
    assert.deepEqual([got.QueryString, got.Description, got.WorkGroup, got.Database], ['SELECT 2', 'two', 'team', 'analytics']);
    const batch = await c.athena.send(new BatchGetNamedQueryCommand({ NamedQueryIds: [NamedQueryId!, 'missing'] }));
    assert.equal(batch.NamedQueries?.length, 1);
    assert.equal(batch.UnprocessedNamedQueryIds?.[0]?.NamedQueryId, 'missing');
    await c.athena.send(new DeleteNamedQueryCommand({ NamedQueryId }));
    await assert.rejects(c.athena.send(new GetNamedQueryCommand({ NamedQueryId })), { name: 'InvalidRequestException' });
    await assert.rejects(c.athena.send(new CreateNamedQueryCommand({ Name: 'x', Database: 'd', QueryString: 'q', WorkGroup: 'ghost' })), { name: 'InvalidRequestException', message: 'WorkGroup ghost is not found.' });

    await c.athena.send(new CreatePreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'team', QueryStatement: 'SELECT * FROM events WHERE id = ?', Description: 'lookup' }));
    await assert.rejects(c.athena.send(new CreatePreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'team', QueryStatement: 'SELECT 1' })), { name: 'InvalidRequestException' });
    const ps = (await c.athena.send(new GetPreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'team' }))).PreparedStatement!;
    assert.deepEqual([ps.QueryStatement, ps.WorkGroupName, ps.Description], ['SELECT * FROM events WHERE id = ?', 'team', 'lookup']);
    assert.ok(ps.LastModifiedTime instanceof Date);
    assert.deepEqual((await c.athena.send(new ListPreparedStatementsCommand({ WorkGroup: 'team' }))).PreparedStatements?.map((s) => s.StatementName), ['by_id']);
    const pb = await c.athena.send(new BatchGetPreparedStatementCommand({ WorkGroup: 'team', PreparedStatementNames: ['by_id', 'nope'] }));
    assert.deepEqual([pb.PreparedStatements?.length, pb.UnprocessedPreparedStatementNames?.[0]?.StatementName], [1, 'nope']);
    await c.athena.send(new DeletePreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'team' }));
    await assert.rejects(c.athena.send(new GetPreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'team' })), { name: 'ResourceNotFoundException' });
    await assert.rejects(c.athena.send(new CreatePreparedStatementCommand({ StatementName: '1bad', WorkGroup: 'team', QueryStatement: 'SELECT 1' })), {
      name: 'InvalidRequestException',
      message: /^1 validation error detected: Value '1bad' at 'statementName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    });
  } finally {
    await c.close();
  }
});

test('boto3 through serve browses the catalog', async (t) => {
  const PY = PYTHON_WITH_BOTO3;
  if (!PY) {
    t.skip('no python3 with boto3');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-athena-cat-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const script = String.raw`
import boto3, json, sys
kw = dict(endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
glue = boto3.client('glue', **kw); athena = boto3.client('athena', **kw)
glue.create_database(DatabaseInput={'Name': 'web'})
glue.create_table(DatabaseName='web', TableInput={'Name': 'clicks', 'StorageDescriptor': {'Columns': [{'Name': 'url', 'Type': 'string'}], 'Location': 's3://lake/clicks/'}, 'PartitionKeys': [{'Name': 'dt', 'Type': 'string'}]})
out = {}
out['catalogs'] = [c['CatalogName'] for c in athena.list_data_catalogs()['DataCatalogsSummary']]
out['dbs'] = [d['Name'] for d in athena.list_databases(CatalogName='AwsDataCatalog')['DatabaseList']]
tm = athena.get_table_metadata(CatalogName='AwsDataCatalog', DatabaseName='web', TableName='clicks')['TableMetadata']
out['cols'] = [c['Name'] for c in tm['Columns']] + [p['Name'] for p in tm['PartitionKeys']]
out['location'] = tm['Parameters'].get('location')
try:
    athena.get_table_metadata(CatalogName='AwsDataCatalog', DatabaseName='web', TableName='nope')
except athena.exceptions.MetadataException as e:
    out['missing'] = e.response['Error']['Code']
primary = athena.get_work_group(WorkGroup='primary')['WorkGroup']['Configuration']
out['primary_rc'] = primary.get('ResultConfiguration')
print(json.dumps(out))
`;
    const { stdout } = await run(PY, ['-c', script, server.endpoint]);
    assert.deepEqual(JSON.parse(stdout), {
      catalogs: ['AwsDataCatalog'],
      dbs: ['default', 'web'],
      cols: ['url', 'dt'],
      location: 's3://lake/clicks/',
      missing: 'MetadataException',
      primary_rc: {},
    });
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
