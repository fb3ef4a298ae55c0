// Per-shard write limits (with the setting) and injected per-record faults, through the real SDK client.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { openKinesis, waitActive, type Harness } from './harness.js';

const batch = (n: number, size = 10) => Array.from({ length: n }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.alloc(size, 120) }));

async function oneShardStream(h: Harness, name: string) {
  await h.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await waitActive(h, name);
}

async function countStored(h: Harness, StreamName: string): Promise<number> {
  const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
  return (await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }))).Records!.length;
}

describe('kinesis shard limits', () => {
  it('fails records beyond 1,000 records/s per shard inside a 200, with AWS wording', async () => {
    let clock = Date.now();
    const h = await openKinesis({ settings: { enforceShardLimits: true }, now: () => clock });
    try {
      await oneShardStream(h, 'limited');
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await h.kinesis.send(new PutRecordsCommand({ StreamName: 'limited', Records: batch(500) })));
      assert.deepEqual(results.map((r) => r.FailedRecordCount), [0, 0, 500]);
      const failed = results[2]!.Records![0]!;
      assert.equal(failed.ErrorCode, 'ProvisionedThroughputExceededException');
      assert.equal(failed.ErrorMessage, 'Rate exceeded for shard shardId-000000000000 in stream limited under account 000000000000.');
      assert.equal(failed.SequenceNumber, undefined);
      await assert.rejects(h.kinesis.send(new PutRecordCommand({ StreamName: 'limited', PartitionKey: 'a', Data: Buffer.from('x') })), {
        name: 'ProvisionedThroughputExceededException',
        message: 'Rate exceeded for shard shardId-000000000000 in stream limited under account 000000000000.',
      });
      clock += 1000; // a second later the bucket is full again
      const again = await h.kinesis.send(new PutRecordsCommand({ StreamName: 'limited', Records: batch(500) }));
      assert.equal(again.FailedRecordCount, 0);
      assert.equal(await countStored(h, 'limited'), 1500);
    } finally {
      await h.dispose();
    }
  });

  it('fails records beyond 1 MiB/s per shard', async () => {
    const clock = Date.now();
    const h = await openKinesis({ settings: { enforceShardLimits: true }, now: () => clock });
    try {
      await oneShardStream(h, 'bytes');
      const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: 'bytes', Records: batch(3, 400 * 1024) }));
      assert.equal(res.FailedRecordCount, 1);
      assert.equal(res.Records![2]!.ErrorCode, 'ProvisionedThroughputExceededException');
    } finally {
      await h.dispose();
    }
  });

  it('does not limit without the setting', async () => {
    const clock = Date.now();
    const h = await openKinesis({ now: () => clock });
    try {
      await oneShardStream(h, 'free');
      for (let i = 0; i < 4; i++) assert.equal((await h.kinesis.send(new PutRecordsCommand({ StreamName: 'free', Records: batch(500) }))).FailedRecordCount, 0);
    } finally {
      await h.dispose();
    }
  });
});

describe('kinesis injected faults', () => {
  it('fails the given fraction of PutRecords records with throttling inside a 200', async () => {
    const h = await openKinesis({ settings: { faults: [{ service: 'kinesis', action: 'PutRecords', fraction: 0.3, kind: 'throttle' }] } });
    try {
      await oneShardStream(h, 'flaky');
      const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: 'flaky', Records: batch(500) }));
      const failed = res.Records!.filter((r) => r.ErrorCode);
      assert.equal(res.FailedRecordCount, failed.length);
      assert.ok(failed.length > 75 && failed.length < 250, `failed ${failed.length} of 500`);
      for (const f of failed) assert.equal(f.ErrorCode, 'ProvisionedThroughputExceededException');
      assert.equal(await countStored(h, 'flaky'), 500 - failed.length);
    } finally {
      await h.dispose();
    }
  });

  it('fails records with InternalFailure for kind 500', async () => {
    const h = await openKinesis({ settings: { faults: [{ service: 'kinesis', action: 'PutRecords', fraction: 1, kind: '500' }] } });
    try {
      await oneShardStream(h, 'broken');
      const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: 'broken', Records: batch(5) }));
      assert.equal(res.FailedRecordCount, 5);
      assert.deepEqual(new Set(res.Records!.map((r) => r.ErrorCode)), new Set(['InternalFailure']));
      assert.equal(await countStored(h, 'broken'), 0);
    } finally {
      await h.dispose();
    }
  });

  it('fails other actions whole (the emulator applies the rule at dispatch)', async () => {
    const h = await openKinesis({ settings: { faults: [{ service: 'kinesis', action: 'PutRecord', fraction: 1, kind: 'throttle' }] } });
    try {
      await oneShardStream(h, 'calls');
      await assert.rejects(h.kinesis.send(new PutRecordCommand({ StreamName: 'calls', PartitionKey: 'a', Data: Buffer.from('x') })), {
        name: 'ProvisionedThroughputExceededException',
      });
      assert.equal(await countStored(h, 'calls'), 0);
    } finally {
      await h.dispose();
    }
  });
});
