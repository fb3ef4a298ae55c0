// The "done when" for metrics: a pipeline fed through `lakehouse serve` (a child process, killed with
// -9 twice: once by the delivery crash point right after a batch's objects are written and before its
// checkpoint, once from outside right after producing), then CloudWatch asked through the JS SDK (AWS JSON
// 1.0), boto3 (Smithy RPC v2 CBOR) and the AWS CLI v2 (Query): IncomingRecords sums to exactly the records
// accepted, DeliveryToS3.Records to exactly the rows in the lake's Parquet files.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { parquetMetadata } from 'hyparquet';
import { openClients, type Clients } from '../../src/aws/clients.js';
import { createPipeline } from '../local/firehose/pipeline-setup.js';
import { runClient, spawnServe, type ServeProc } from './serve-proc.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-metrics-'));
const procs: ServeProc[] = [];
after(() => {
  for (const p of procs) p.child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const SERVE_ENV = {
  LAKEHOUSE_FIREHOSE_TRANSITION_MS: '30',
  LAKEHOUSE_KINESIS_TRANSITION_MS: '20',
  // Some records are refused (throttled inside a 200): "accepted" is then less than "sent".
  LAKEHOUSE_FAULTS: 'kinesis:PutRecords=0.1:throttle',
};

function record(i: number): string {
  // Every 50th record cannot be converted (a string where the table has a bigint): it goes to the error prefix.
  const phone = i % 50 === 0 ? 'call me' : 5550000000 + i;
  return JSON.stringify({ uuid: randomUUID(), event_date: new Date().toISOString(), status: 'ACTIVE', name: 'Ann', last_name: `Lee${i}`, email: `a${i}@x.io`, phone });
}

async function produce(c: Clients, stream: string, from: number, count: number): Promise<number> {
  let accepted = 0;
  for (let i = from; i < from + count; i += 500) {
    const n = Math.min(500, from + count - i);
    const out = await c.kinesis.send(
      new PutRecordsCommand({ StreamName: stream, Records: Array.from({ length: n }, (_, j) => ({ Data: Buffer.from(record(i + j)), PartitionKey: `pk-${i + j}` })) }),
    );
    accepted += n - out.FailedRecordCount!;
  }
  return accepted;
}

function lakeRows(): number {
  const dir = path.join(dataDir, 's3', 'lake', 'events');
  if (!fs.existsSync(dir)) return 0;
  let rows = 0;
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.parquet')) continue;
    const buf = fs.readFileSync(path.join(e.parentPath, e.name));
    rows += Number(parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).num_rows);
  }
  return rows;
}

async function startServe(env: Record<string, string>): Promise<{ serve: ServeProc; c: Clients }> {
  const serve = spawnServe(dataDir, { ...SERVE_ENV, ...env });
  procs.push(serve);
  await serve.endpoint;
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
  assert.equal(c.endpoint, await serve.endpoint, 'the clients talk to serve');
  return { serve, c };
}

