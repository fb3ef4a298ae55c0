// Firehose HTTP endpoint destinations with the JS SDK in-process: real HTTPS deliveries to a local server in
// AWS's request format (headers, GZIP body, access key, common attributes), retries within RetryOptions with the
// same request id, and failed records written to the S3 backup under `http-endpoint-failed/` once the retry
// duration is over; AllData copies every record to S3 too.
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';
import { startHttpsEndpoint, success } from '../../support/https-endpoint.js';
import { ROLE, waitActive } from './helpers.js';
import type { DeliveryEngine } from '../../../src/local/engine/delivery/engine.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '0';

const s3Configuration = { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::backup' };
const records = ['{"a":1}', '{"a":2}', '{"a":3}'].map((d) => ({ Data: Buffer.from(d) }));

async function objects(c: LocalTestClients, prefix = ''): Promise<Array<{ key: string; body: string }>> {
  const list = await c.s3.send(new ListObjectsV2Command({ Bucket: 'backup', Prefix: prefix }));
  const out = [];
  for (const o of list.Contents ?? []) {
    const body = await (await c.s3.send(new GetObjectCommand({ Bucket: 'backup', Key: o.Key! }))).Body!.transformToString();
    out.push({ key: o.Key!, body });
  }
  return out;
}

test('records are POSTed to the endpoint in AWS format (GZIP, access key, common attributes) and AllData copies them to S3', async () => {
  const endpoint = await startHttpsEndpoint();
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'backup' }));
    const { DeliveryStreamARN } = await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'to-http',
        HttpEndpointDestinationConfiguration: {
          EndpointConfiguration: { Url: `${endpoint.url}/ingest?x=1`, Name: 'local', AccessKey: 'secret-key' },
          RequestConfiguration: { ContentEncoding: 'GZIP', CommonAttributes: [{ AttributeName: 'team', AttributeValue: 'data' }] },
          BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
          S3BackupMode: 'AllData',
          S3Configuration: s3Configuration,
        },
      }),
    );
    const d = await waitActive(c, 'to-http');
    const described = d.Destinations![0]!.HttpEndpointDestinationDescription!;
    assert.deepEqual(described.EndpointConfiguration, { Url: `${endpoint.url}/ingest?x=1`, Name: 'local' }, 'the access key is never described');
    assert.deepEqual(described.RetryOptions, { DurationInSeconds: 300 });
    assert.equal(described.S3BackupMode, 'AllData');
    assert.deepEqual(described.S3DestinationDescription!.BufferingHints, { SizeInMBs: 5, IntervalInSeconds: 300 });
    assert.deepEqual(described.S3DestinationDescription!.EncryptionConfiguration, { NoEncryptionConfig: 'NoEncryption' });
    assert.equal(d.LastUpdateTimestamp, undefined, 'AWS shows no LastUpdateTimestamp before an update');

    const put = await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-http', Records: records }));
    assert.equal(put.FailedPutCount, 0);
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'to-http', flush: true, timeoutMs: 10_000 });

    assert.equal(endpoint.received.length, 1);
    const req = endpoint.received[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/ingest?x=1');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['content-encoding'], 'gzip');
    assert.equal(req.headers['x-amz-firehose-protocol-version'], '1.0');
    assert.equal(req.headers['x-amz-firehose-access-key'], 'secret-key');
    assert.equal(req.headers['x-amz-firehose-source-arn'], DeliveryStreamARN);
    assert.deepEqual(JSON.parse(String(req.headers['x-amz-firehose-common-attributes'])), { commonAttributes: { team: 'data' } });
    const body = JSON.parse(gunzipSync(req.body).toString());
    assert.equal(body.requestId, req.headers['x-amz-firehose-request-id']);
    assert.equal(typeof body.timestamp, 'number');
    assert.deepEqual(body.records.map((r: { data: string }) => Buffer.from(r.data, 'base64').toString()), ['{"a":1}', '{"a":2}', '{"a":3}']);

    const copies = await objects(c);
    assert.equal(copies.length, 1);
    assert.match(copies[0]!.key, /^\d{4}\/\d{2}\/\d{2}\/\d{2}\/to-http-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}$/);
    assert.equal(copies[0]!.body, '{"a":1}{"a":2}{"a":3}');
  } finally {
    await c.close();
    await endpoint.close();
  }
});

