// Stream settings through the real SDK client: retention, encryption, tags, ListShards, UpdateShardCount.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  ListShardsCommand,
  ListTagsForResourceCommand,
  ListTagsForStreamCommand,
  PutRecordsCommand,
  RemoveTagsFromStreamCommand,
  StartStreamEncryptionCommand,
  StopStreamEncryptionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateShardCountCommand,
  UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import { openKinesis, waitActive, type Harness } from './harness.js';

const ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/admin';

describe('kinesis stream settings', () => {
  let h: Harness;
  const status = async (StreamName = 'admin') =>
    (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName }))).StreamDescriptionSummary!;
  before(async () => {
    h = await openKinesis();
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'admin', ShardCount: 2 }));
    await waitActive(h, 'admin');
  });
  after(async () => h.dispose());

  it('changes retention within 24–8760 hours, going through UPDATING', async () => {
    await h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'admin', RetentionPeriodHours: 48 }));
    assert.equal((await status()).StreamStatus, 'UPDATING');
    await assert.rejects(h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'admin', RetentionPeriodHours: 72 })), {
      name: 'ResourceInUseException',
      message: 'Stream admin under account 000000000000 not ACTIVE, instead in state UPDATING',
    });
    await waitActive(h, 'admin');
    assert.equal((await status()).RetentionPeriodHours, 48);
    await assert.rejects(h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'admin', RetentionPeriodHours: 24 })), {
      name: 'InvalidArgumentException',
      message: 'Requested retention period (24 hours) for stream admin can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.',
    });
    await assert.rejects(h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'admin', RetentionPeriodHours: 8761 })), {
      name: 'InvalidArgumentException',
      message: 'Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.',
    });
    await assert.rejects(h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'admin', RetentionPeriodHours: 12 })), {
      name: 'InvalidArgumentException',
      message: 'Minimum allowed retention period is 24 hours. Requested retention period (12 hours) is too short.',
    });
    await assert.rejects(h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'admin', RetentionPeriodHours: 100 })), {
      name: 'InvalidArgumentException',
      message: 'Requested retention period (100 hours) for stream admin can not be longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.',
    });
    await h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamARN: ARN, RetentionPeriodHours: 24 }));
    await waitActive(h, 'admin');
    assert.equal((await status()).RetentionPeriodHours, 24);
  });

  it('starts and stops KMS encryption', async () => {
    await h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: 'admin', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
    assert.equal((await status()).StreamStatus, 'UPDATING');
    await waitActive(h, 'admin');
    const s = await status();
    assert.equal(s.EncryptionType, 'KMS');
    assert.equal(s.KeyId, 'alias/aws/kinesis');
    await h.kinesis.send(new StopStreamEncryptionCommand({ StreamName: 'admin', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
    await waitActive(h, 'admin');
    assert.equal((await status()).EncryptionType, 'NONE');
    await assert.rejects(h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: 'admin', EncryptionType: 'AES' as any, KeyId: 'k' })), {
      name: 'ValidationException',
      message: /Member must satisfy enum value set: \[NONE, KMS\]/,
    });
  });

  it('adds, lists (paged), and removes tags by name and by ARN', async () => {
    await h.kinesis.send(new AddTagsToStreamCommand({ StreamName: 'admin', Tags: { b: '2', a: '1', c: '3' } }));
    const page = await h.kinesis.send(new ListTagsForStreamCommand({ StreamName: 'admin', Limit: 2 }));
    assert.deepEqual(page.Tags, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    assert.equal(page.HasMoreTags, true);
    const rest = await h.kinesis.send(new ListTagsForStreamCommand({ StreamName: 'admin', ExclusiveStartTagKey: 'b' }));
    assert.deepEqual(rest.Tags, [{ Key: 'c', Value: '3' }]);
    assert.equal(rest.HasMoreTags, false);
    await h.kinesis.send(new RemoveTagsFromStreamCommand({ StreamName: 'admin', TagKeys: ['a', 'b'] }));
    await h.kinesis.send(new TagResourceCommand({ ResourceARN: ARN, Tags: { d: '4' } }));
    assert.deepEqual((await h.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: ARN }))).Tags, [
      { Key: 'c', Value: '3' },
      { Key: 'd', Value: '4' },
    ]);
    await h.kinesis.send(new UntagResourceCommand({ ResourceARN: ARN, TagKeys: ['c', 'd'] }));
    assert.deepEqual((await h.kinesis.send(new ListTagsForStreamCommand({ StreamName: 'admin' }))).Tags, []);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v']));
    await assert.rejects(h.kinesis.send(new AddTagsToStreamCommand({ StreamName: 'admin', Tags: many })), {
      name: 'InvalidArgumentException',
      message: /cannot have more than 50 tags/,
    });
  });

  it('lists shards with paging and filters', async () => {
    const p1 = await h.kinesis.send(new ListShardsCommand({ StreamName: 'admin', MaxResults: 1 }));
    assert.deepEqual(p1.Shards!.map((s) => s.ShardId), ['shardId-000000000000']);
    assert.ok(p1.NextToken);
    const p2 = await h.kinesis.send(new ListShardsCommand({ NextToken: p1.NextToken }));
    assert.deepEqual(p2.Shards!.map((s) => s.ShardId), ['shardId-000000000001']);
    assert.equal(p2.NextToken, undefined);
    await assert.rejects(h.kinesis.send(new ListShardsCommand({ StreamName: 'admin', NextToken: p1.NextToken })), {
      name: 'InvalidArgumentException',
      message: 'NextToken and StreamName cannot be provided together.',
    });
    const afterFirst = await h.kinesis.send(new ListShardsCommand({ StreamName: 'admin', ExclusiveStartShardId: 'shardId-000000000000' }));
    assert.deepEqual(afterFirst.Shards!.map((s) => s.ShardId), ['shardId-000000000001']);
  });

  it('UpdateShardCount closes the old shards and opens an even split with parents; old data stays readable', async () => {
    const put = await h.kinesis.send(
      new PutRecordsCommand({ StreamName: 'admin', Records: Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from(`v${i}`) })) }),
    );
    assert.equal(put.FailedRecordCount, 0);
    await assert.rejects(h.kinesis.send(new UpdateShardCountCommand({ StreamName: 'admin', TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' })), {
      name: 'LimitExceededException',
      message: /cannot scale up over double your current open shard count/,
    });
    const res = await h.kinesis.send(new UpdateShardCountCommand({ StreamName: 'admin', TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' }));
    assert.equal(res.CurrentShardCount, 2);
    assert.equal(res.TargetShardCount, 4);
    assert.equal((await status()).StreamStatus, 'UPDATING');
    await waitActive(h, 'admin');
    const shards = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: 'admin' }))).StreamDescription!.Shards!;
    assert.equal(shards.length, 6);
    const closed = shards.slice(0, 2);
    const open = shards.slice(2);
    for (const s of closed) assert.match(s.SequenceNumberRange!.EndingSequenceNumber!, /^\d{56}$/);
    for (const s of open) assert.equal(s.SequenceNumberRange!.EndingSequenceNumber, undefined);
    assert.deepEqual(open.map((s) => s.ParentShardId), ['shardId-000000000000', 'shardId-000000000000', 'shardId-000000000001', 'shardId-000000000001']);
    assert.equal((await status()).OpenShardCount, 4);
    const latest = await h.kinesis.send(new ListShardsCommand({ StreamName: 'admin', ShardFilter: { Type: 'AT_LATEST' } }));
    assert.deepEqual(latest.Shards!.map((s) => s.ShardId), open.map((s) => s.ShardId));

    // New records go to the new shards; a closed shard ends with ChildShards and no NextShardIterator.
    const after = await h.kinesis.send(new PutRecordsCommand({ StreamName: 'admin', Records: [{ PartitionKey: 'k1', Data: Buffer.from('new') }] }));
    assert.ok(open.some((s) => s.ShardId === after.Records![0]!.ShardId));
    const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: 'admin', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
    assert.ok(got.Records!.length > 0);
    assert.equal(got.NextShardIterator, undefined);
    assert.deepEqual(got.ChildShards!.map((c) => c.ShardId), ['shardId-000000000002', 'shardId-000000000003']);
  });

  it('switches the capacity mode with UpdateStreamMode (by ARN)', async () => {
    await h.kinesis.send(new UpdateStreamModeCommand({ StreamARN: ARN, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    assert.equal((await status()).StreamStatus, 'UPDATING');
    await waitActive(h, 'admin');
    assert.equal((await status()).StreamModeDetails!.StreamMode, 'ON_DEMAND');
    await assert.rejects(h.kinesis.send(new UpdateStreamModeCommand({ StreamARN: ARN, StreamModeDetails: { StreamMode: 'ON_DEMAND' } })), {
      name: 'InvalidArgumentException',
    });
    await assert.rejects(
      h.kinesis.send(new UpdateShardCountCommand({ StreamName: 'admin', TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' })),
      { name: 'ValidationException' },
    );
  });
});