test('metrics through boto3, the AWS CLI and the JS SDK add up to what was accepted and delivered, across kill -9', async () => {
  // 1. First serve dies by itself right after the 2nd batch's objects are written, before its checkpoint.
  let { serve, c } = await startServe({ LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS: '2' });
  const p = await createPipeline(c, { shards: 2, intervalSeconds: 900 });
  let accepted = await produce(c, p.stream, 0, 3000);
  await assert.rejects(c.local!.waitDelivered({ deliveryStream: p.deliveryStream, flush: true, timeoutMs: 60_000 }));
  assert.equal((await serve.exited).signal, 'SIGKILL');
  await c.close();

  // 2. Second serve: redoes the cut batch, takes more records, and is killed -9 from outside.
  ({ serve, c } = await startServe({}));
  accepted += await produce(c, p.stream, 3000, 2000);
  await c.local!.waitDelivered({ deliveryStream: p.deliveryStream, flush: true, timeoutMs: 60_000 });
  accepted += await produce(c, p.stream, 5000, 1000); // accepted, not yet delivered when the host dies
  await c.close();
  serve.child.kill('SIGKILL');
  await serve.exited;

  // 3. Third serve: delivers the rest; its journal recovery must count nothing twice and lose nothing.
  ({ serve, c } = await startServe({}));
  await c.local!.waitDelivered({ deliveryStream: p.deliveryStream, flush: true, timeoutMs: 60_000 });
  const rows = lakeRows();
  assert.ok(accepted > 5000 && accepted < 6000, `some records were throttled (${accepted} of 6000 accepted)`);
  assert.ok(rows > 0 && rows < accepted, `bad records went to the error prefix (${rows} rows of ${accepted})`);

  const endpoint = await serve.endpoint;
  const start = new Date(Date.now() - 3600_000);
  const end = new Date(Date.now() + 120_000);

  // JS SDK v3: AWS JSON 1.0, with metric math over both series.
  const cw = new CloudWatchClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const listed = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/Kinesis', MetricName: 'IncomingRecords' }));
  assert.deepEqual(listed.Metrics, [{ Namespace: 'AWS/Kinesis', MetricName: 'IncomingRecords', Dimensions: [{ Name: 'StreamName', Value: p.stream }] }]);
  const data = await cw.send(
    new GetMetricDataCommand({
      StartTime: start,
      EndTime: end,
      MetricDataQueries: [
        { Id: 'incoming', MetricStat: { Metric: { Namespace: 'AWS/Kinesis', MetricName: 'IncomingRecords', Dimensions: [{ Name: 'StreamName', Value: p.stream }] }, Period: 60, Stat: 'Sum' } },
        { Id: 'delivered', MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: 'DeliveryToS3.Records', Dimensions: [{ Name: 'DeliveryStreamName', Value: p.deliveryStream }] }, Period: 60, Stat: 'Sum' } },
        { Id: 'failed', MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: 'FailedConversion.Records', Dimensions: [{ Name: 'DeliveryStreamName', Value: p.deliveryStream }] }, Period: 60, Stat: 'Sum' } },
        { Id: 'lost', Expression: 'FILL(incoming, 0) - FILL(delivered, 0) - FILL(failed, 0)' },
      ],
    }),
  );
  const sum = (id: string) => data.MetricDataResults!.find((r) => r.Id === id)!.Values!.reduce((a, b) => a + b, 0);
  assert.equal(sum('incoming'), accepted, 'JS SDK: IncomingRecords = records accepted');
  assert.equal(sum('delivered'), rows, 'JS SDK: DeliveryToS3.Records = rows in the lake');
  assert.equal(sum('delivered') + sum('failed'), accepted, 'every accepted record was delivered or failed conversion');
  assert.equal(sum('lost'), 0, 'metric math: incoming - delivered - failed');

  // boto3 (recent: Smithy RPC v2 CBOR).
  const py = `
import boto3, datetime, json, sys
c = boto3.client('cloudwatch', endpoint_url=sys.argv[1])
assert c.meta.service_model.protocol == 'smithy-rpc-v2-cbor', c.meta.service_model.protocol
t0 = datetime.datetime.fromtimestamp(float(sys.argv[2]), datetime.timezone.utc)
t1 = datetime.datetime.fromtimestamp(float(sys.argv[3]), datetime.timezone.utc)
def total(ns, name, dim, value):
    r = c.get_metric_statistics(Namespace=ns, MetricName=name, Dimensions=[{'Name': dim, 'Value': value}], StartTime=t0, EndTime=t1, Period=60, Statistics=['Sum'])
    return sum(d['Sum'] for d in r['Datapoints'])
print(json.dumps([total('AWS/Kinesis', 'IncomingRecords', 'StreamName', sys.argv[4]), total('AWS/Firehose', 'DeliveryToS3.Records', 'DeliveryStreamName', sys.argv[5])]))
`;
  const boto = JSON.parse(await runClient('python3', ['-c', py, endpoint, String(start.getTime() / 1000), String(end.getTime() / 1000), p.stream, p.deliveryStream]));
  assert.deepEqual(boto, [accepted, rows], 'boto3 (CBOR)');

  // The AWS CLI v2 (Debian's 2.9: the Query protocol).
  const queries = JSON.stringify([
    { Id: 'incoming', MetricStat: { Metric: { Namespace: 'AWS/Kinesis', MetricName: 'IncomingRecords', Dimensions: [{ Name: 'StreamName', Value: p.stream }] }, Period: 60, Stat: 'Sum' } },
    { Id: 'delivered', MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: 'DeliveryToS3.Records', Dimensions: [{ Name: 'DeliveryStreamName', Value: p.deliveryStream }] }, Period: 60, Stat: 'Sum' } },
  ]);
  const cli = JSON.parse(
    await runClient('/usr/bin/aws', ['--endpoint-url', endpoint, 'cloudwatch', 'get-metric-data', '--metric-data-queries', queries, '--start-time', start.toISOString(), '--end-time', end.toISOString(), '--output', 'json']),
  );
  const cliSum = (id: string) => (cli.MetricDataResults.find((r: any) => r.Id === id).Values as number[]).reduce((a, b) => a + b, 0);
  assert.deepEqual([cliSum('incoming'), cliSum('delivered')], [accepted, rows], 'AWS CLI (Query)');

  cw.destroy();
  await c.close();
  serve.child.kill('SIGTERM');
  assert.equal((await serve.exited).code, 0, serve.output());
});
