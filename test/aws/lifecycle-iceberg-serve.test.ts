// The provider-aws lifecycle of a table.format iceberg pipeline against `lakehouse serve`, by the CLI, with
// every request checked against AWS's API models: up creates the Glue Iceberg table (CreateTable with
// OpenTableFormatInput) before the Firehose stream with its IcebergDestinationConfiguration; up again and plan
// are no-ops; a new partition spec replaces the table; produce --changes sends a change stream; down leaves
// nothing that boto3 (a client we did not write) can find.
import './check-models.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetTableCommand } from '@aws-sdk/client-glue';
import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { openClients } from '../../src/aws/clients.js';
import { startServer, type RunningServer } from '../../src/local/server.js';
import { runCli, type CliRun } from '../support/cli.js';
import { removeDir, tempDir, tempDirForFile } from '../support/tmp.js';
import { leftovers } from './lifecycle.js';

const dataDir = tempDirForFile('lakehouse-aws-iceberg-serve-');
const NAME = 'icelife';

const SPEC = `name: ${NAME}
provider: aws
aws:
  region: us-east-1
delivery:
  buffer: { size_mb: 1, interval_s: 60 }
table:
  database: ${NAME}_db
  name: orders
  format: iceberg
  unique_keys: [uuid]
fields:
  - { name: uuid,       type: string,    gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status,     type: string,    gen: { pick: [Active, Inactive] } }
  - { name: qty,        type: int,       gen: { faker: number.int, args: { min: 1, max: 9 } } }
`;

describe('provider aws, table.format iceberg, against lakehouse serve', () => {
  let server: RunningServer;
  before(async () => (server = await startServer({ dataDir: path.join(dataDir, 'data'), port: 0 })));
  after(() => server?.close());

  it('up (table before delivery), no-op, partition change replaces the table, produce --changes, down', async () => {
    const dir = tempDir('lakehouse-aws-iceberg-');
    const file = path.join(dir, 'lakehouse.yaml');
    fs.writeFileSync(file, SPEC);
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    const env = { ...process.env, NO_COLOR: '1', AWS_REGION: 'us-east-1' };
    const cli = (...argv: string[]) => runCli([argv[0]!, '-c', file, '--endpoint-url', server.endpoint, ...argv.slice(1)], { env, cwd: dir });
    const ok = (r: CliRun, code = 0) => assert.equal(r.code, code, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    const c = await openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: server.endpoint, http: '1.1' });
    try {
      let r = await cli('plan', '--detailed-exitcode');
      ok(r, 2);
      r = await cli('up', '--yes');
      ok(r);
      assert.match(r.stdout, /Apply complete: 7 created/);
      // The table came first (Firehose checks UniqueKeys against it at creation).
      const log = r.stdout + r.stderr;
      assert.ok(log.includes('Creating Glue table') && log.indexOf('Creating Glue table') < log.indexOf('Creating Firehose delivery stream'), log);

      const t = (await c.glue.send(new GetTableCommand({ DatabaseName: `${NAME}_db`, Name: 'orders' }))).Table!;
      assert.equal(t.Parameters!.table_type, 'ICEBERG');
      assert.equal(t.Parameters!['lakehouse:pipeline'], NAME);
      const loc = t.Parameters!.metadata_location!;
      const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(loc)!;
      const meta = JSON.parse(await (await c.s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }))).Body!.transformToString());
      const schema = meta.schemas.find((s: any) => s['schema-id'] === meta['current-schema-id']);
      assert.deepEqual(schema['identifier-field-ids'], [1]);
      assert.deepEqual(meta['partition-specs'][0].fields.map((f: any) => `${f.name}:${f.transform}`), ['event_date_day:day']);

      const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: `${NAME}-delivery` }))).DeliveryStreamDescription!;
      const ice = d.Destinations![0]!.IcebergDestinationDescription!;
      assert.equal(ice.CatalogConfiguration!.CatalogARN, 'arn:aws:glue:us-east-1:000000000000:catalog');
      assert.deepEqual(ice.DestinationTableConfigurationList![0]!.UniqueKeys, ['uuid']);
      assert.equal(ice.S3BackupMode, 'FailedDataOnly');
      assert.deepEqual(ice.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 60 });
      const policy = JSON.parse(decodeURIComponent((await c.iam.send(new GetRolePolicyCommand({ RoleName: `${NAME}-firehose`, PolicyName: 'lakehouse-firehose-delivery' }))).PolicyDocument!));
      assert.deepEqual(policy.Statement.find((s: any) => s.Sid === 'CommitIcebergTable').Action, ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable']);

      r = await cli('up');
      ok(r);
      assert.match(r.stdout, /No changes/);
      ok(await cli('plan', '--detailed-exitcode'), 0);

      // A different partition spec cannot be applied to the existing table by Glue UpdateTable: a new table.
      fs.writeFileSync(file, SPEC.replace('unique_keys: [uuid]', 'unique_keys: [uuid]\n  partitioning: [{ field: status, transform: identity }]'));
      r = await cli('plan', '--detailed-exitcode');
      ok(r, 2);
      assert.match(r.stdout, new RegExp(`-/\\+ Glue table ${NAME}_db\\.orders`));
      assert.match(r.stdout, /partitionSpec/);
      ok(await cli('up', '--yes'));
      ok(await cli('plan', '--detailed-exitcode'), 0);

      r = await cli('produce', '-n', '1000', '--changes');
      ok(r);
      assert.match(r.stdout + r.stderr, /accepted\s+1,000/);
      assert.match(r.stdout, /changes\s+\d[\d,]* inserts, \d[\d,]* updates, \d[\d,]* deletes/);

      ok(await cli('down'), 5);
      ok(await cli('down', '--yes'));
      assert.deepEqual(await leftovers(server.endpoint, NAME, [NAME, `${NAME}-delivery`, `${NAME}-firehose`, `${NAME}-lake-us-east-1`, `${NAME}_db`, `${NAME}_db.orders`]), []);
    } catch (e) {
      await cli('down', '--yes').catch(() => undefined);
      throw e;
    } finally {
      await c.close();
      removeDir(dir);
    }
  });
});
