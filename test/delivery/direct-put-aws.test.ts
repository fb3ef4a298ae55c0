// A `source: direct_put` pipeline on provider aws against `lakehouse serve`, every request checked against
// AWS's API models: up creates a DirectPut Firehose (no KinesisStreamSourceConfiguration, no Kinesis calls
// to make a stream), a second up has nothing to do; produce sends PutRecordBatch while serve fails a quarter
// of the records inside 200 answers (ServiceUnavailableException and InternalFailure, as Firehose does):
// they are retried, and every record is queryable once, CloudWatch counts them as IncomingRecords (the
// refused ones as ThrottledRecords); down removes everything.
import '../aws/check-models.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { openClients } from '../../src/aws/clients.js';
import { parseFaults } from '../../src/local/faults.js';
import { startServer, type RunningServer } from '../../src/local/server.js';
import { runCli, type CliRun } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const dir = tempDirForFile('lakehouse-direct-put-aws-');
let server: RunningServer;

const SPEC = `name: directaws
provider: aws
aws:
  region: us-east-1
source: direct_put
delivery:
  buffer: { size_mb: 64, interval_s: 5 }
  partition_by: [status]
table:
  database: directaws_db
  name: events
fields:
  - { name: uuid,   type: string, gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status, type: string, gen: { pick: [Active, Inactive, Pending] } }
`;

describe('source: direct_put on provider aws against serve', () => {
  before(async () => {
    const faults = parseFaults('firehose:PutRecordBatch=0.2:throttle,firehose:PutRecordBatch=0.05:500');
    server = await startServer({ dataDir: path.join(dir, 'data'), port: 0, settings: { faults } });
  });
  after(() => server?.close());
  it('up → produce with per-record failures retried → every record queryable once → down, with the model checks on', { timeout: 180_000 }, async () => {
    const file = path.join(dir, 'lakehouse.yaml');
    fs.writeFileSync(file, SPEC);
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    const env = { ...process.env, NO_COLOR: '1', AWS_REGION: 'us-east-1' };
    const cli = (...argv: string[]) => runCli([argv[0]!, '-c', file, '--endpoint-url', server.endpoint, ...argv.slice(1)], { env, cwd: dir });
    const ok = (r: CliRun) => assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    const c = await openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: server.endpoint });
    try {
      const plan = await cli('plan');
      ok(plan);
      assert.match(plan.stdout, /Firehose ingestion \(Direct PUT\) .*each record billed as 5 KB/);
      assert.doesNotMatch(plan.stdout, /Kinesis/, 'no stream planned or priced');
      ok(await cli('up', '--yes'));
      const again = await cli('up');
      ok(again);
      assert.match(again.stdout, /No changes/);
      const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'directaws-delivery' }))).DeliveryStreamDescription!;
      assert.equal(d.DeliveryStreamType, 'DirectPut');
      assert.deepEqual((await c.kinesis.send(new ListStreamsCommand({}))).StreamNames ?? [], []);

      const sent = await cli('produce', '-n', '2000', '--wait', '--flush', '-o', 'json');
      ok(sent);
      const summary = JSON.parse(sent.stdout.trim().split('\n').at(-1)!);
      assert.equal(summary.accepted, 2000);
      assert.equal(summary.failed, 0);
      assert.ok(summary.retried > 0, 'records failed inside 200 answers were sent again');
      assert.equal(summary.api, 'PutRecordBatch');
      const q = await cli('query', 'SELECT count(*) AS n, count(DISTINCT uuid) AS u FROM events', '-o', 'json', '--no-footer');
      ok(q);
      assert.deepEqual(JSON.parse(q.stdout), [{ n: 2000, u: 2000 }]);

      // Firehose's Direct PUT metrics: every accepted record counted in, the refused ones as throttled.
      const cw = new CloudWatchClient({ region: 'us-east-1', endpoint: server.endpoint });
      const metric = (Id: string, MetricName: string) => ({
        Id,
        MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName, Dimensions: [{ Name: 'DeliveryStreamName', Value: 'directaws-delivery' }] }, Period: 3600, Stat: 'Sum' },
      });
      const m = await cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(Date.now() - 3_600_000),
          EndTime: new Date(Date.now() + 60_000),
          MetricDataQueries: [metric('incoming', 'IncomingRecords'), metric('throttled', 'ThrottledRecords'), metric('kread', 'DataReadFromKinesisStream.Records')],
        }),
      );
      const sum = (id: string) => (m.MetricDataResults!.find((r) => r.Id === id)!.Values ?? []).reduce((a, b) => a + b, 0);
      assert.equal(sum('incoming'), 2000);
      assert.ok(sum('throttled') > 0);
      assert.equal(sum('kread'), 0, 'no Kinesis-source metrics for a Direct PUT stream');
      cw.destroy();
    } finally {
      ok(await cli('down', '--yes'));
      await c.close();
    }
  });
});