test('a failing endpoint is retried with the same request id; past RetryOptions the records go to http-endpoint-failed/', async () => {
  let calls = 0;
  // First answer 503, then a 200 with the wrong requestId, then accept: three attempts of one request.
  const flaky = await startHttpsEndpoint((req, id) => (++calls === 1 ? { status: 503, body: 'busy' } : calls === 2 ? { status: 200, body: '{"requestId":"other"}' } : success(req, id)));
  const failing = await startHttpsEndpoint(() => ({ status: 500, body: '{"errorMessage":"nope"}' }));
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'backup' }));
    const create = (name: string, url: string, retry: number) =>
      c.firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: name,
          HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: url }, RetryOptions: { DurationInSeconds: retry }, S3Configuration: { ...s3Configuration, Prefix: `${name}/` } },
        }),
      );
    await create('flaky', flaky.url, 60);
    await create('failing', failing.url, 0);
    await waitActive(c, 'failing');
    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'flaky', Records: records }));
    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'failing', Records: records }));
    await c.emulator!.firehose.waitDelivered({ flush: true, timeoutMs: 20_000 });

    assert.equal(flaky.received.length, 3);
    assert.equal(new Set(flaky.received.map((r) => r.headers['x-amz-firehose-request-id'])).size, 1, 'one request id for every attempt');
    assert.equal(flaky.received[0]!.headers['content-encoding'], undefined, 'no Content-Encoding without GZIP');
    assert.deepEqual(await objects(c, 'flaky/'), [], 'FailedDataOnly: nothing in S3 once delivered');

    assert.equal(failing.received.length, 1, 'RetryOptions 0: no retry');
    const failed = await objects(c);
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.key, /^http-endpoint-failed\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/failing-1-/);
    const docs = failed[0]!.body.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(docs.map((x) => Buffer.from(x.rawData, 'base64').toString()), ['{"a":1}', '{"a":2}', '{"a":3}']);
    assert.equal(docs[0].errorCode, 'HttpEndpoint.DestinationException');
    assert.match(docs[0].errorMessage, /500: \{"errorMessage":"nope"\}/);
    assert.equal(docs[0].attemptsMade, 1);
    assert.equal(typeof docs[0].arrivalTimestamp, 'number');
    assert.equal(typeof docs[0].attemptEndingTimestamp, 'number');
    const stats = (c.emulator!.firehose as DeliveryEngine).stats('failing');
    assert.deepEqual([stats?.delivered, stats?.failed], [0, 3]);
  } finally {
    await c.close();
    await flaky.close();
    await failing.close();
  }
});

test('DescribeDeliveryStream lists the HTTP endpoint destination with AWS defaults; an unknown stream is not found', async () => {
  const c = await openLocalForTest();
  try {
    await c.firehose.send(
      new CreateDeliveryStreamCommand({ DeliveryStreamName: 'defaults', HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'https://example.com' }, S3Configuration: s3Configuration } }),
    );
    const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'defaults' }))).DeliveryStreamDescription!;
    const h = d.Destinations![0]!.HttpEndpointDestinationDescription!;
    assert.deepEqual(h.BufferingHints, { SizeInMBs: 5, IntervalInSeconds: 300 });
    assert.deepEqual(h.RequestConfiguration, { ContentEncoding: 'NONE' });
    assert.equal(h.S3BackupMode, 'FailedDataOnly');
    assert.deepEqual(h.CloudWatchLoggingOptions, { Enabled: false });
    await assert.rejects(c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'nope' })), { name: 'ResourceNotFoundException' });
  } finally {
    await c.close();
  }
});
