// Which data catalogs the local Athena can browse, with the JS SDK in-process: the `default` database AWS's
// Glue catalog has once Athena is used, a GLUE catalog registered with this account's id (the same local Glue),
// and MetadataException for catalogs it cannot reach (another account's Glue, a Hive metastore, a Lambda
// connector); the parameters CreateDataCatalog requires per type; tags on data catalogs. Then the same errors
// and capacity reservations, runtime statistics and tags with boto3 through serve.
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateDataCatalogCommand,
  GetDatabaseCommand,
  GetDataCatalogCommand,
  ListDatabasesCommand,
  ListTableMetadataCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from '@aws-sdk/client-athena';
import { DeleteDatabaseCommand, GetDatabaseCommand as GlueGetDatabaseCommand } from '@aws-sdk/client-glue';
import { startServer } from '../../../src/local/server.js';
import { openLocalForTest } from './helpers.js';

const run = promisify(execFile);

/** A python3 whose boto3 knows capacity reservations (2023 on), else the one with boto3 at all. */
function pythonWithCapacity(): string | undefined {
  for (const py of ['python3', PYTHON_WITH_BOTO3]) {
    try {
      if (py) execFileSync(py, ['-c', "import boto3; assert hasattr(boto3.client('athena', region_name='us-east-1'), 'create_capacity_reservation')"], { stdio: 'ignore' });
      if (py) return py;
    } catch {
      /* next */
    }
  }
  return PYTHON_WITH_BOTO3;
}

test('default database, catalogs of this account and catalogs out of reach', async () => {
  const c = await openLocalForTest();
  try {
    const def = (await c.athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'default' }))).Database!;
    assert.deepEqual(def, { Name: 'default', Description: 'Default Hive database', Parameters: {} });
    // It is a real Glue database; deleted, it comes back with the next use of Athena, as on AWS.
    assert.equal((await c.glue.send(new GlueGetDatabaseCommand({ Name: 'default' }))).Database?.Name, 'default');
    await c.glue.send(new DeleteDatabaseCommand({ Name: 'default' }));
    assert.deepEqual((await c.athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }))).DatabaseList?.map((d) => d.Name), ['default']);

    await assert.rejects(c.athena.send(new CreateDataCatalogCommand({ Name: 'glue_nope', Type: 'GLUE' })), {
      name: 'InvalidRequestException',
      message: 'Parameters of a GLUE data catalog must include catalog-id.',
    });
    await assert.rejects(c.athena.send(new CreateDataCatalogCommand({ Name: 'lambda_nope', Type: 'LAMBDA', Parameters: { 'metadata-function': 'arn:aws:lambda:us-east-1:000000000000:function:m' } })), {
      name: 'InvalidRequestException',
      message: 'Parameters of a LAMBDA data catalog must include metadata-function and record-function, or function.',
    });

    // A GLUE catalog with this account's id is the local Glue under another name.
    await c.athena.send(new CreateDataCatalogCommand({ Name: 'mine', Type: 'GLUE', Parameters: { 'catalog-id': '000000000000' }, Tags: [{ Key: 'k', Value: 'v' }] }));
    assert.deepEqual((await c.athena.send(new ListDatabasesCommand({ CatalogName: 'mine' }))).DatabaseList?.map((d) => d.Name), ['default']);
    const arn = 'arn:aws:athena:us-east-1:000000000000:datacatalog/mine';
    await c.athena.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'k2', Value: 'v2' }] }));
    assert.deepEqual((await c.athena.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'k', Value: 'v' }, { Key: 'k2', Value: 'v2' }]);

    await c.athena.send(new CreateDataCatalogCommand({ Name: 'shared', Type: 'GLUE', Parameters: { 'catalog-id': '111122223333' } }));
    await c.athena.send(new CreateDataCatalogCommand({ Name: 'hms', Type: 'HIVE', Parameters: { 'metadata-function': 'arn:aws:lambda:us-east-1:000000000000:function:hms' } }));
    await c.athena.send(new CreateDataCatalogCommand({ Name: 'ddb', Type: 'LAMBDA', Parameters: { function: 'arn:aws:lambda:us-east-1:000000000000:function:ddb' } }));
    // Registered and described, as on AWS...
    assert.equal((await c.athena.send(new GetDataCatalogCommand({ Name: 'hms' }))).DataCatalog?.Type, 'HIVE');
    // ...but their databases are somewhere the local emulator cannot reach.
    await assert.rejects(c.athena.send(new ListDatabasesCommand({ CatalogName: 'shared' })), {
      name: 'MetadataException',
      message: 'Catalog shared (GLUE) cannot be reached: the local emulator has no access to the Glue Data Catalog of account 111122223333.',
    });
    await assert.rejects(c.athena.send(new GetDatabaseCommand({ CatalogName: 'hms', DatabaseName: 'default' })), { name: 'MetadataException', message: /Catalog hms \(HIVE\) cannot be reached: .* its Hive metastore/ });
    await assert.rejects(c.athena.send(new ListTableMetadataCommand({ CatalogName: 'ddb', DatabaseName: 'default' })), { name: 'MetadataException', message: /Catalog ddb \(LAMBDA\) cannot be reached: .* its Lambda connector/ });
    await assert.rejects(c.athena.send(new GetDatabaseCommand({ CatalogName: 'ghost', DatabaseName: 'default' })), { name: 'InvalidRequestException', message: 'DataCatalog ghost was not found.' });
    await assert.rejects(c.athena.send(new GetDataCatalogCommand({ Name: 'ghost' })), { name: 'InvalidRequestException', message: 'DataCatalog ghost was not found.' });
  } finally {
    await c.close();
  }
});

