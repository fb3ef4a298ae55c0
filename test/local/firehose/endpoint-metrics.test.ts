// CloudWatch metrics of the destinations that are not S3, as AWS names them: an HTTP endpoint that accepts a
// batch reports DeliveryToHttpEndpoint.Records/Bytes/Success 1/DataFreshness; a Redshift stream (unreachable
// offline, RetryOptions 0) reports DeliveryToRedshift.Records 0 and Success 0. Through serve, read back
// with the JS SDK's CloudWatch client.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer } from '../../../src/local/server.js';
import { startHttpsEndpoint } from '../../support/https-endpoint.js';
import { ROLE } from './helpers.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '0';

const region = 'us-east-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const s3Configuration = { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::backup' };
const records = ['{"a":1}', '{"a":2}', '{"a":3}'].map((d) => ({ Data: Buffer.from(d) }));

test('DeliveryToHttpEndpoint.* for a delivered batch, DeliveryToRedshift.* Success 0 for a failed one', async () => {
  const http = await startHttpsEndpoint();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-endpoint-metrics-'));
  const server = await startServer({ dataDir, port: 0 });
  const { endpoint } = server;
  try {
    const start = new Date(Date.now() - 60_000);
    await new S3Client({ region, endpoint, credentials, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'backup' }));
    const firehose = new FirehoseClient({ region, endpoint, credentials });
    await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'to-http', HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: http.url }, S3Configuration: s3Configuration } }));
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'to-redshift',
        RedshiftDestinationConfiguration: {
          RoleARN: ROLE,
          ClusterJDBCURL: 'jdbc:redshift://cluster.abc123.us-east-1.redshift.amazonaws.com:5439/dev',
          CopyCommand: { DataTableName: 'events' },
          Username: 'loader',
          Password: 'password1',
          RetryOptions: { DurationInSeconds: 0 },
          S3Configuration: s3Configuration,
        },
      }),
    );
    for (const name of ['to-http', 'to-redshift']) await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records }));
    await server.emulator.firehose.waitDelivered({ flush: true, timeoutMs: 20_000 });
    assert.equal(http.received.length, 1);

    const cw = new CloudWatchClient({ region, endpoint, credentials });
    const names = async (stream: string) =>
      ((await cw.send(new ListMetricsCommand({ Namespace: 'AWS/Firehose', Dimensions: [{ Name: 'DeliveryStreamName', Value: stream }] }))).Metrics ?? [])
        .map((m) => m.MetricName!)
        .filter((n) => n.startsWith('DeliveryTo'))
        .sort();
    assert.deepEqual(await names('to-http'), ['DeliveryToHttpEndpoint.Bytes', 'DeliveryToHttpEndpoint.DataFreshness', 'DeliveryToHttpEndpoint.Records', 'DeliveryToHttpEndpoint.Success']);
    assert.deepEqual(await names('to-redshift'), ['DeliveryToRedshift.Bytes', 'DeliveryToRedshift.Records', 'DeliveryToRedshift.Success']);

    const query = (id: string, stream: string, metric: string) => ({
      Id: id,
      MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName: metric, Dimensions: [{ Name: 'DeliveryStreamName', Value: stream }] }, Period: 60, Stat: 'Sum' },
    });
    const data = await cw.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: new Date(Date.now() + 60_000),
        MetricDataQueries: [
          query('httpRecords', 'to-http', 'DeliveryToHttpEndpoint.Records'),
          query('httpBytes', 'to-http', 'DeliveryToHttpEndpoint.Bytes'),
          query('httpSuccess', 'to-http', 'DeliveryToHttpEndpoint.Success'),
          query('rsRecords', 'to-redshift', 'DeliveryToRedshift.Records'),
          query('rsSuccess', 'to-redshift', 'DeliveryToRedshift.Success'),
        ],
      }),
    );
    const sum = (id: string) => data.MetricDataResults!.find((r) => r.Id === id)!.Values!.reduce((a, b) => a + b, 0);
    assert.deepEqual(
      ['httpRecords', 'httpBytes', 'httpSuccess', 'rsRecords', 'rsSuccess'].map(sum),
      [3, records.reduce((a, r) => a + r.Data.length, 0), 1, 0, 0],
    );
  } finally {
    await server.close();
    await http.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
