// The dashboard `status --watch` and the console draw, read with provider aws from moto_server (an AWS
// implementation we did not write) instead of the local emulator: the same code, only the clients differ.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { openClients } from '../../src/aws/clients.js';
import { cloudWatchFor, fetchDashboard } from '../../src/console/metrics.js';
import type { Pipeline } from '../../src/config/types.js';
import { motoMissing, startMoto } from '../aws/moto.js';

const missing = motoMissing();

test('fetchDashboard with provider aws (moto): CloudWatch series per minute and the error-prefix count', { skip: missing ?? false, timeout: 120_000 }, async () => {
  const moto = await startMoto();
  after(() => moto.stop());
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  const c = await openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: moto.endpoint });
  const cw = await cloudWatchFor(c);
  try {
    const p = { stream: { name: 'clicks' }, delivery: { name: 'clicks-delivery', errorPrefix: 'errors/!{firehose:error-output-type}/' }, bucket: { name: 'clicks-lake' } } as unknown as Pipeline;
    await c.s3.send(new CreateBucketCommand({ Bucket: 'clicks-lake' }));
    for (const k of ['errors/format-conversion-failed/a', 'errors/format-conversion-failed/b', 'events/x.parquet']) {
      await c.s3.send(new PutObjectCommand({ Bucket: 'clicks-lake', Key: k, Body: 'x' }));
    }
    const now = Date.now();
    await cw.send(new PutMetricDataCommand({ Namespace: 'AWS/Kinesis', MetricData: [{ MetricName: 'IncomingRecords', Value: 700, Unit: 'Count', Timestamp: new Date(now), Dimensions: [{ Name: 'StreamName', Value: 'clicks' }] }] }));
    await cw.send(new PutMetricDataCommand({ Namespace: 'AWS/Firehose', MetricData: [{ MetricName: 'DeliveryToS3.Records', Value: 650, Unit: 'Count', Timestamp: new Date(now), Dimensions: [{ Name: 'DeliveryStreamName', Value: 'clicks-delivery' }] }] }));
    const d = await fetchDashboard(cw, c, p, { minutes: 10, now });
    const panel = (id: string) => d.panels.find((x) => x.id === id)!.values;
    assert.equal(panel('incoming').at(-1), 700, 'this minute is the last column');
    assert.equal(panel('delivered').at(-1), 650);
    assert.deepEqual(panel('throttled'), new Array(10).fill(null), 'no data: gaps, not zeros');
    assert.equal(d.errorObjects, 2);
  } finally {
    cw.destroy();
    await c.close();
  }
});