test('boto3 through serve: capacity reservations, runtime statistics, catalogs and tags', async (t) => {
  const PY = pythonWithCapacity();
  if (!PY) {
    t.skip('no python3 with boto3');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-athena-cap-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const script = String.raw`
import boto3, json, sys, time
from botocore.config import Config
# The server's own checks are under test, not botocore's.
kw = dict(endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test', config=Config(parameter_validation=False))
athena = boto3.client('athena', **kw); s3 = boto3.client('s3', **kw)
def err(f, **a):
    try:
        f(**a)
    except athena.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['Error']['Message']]
out = {}
if hasattr(athena, 'create_capacity_reservation'):
    athena.create_capacity_reservation(Name='etl', TargetDpus=24, Tags=[{'Key': 'team', 'Value': 'data'}])
    r = athena.get_capacity_reservation(Name='etl')['CapacityReservation']
    out['reservation'] = [r['Name'], r['TargetDpus'], r['Status'] in ('PENDING', 'ACTIVE')]
    out['small'] = err(athena.create_capacity_reservation, Name='x', TargetDpus=2)
    out['delete_active'] = err(athena.delete_capacity_reservation, Name='etl')[0]
    arn = 'arn:aws:athena:us-east-1:000000000000:capacity-reservation/etl'
    out['tags'] = athena.list_tags_for_resource(ResourceARN=arn)['Tags']
    out['missing'] = err(athena.get_capacity_reservation, Name='nope')
out['stats_missing'] = err(athena.get_query_runtime_statistics, QueryExecutionId='1')
out['no_wg'] = err(athena.start_query_execution, QueryString='SELECT 1', WorkGroup='ghost', ResultConfiguration={'OutputLocation': 's3://results/'})
s3.create_bucket(Bucket='results')
qid = athena.start_query_execution(QueryString='SELECT 1 AS x', ResultConfiguration={'OutputLocation': 's3://results/'})['QueryExecutionId']
while athena.get_query_execution(QueryExecutionId=qid)['QueryExecution']['Status']['State'] in ('QUEUED', 'RUNNING'):
    time.sleep(0.02)
st = athena.get_query_runtime_statistics(QueryExecutionId=qid)['QueryRuntimeStatistics']
out['stats'] = [sorted(st['Timeline']), st['Rows']['OutputRows']]
out['dbs'] = [d['Name'] for d in athena.list_databases(CatalogName='AwsDataCatalog')['DatabaseList']]
out['unknown_catalog'] = err(athena.list_databases, CatalogName='NonExistentCatalog')
athena.create_data_catalog(Name='hms', Type='HIVE', Parameters={'metadata-function': 'arn:aws:lambda:us-east-1:000000000000:function:h'})
out['hive'] = err(athena.list_databases, CatalogName='hms')[0]
print(json.dumps(out))
`;
    const { stdout } = await run(PY, ['-c', script, server.endpoint]);
    const out = JSON.parse(stdout);
    const capacity = {
      reservation: ['etl', 24, true],
      small: ['InvalidRequestException', "1 validation error detected: Value '2' at 'targetDpus' failed to satisfy constraint: Member must have value greater than or equal to 4"],
      delete_active: 'InvalidRequestException',
      tags: [{ Key: 'team', Value: 'data' }],
      missing: ['InvalidRequestException', 'Capacity reservation does not exist'],
    };
    // Debian's boto3 1.26 predates capacity reservations (capacity.test.ts covers them with the JS SDK).
    if (!('reservation' in out)) t.diagnostic('this boto3 has no capacity reservation calls: those checks are skipped');
    assert.deepEqual(out, {
      ...('reservation' in out ? capacity : {}),
      stats_missing: ['InvalidRequestException', 'QueryExecution 1 was not found'],
      no_wg: ['InvalidRequestException', 'WorkGroup is not found.'],
      stats: [['EngineExecutionTimeInMillis', 'QueryPlanningTimeInMillis', 'QueryQueueTimeInMillis', 'ServicePreProcessingTimeInMillis', 'ServiceProcessingTimeInMillis', 'TotalExecutionTimeInMillis'], 1],
      dbs: ['default'],
      unknown_catalog: ['InvalidRequestException', 'DataCatalog NonExistentCatalog was not found.'],
      hive: 'MetadataException',
    });
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
