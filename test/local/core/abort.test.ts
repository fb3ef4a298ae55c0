// Aborting an in-process request whose answer is a stream closes that stream, as closing the socket does
// over HTTP: an S3 GetObject body stops with an AbortError, and an aborted SubscribeToShard frees its
// subscription at once (AWS allows one per consumer and shard, so a leaked one would refuse the next).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
} from '@aws-sdk/client-kinesis';
import { openLocalForTest } from '../../support/local-clients.js';
import { openKinesis, waitActive } from '../kinesis/harness.js';

test('in-process: aborting a GetObject whose body is being read destroys the body', async () => {
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'abort' }));
    const big = Buffer.alloc(8 * 1024 * 1024, 7);
    await c.s3.send(new PutObjectCommand({ Bucket: 'abort', Key: 'big', Body: big }));
    const ac = new AbortController();
    const out = await c.s3.send(new GetObjectCommand({ Bucket: 'abort', Key: 'big' }), { abortSignal: ac.signal });
    const body = out.Body as NodeJS.ReadableStream & { destroyed: boolean };
    let read = 0;
    await assert.rejects(
      (async () => {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          read += chunk.length;
          if (read >= 64 * 1024) ac.abort();
        }
      })(),
      (e: Error) => e.name === 'AbortError',
    );
    assert.ok(read < big.length, `stopped early (read ${read} of ${big.length})`);
    assert.equal(body.destroyed, true);
  } finally {
    await c.close();
  }
});

test('in-process: aborting SubscribeToShard ends the subscription, so the next one is accepted at once', async () => {
  const h = await openKinesis();
  try {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'sub', ShardCount: 1 }));
    await waitActive(h, 'sub');
    const arn = (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'sub' }))).StreamDescriptionSummary!.StreamARN!;
    const ConsumerARN = (await h.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'c' }))).Consumer!.ConsumerARN!;
    await h.kinesis.send(new PutRecordCommand({ StreamName: 'sub', PartitionKey: 'k', Data: Buffer.from('one') }));
    const subscribe = (signal: AbortSignal) =>
      h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }), { abortSignal: signal });
    const first = new AbortController();
    const sub = await subscribe(first.signal);
    const got: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const ev of sub.EventStream!) {
          for (const r of ev.SubscribeToShardEvent?.Records ?? []) got.push(Buffer.from(r.Data!).toString());
          if (got.length) first.abort();
        }
      })(),
    );
    assert.deepEqual(got, ['one']);
    // The aborted subscription is gone: a new one for the same consumer and shard is not ResourceInUse.
    const second = new AbortController();
    const again = await subscribe(second.signal);
    for await (const ev of again.EventStream!) {
      if (ev.SubscribeToShardEvent) break;
    }
    second.abort();
  } finally {
    await h.dispose();
  }
});
