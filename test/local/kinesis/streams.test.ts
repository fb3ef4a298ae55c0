// Control plane of the local Kinesis through the real SDK client: lifecycle, describe/list, errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeLimitsCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  ListStreamsCommand,
  PutRecordCommand,
  waitUntilStreamExists,
  waitUntilStreamNotExists,
} from '@aws-sdk/client-kinesis';
import { openKinesis, waitActive, type Harness } from './harness.js';

const fast = { minDelay: 0.02, maxDelay: 0.05, maxWaitTime: 5 };

describe('kinesis streams', () => {
  let h: Harness;
  before(async () => {
    h = await openKinesis();
  });
  after(async () => h.dispose());

  it('creates a provisioned stream CREATING, then ACTIVE with evenly split shards', async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'orders', ShardCount: 3, Tags: { team: 'data' } }));
    const d1 = await h.kinesis.send(new DescribeStreamCommand({ StreamName: 'orders' }));
    assert.equal(d1.StreamDescription!.StreamStatus, 'CREATING');
    // Not writable until ACTIVE: AWS answers as if the stream did not exist yet.
    await assert.rejects(h.kinesis.send(new PutRecordCommand({ StreamName: 'orders', PartitionKey: 'k', Data: Buffer.from('x') })), {
      name: 'ResourceNotFoundException',
    });
    await waitUntilStreamExists({ client: h.kinesis, ...fast }, { StreamName: 'orders' });
    const d = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: 'orders' }))).StreamDescription!;
    assert.equal(d.StreamStatus, 'ACTIVE');
    assert.equal(d.StreamARN, 'arn:aws:kinesis:us-east-1:000000000000:stream/orders');
    assert.equal(d.RetentionPeriodHours, 24);
    assert.equal(d.EncryptionType, 'NONE');
    assert.equal(d.StreamModeDetails!.StreamMode, 'PROVISIONED');
    assert.ok(d.StreamCreationTimestamp instanceof Date);
    assert.deepEqual(d.Shards!.map((s) => s.ShardId), ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
    const third = (1n << 128n) / 3n;
    assert.equal(d.Shards![0]!.HashKeyRange!.StartingHashKey, '0');
    assert.equal(d.Shards![0]!.HashKeyRange!.EndingHashKey, String(third - 1n));
    assert.equal(d.Shards![1]!.HashKeyRange!.StartingHashKey, String(third));
    assert.equal(d.Shards![2]!.HashKeyRange!.EndingHashKey, String((1n << 128n) - 1n));
    for (const s of d.Shards!) assert.match(s.SequenceNumberRange!.StartingSequenceNumber!, /^\d{56}$/);
    assert.equal(d.HasMoreShards, false);
  });

  it('creates an on-demand stream with 4 shards; summary shows mode and open shards', async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'clicks', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    await waitActive(h, 'clicks');
    const s = (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' }))).StreamDescriptionSummary!;
    assert.equal(s.StreamModeDetails!.StreamMode, 'ON_DEMAND');
    assert.equal(s.OpenShardCount, 4);
    assert.equal(s.StreamStatus, 'ACTIVE');
    assert.equal(s.ConsumerCount, 0);
  });

  it('accepts StreamARN instead of StreamName, and rejects an ARN of another account', async () => {
    const arn = 'arn:aws:kinesis:us-east-1:000000000000:stream/orders';
    const s = (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: arn }))).StreamDescriptionSummary!;
    assert.equal(s.StreamName, 'orders');
    await assert.rejects(
      h.kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: 'arn:aws:kinesis:us-east-1:111111111111:stream/orders' })),
      { name: 'ResourceNotFoundException' },
    );
  });

  it('refuses to create an existing stream (ResourceInUseException)', async () => {
    await assert.rejects(h.kinesis.send(new CreateStreamCommand({ StreamName: 'orders', ShardCount: 1 })), {
      name: 'ResourceInUseException',
      message: 'Stream orders under account 000000000000 already exists.',
    });
  });

  it('reports unknown streams with AWS wording', async () => {
    await assert.rejects(h.kinesis.send(new DescribeStreamCommand({ StreamName: 'missing' })), {
      name: 'ResourceNotFoundException',
      message: 'Stream missing under account 000000000000 not found.',
    });
  });

  it('validates inputs like AWS (ValidationException listing each failure, in AWS\'s order)', async () => {
    await assert.rejects(h.kinesis.send(new CreateStreamCommand({ StreamName: 'bad/name', ShardCount: 0 })), {
      name: 'ValidationException',
      message:
        "2 validation errors detected: Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value 'bad/name' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    });
    await assert.rejects(h.kinesis.send(new CreateStreamCommand({ StreamName: 'x'.repeat(129), ShardCount: 1 })), {
      name: 'ValidationException',
      message: /Member must have length less than or equal to 128/,
    });
    await assert.rejects(h.kinesis.send(new CreateStreamCommand({ StreamName: 'noshards' })), { name: 'InvalidArgumentException' });
  });

  it('enforces the account shard limit (LimitExceededException)', async () => {
    await assert.rejects(h.kinesis.send(new CreateStreamCommand({ StreamName: 'huge', ShardCount: 600 })), {
      name: 'LimitExceededException',
      message: /This request would exceed the shard limit for the account 000000000000 in us-east-1/,
    });
    const limits = await h.kinesis.send(new DescribeLimitsCommand({}));
    assert.equal(limits.ShardLimit, 500);
    assert.equal(limits.OpenShardCount, 7);
    assert.equal(limits.OnDemandStreamCount, 1);
  });

  it('lists streams with summaries and pages with NextToken and ExclusiveStartStreamName', async () => {
    for (const n of ['a1', 'a2', 'a3']) await h.kinesis.send(new CreateStreamCommand({ StreamName: n, ShardCount: 1 }));
    const all = await h.kinesis.send(new ListStreamsCommand({}));
    assert.deepEqual(all.StreamNames, ['a1', 'a2', 'a3', 'clicks', 'orders']);
    assert.equal(all.HasMoreStreams, false);
    assert.equal(all.StreamSummaries!.find((s) => s.StreamName === 'clicks')!.StreamModeDetails!.StreamMode, 'ON_DEMAND');
    assert.equal(all.StreamSummaries![0]!.StreamARN, 'arn:aws:kinesis:us-east-1:000000000000:stream/a1');
    const p1 = await h.kinesis.send(new ListStreamsCommand({ Limit: 2 }));
    assert.deepEqual(p1.StreamNames, ['a1', 'a2']);
    assert.equal(p1.HasMoreStreams, true);
    const p2 = await h.kinesis.send(new ListStreamsCommand({ Limit: 2, NextToken: p1.NextToken }));
    assert.deepEqual(p2.StreamNames, ['a3', 'clicks']);
    const p3 = await h.kinesis.send(new ListStreamsCommand({ ExclusiveStartStreamName: 'clicks' }));
    assert.deepEqual(p3.StreamNames, ['orders']);
  });

  it('deletes: DELETING, then gone (waitUntilStreamNotExists), and the name is free again', async () => {
    await waitActive(h, 'a1');
    await h.kinesis.send(new DeleteStreamCommand({ StreamName: 'a1' }));
    const d = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'a1' }));
    assert.equal(d.StreamDescriptionSummary!.StreamStatus, 'DELETING');
    await assert.rejects(h.kinesis.send(new CreateStreamCommand({ StreamName: 'a1', ShardCount: 1 })), { name: 'ResourceInUseException' });
    await waitUntilStreamNotExists({ client: h.kinesis, ...fast }, { StreamName: 'a1' });
    await assert.rejects(h.kinesis.send(new DescribeStreamCommand({ StreamName: 'a1' })), { name: 'ResourceNotFoundException' });
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'a1', ShardCount: 1 }));
    await waitActive(h, 'a1');
    await assert.rejects(h.kinesis.send(new DeleteStreamCommand({ StreamName: 'zzz' })), { name: 'ResourceNotFoundException' });
  });

  it('pages DescribeStream shards with Limit and ExclusiveStartShardId', async () => {
    const p1 = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: 'clicks', Limit: 3 }))).StreamDescription!;
    assert.equal(p1.Shards!.length, 3);
    assert.equal(p1.HasMoreShards, true);
    const p2 = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: 'clicks', ExclusiveStartShardId: p1.Shards![2]!.ShardId })))
      .StreamDescription!;
    assert.deepEqual(p2.Shards!.map((s) => s.ShardId), ['shardId-000000000003']);
    assert.equal(p2.HasMoreShards, false);
  });
});
