// One delivery stream's slow or unreachable HTTP endpoint does not hold up another stream's delivery (each
// stream runs on its own lane), and the error codes AWS logs for an endpoint that cannot be connected to or
// drops the connection.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';
import { startHttpsEndpoint, success } from '../../support/https-endpoint.js';
import { ROLE, waitActive } from './helpers.js';
import type { DeliveryEngine } from '../../../src/local/engine/delivery/engine.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '0';

const records = (tag: string) => [1, 2].map((i) => ({ Data: Buffer.from(`{"${tag}":${i}}`) }));

async function bodies(c: LocalTestClients, bucket: string, prefix: string): Promise<string[]> {
  const list = await c.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const out = [];
  for (const o of list.Contents ?? []) out.push(await (await c.s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }))).Body!.transformToString());
  return out;
}

async function createStreams(c: LocalTestClients, endpointUrl: string, retrySeconds: number): Promise<void> {
  await c.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
  await c.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'to-endpoint',
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: endpointUrl },
        RetryOptions: { DurationInSeconds: retrySeconds },
        S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', Prefix: 'backup/' },
      },
    }),
  );
  await c.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'to-s3',
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', Prefix: 'events/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
    }),
  );
  await waitActive(c, 'to-endpoint');
  await waitActive(c, 'to-s3');
}

/** A port on this machine nothing listens on: connecting to it is refused. */
async function refusedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `https://127.0.0.1:${port}`;
}

test('an endpoint that has not answered yet does not delay another stream: its S3 objects arrive first', async () => {
  const events: string[] = [];
  let requestArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const endpoint = await startHttpsEndpoint(async (req, id) => {
    events.push('endpoint got the request');
    requestArrived();
    await answered;
    events.push('endpoint answers');
    return success(req, id);
  });
  const c = await openLocalForTest();
  try {
    await createStreams(c, endpoint.url, 60);
    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-endpoint', Records: records('slow') }));
    const endpointDone = c.emulator!.firehose.waitDelivered({ deliveryStream: 'to-endpoint', flush: true, timeoutMs: 20_000 }).then(() => events.push('to-endpoint delivered'));
    await arrived;

    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-s3', Records: records('fast') }));
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'to-s3', flush: true, timeoutMs: 20_000 });
    events.push('to-s3 delivered');
    assert.deepEqual(await bodies(c, 'lake', 'events/'), ['{"fast":1}{"fast":2}']);

    answer();
    await endpointDone;
    assert.deepEqual(events, ['endpoint got the request', 'to-s3 delivered', 'endpoint answers', 'to-endpoint delivered']);
    assert.equal(endpoint.received.length, 1, 'one attempt, answered late but within the 3 minutes');
    assert.deepEqual(await bodies(c, 'lake', 'backup/'), [], 'delivered: nothing backed up');
  } finally {
    answer();
    await c.close();
    await endpoint.close();
  }
});

test('a refused connection is HttpEndpoint.ConnectionFailed: retried without holding up another stream, then backed up', async () => {
  const c = await openLocalForTest();
  try {
    await createStreams(c, await refusedUrl(), 300);
    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-endpoint', Records: records('refused') }));
    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-s3', Records: records('fast') }));
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'to-s3', flush: true, timeoutMs: 20_000 });
    assert.deepEqual(await bodies(c, 'lake', 'events/'), ['{"fast":1}{"fast":2}']);
    // The endpoint stream's batch has been attempted (started by the kick of its put) and is inside its retry window.
    await assert.rejects(c.emulator!.firehose.waitDelivered({ deliveryStream: 'to-endpoint', flush: true, timeoutMs: 1_500 }), /HttpEndpoint\.ConnectionFailed: Unable to connect to the destination endpoint/);
    const engine = c.emulator!.firehose as DeliveryEngine;
    assert.deepEqual([engine.stats('to-endpoint')?.delivered, engine.stats('to-endpoint')?.failed], [0, 0], 'still retrying, nothing backed up yet');
  } finally {
    await c.close();
  }

  const d = await openLocalForTest();
  try {
    await createStreams(d, await refusedUrl(), 0);
    await d.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-endpoint', Records: records('refused') }));
    await d.emulator!.firehose.waitDelivered({ deliveryStream: 'to-endpoint', flush: true, timeoutMs: 20_000 });
    const [failed] = await bodies(d, 'lake', 'http-endpoint-failed/');
    const docs = failed!.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(docs.map((x) => Buffer.from(x.rawData, 'base64').toString()), ['{"refused":1}', '{"refused":2}']);
    assert.deepEqual(new Set(docs.map((x) => x.errorCode)), new Set(['HttpEndpoint.ConnectionFailed']));
    assert.match(docs[0].errorMessage, /^Unable to connect to the destination endpoint\. .*ECONNREFUSED/);
  } finally {
    await d.close();
  }
});

test('a connection dropped before the answer is HttpEndpoint.ConnectionReset in the error records', async () => {
  const endpoint = await startHttpsEndpoint(() => 'reset');
  const c = await openLocalForTest();
  try {
    await createStreams(c, endpoint.url, 0);
    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-endpoint', Records: records('dropped') }));
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'to-endpoint', flush: true, timeoutMs: 20_000 });
    assert.equal(endpoint.received.length, 1);
    const [failed] = await bodies(c, 'lake', 'http-endpoint-failed/');
    const docs = failed!.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(docs.length, 2);
    assert.deepEqual(new Set(docs.map((x) => x.errorCode)), new Set(['HttpEndpoint.ConnectionReset']));
    assert.match(docs[0].errorMessage, /^Unable to maintain connection with the endpoint\./);
    assert.equal(docs[0].attemptsMade, 1);
  } finally {
    await c.close();
    await endpoint.close();
  }
});

test('closing the emulator while the endpoint has not answered aborts the request; the batch is sent again, same request id, on reopen', async () => {
  const events: string[] = [];
  let requestArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
  let never!: () => void;
  const hold = new Promise<void>((resolve) => (never = resolve));
  const endpoint = await startHttpsEndpoint(async (req, id) => {
    events.push('endpoint got the request');
    requestArrived();
    if (events.length === 1) await hold; // the first attempt is never answered
    return success(req, id);
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-endpoint-close-'));
  try {
    const c = await openLocalForTest({ dataDir });
    await createStreams(c, endpoint.url, 60);
    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-endpoint', Records: records('held') }));
    const waiting = c.emulator!.firehose.waitDelivered({ deliveryStream: 'to-endpoint', flush: true, timeoutMs: 20_000 });
    await arrived;
    await c.close();
    events.push('emulator closed');
    await assert.rejects(waiting, /emulator closed before Firehose delivery completed/);

    const d = await openLocalForTest({ dataDir });
    try {
      await d.emulator!.firehose.waitDelivered({ deliveryStream: 'to-endpoint', timeoutMs: 20_000 });
      events.push('to-endpoint delivered');
      assert.deepEqual(events, ['endpoint got the request', 'emulator closed', 'endpoint got the request', 'to-endpoint delivered']);
      assert.equal(new Set(endpoint.received.map((r) => r.headers['x-amz-firehose-request-id'])).size, 1, 'the redone batch keeps its request id');
      assert.deepEqual(await bodies(d, 'lake', 'backup/'), []);
    } finally {
      await d.close();
    }
  } finally {
    never();
    await endpoint.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
