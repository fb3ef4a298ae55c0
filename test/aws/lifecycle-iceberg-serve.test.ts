// The provider-aws lifecycle of a table.format iceberg pipeline against `lakehouse serve`, by the CLI, with
// every request checked against AWS's API models: up creates the Glue Iceberg table (CreateTable with
// OpenTableFormatInput) before the Firehose stream with its IcebergDestinationConfiguration; up again and plan
// are no-ops; a new partition spec replaces the table; produce --changes sends a change stream; a new field
// evolves the schema in place (the rows stay), a column added by another engine is kept; down leaves
// nothing that boto3 (a client we did not write) can find.
import './check-models.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetTableCommand, UpdateTableCommand, type Table, type TableInput } from '@aws-sdk/client-glue';
import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { openClients } from '../../src/aws/clients.js';
import { startServer, type RunningServer } from '../../src/local/server.js';
import { runCli, type CliRun } from '../support/cli.js';
import { removeDir, tempDir, tempDirForFile } from '../support/tmp.js';
import { leftovers } from './lifecycle.js';

/** The TableInput members of a GetTable answer (UpdateTable takes no output-only members). */
function tableInput(t: Table): TableInput {
  const { Name, Description, Owner, Retention, StorageDescriptor, PartitionKeys, TableType, Parameters } = t;
  return { Name, Description, Owner, Retention, StorageDescriptor, PartitionKeys, TableType, Parameters };
}

const dataDir = tempDirForFile('lakehouse-aws-iceberg-serve-');
const NAME = 'icelife';

const SPEC = `name: ${NAME}
provider: aws
aws:
  region: us-east-1
delivery:
  buffer: { size_mb: 1, interval_s: 2 }
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
      assert.deepEqual(ice.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 2 });
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

      ok(await cli('produce', '-n', '10', '--changes', '--wait'), 2);
      r = await cli('produce', '-n', '1000', '--changes');
      ok(r);
      assert.match(r.stdout + r.stderr, /accepted\s+1,000/);
      assert.match(r.stdout, /changes\s+\d[\d,]* inserts, \d[\d,]* updates, \d[\d,]* deletes/);

      // status reads the table as any engine does (Glue → metadata.json → snapshot), over the wire.
      let st: any;
      for (let i = 0; i < 120; i++) {
        st = JSON.parse((await cli('status', '-o', 'json')).stdout).iceberg;
        if (st?.currentSnapshotId) break;
        await new Promise((res) => setTimeout(res, 500));
      }
      assert.ok(st?.currentSnapshotId, JSON.stringify(st));
      assert.equal(st.from, 'summary');
      assert.ok(st.snapshots >= 1 && st.dataFiles >= 1 && st.deleteFiles >= 1 && st.records > 0, JSON.stringify(st));
      const text = (await cli('status')).stdout;
      assert.match(text, new RegExp(`current snapshot  ${st.currentSnapshotId} `));
      assert.match(text, /delete files      \d+ \(\d[\d,]* deleted records\)/);
      // A snapshot without summary totals (some writers leave them out) is counted from its manifest list.
      const tbl = (await c.glue.send(new GetTableCommand({ DatabaseName: `${NAME}_db`, Name: 'orders' }))).Table!;
      const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(tbl.Parameters!.metadata_location!)!;
      const current = JSON.parse(await (await c.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString());
      for (const snap of current.snapshots) for (const k of Object.keys(snap.summary)) if (k.startsWith('total-')) delete snap.summary[k];
      const bare = key!.replace(/\/[^/]+$/, '/99999-bare.metadata.json');
      await c.s3.send(new PutObjectCommand({ Bucket: bucket, Key: bare, Body: JSON.stringify(current) }));
      await c.glue.send(new UpdateTableCommand({ DatabaseName: `${NAME}_db`, TableInput: { ...tableInput(tbl), Parameters: { ...tbl.Parameters, metadata_location: `s3://${bucket}/${bare}` } } }));
      const fromManifests = JSON.parse((await cli('status', '-o', 'json')).stdout).iceberg;
      assert.equal(fromManifests.from, 'manifests');
      for (const k of ['currentSnapshotId', 'snapshots', 'dataFiles', 'deleteFiles', 'records', 'deleteRecords']) assert.equal(fromManifests[k], st[k], k);

      // A new field is an in-place Iceberg schema evolution (a new field id), not a replacement: the rows stay.
      const specNow = SPEC.replace('unique_keys: [uuid]', 'unique_keys: [uuid]\n  partitioning: [{ field: status, transform: identity }]');
      fs.writeFileSync(file, `${specNow}  - { name: note, type: string, gen: { pick: [a, b] } }\n`);
      r = await cli('plan', '--detailed-exitcode');
      ok(r, 2);
      assert.match(r.stdout, new RegExp(`~ +Glue table ${NAME}_db\\.orders`));
      assert.match(r.stdout, /schema: \+ note string \(safe: a new Iceberg field id/);
      assert.doesNotMatch(r.stdout, /forces replacement|-\/\+ Glue table/);
      r = await cli('up');
      ok(r);
      assert.match(r.stdout, /Apply complete: 0 created, 1 updated, 0 replaced/);
      ok(await cli('plan', '--detailed-exitcode'), 0);
      const evolved = JSON.parse((await cli('status', '-o', 'json')).stdout).iceberg;
      assert.ok(evolved.records >= fromManifests.records && evolved.dataFiles >= fromManifests.dataFiles, JSON.stringify(evolved));
      const t2 = (await c.glue.send(new GetTableCommand({ DatabaseName: `${NAME}_db`, Name: 'orders' }))).Table!;
      assert.deepEqual(t2.StorageDescriptor!.Columns!.map((x) => x.Name), ['uuid', 'event_date', 'status', 'qty', 'note']);
      assert.equal(t2.Parameters!['lakehouse:pipeline'], NAME);
      const [, b2, k2] = /^s3:\/\/([^/]+)\/(.+)$/.exec(t2.Parameters!.metadata_location!)!;
      const m2 = JSON.parse(await (await c.s3.send(new GetObjectCommand({ Bucket: b2, Key: k2 }))).Body!.transformToString());
      const s2 = m2.schemas.find((x: any) => x['schema-id'] === m2['current-schema-id']);
      assert.deepEqual(s2.fields.map((f: any) => [f.id, f.name]), [[1, 'uuid'], [2, 'event_date'], [3, 'status'], [4, 'qty'], [5, 'note']]);
      assert.deepEqual(s2['identifier-field-ids'], [1]);
      // A column another engine added (ALTER TABLE ADD COLUMNS) is reported and kept, not a replacement.
      const withExtra = {
        Location: m2.location,
        Schema: {
          SchemaId: 0, Type: 'struct' as const, IdentifierFieldIds: [1],
          Fields: [...s2.fields.map((f: any) => ({ Id: f.id, Name: f.name, Type: f.type, Required: f.required })), { Id: 6, Name: 'extra', Type: 'long', Required: false }],
        },
      };
      await c.glue.send(new UpdateTableCommand({ DatabaseName: `${NAME}_db`, Name: 'orders', UpdateOpenTableFormatInput: { UpdateIcebergInput: { UpdateIcebergTableInput: { Updates: [withExtra] } } } }));
      r = await cli('plan', '--detailed-exitcode');
      ok(r, 0);
      assert.match(r.stdout, /extra in the table, not in the spec: kept/);

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
