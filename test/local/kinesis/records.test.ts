// Data plane through the real SDK client: PutRecord(s), shard choice by MD5, sequence order, every
// iterator type, GetRecords paging, and AWS's limits and errors.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  StartStreamEncryptionCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { openKinesis, waitActive, type Harness } from './harness.js';

const text = (d: Uint8Array | undefined) => Buffer.from(d!).toString('utf8');

async function iterator(k: KinesisClient, StreamName: string, ShardId: string, type: string, extra: object = {}) {
  const r = await k.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: type as any, ...extra }));
  return r.ShardIterator!;
}

async function readAll(k: KinesisClient, StreamName: string, ShardId: string) {
  let it = await iterator(k, StreamName, ShardId, 'TRIM_HORIZON');
  const out: Array<{ seq: string; key: string; data: string }> = [];
  for (;;) {
    const r = await k.send(new GetRecordsCommand({ ShardIterator: it }));
    for (const x of r.Records!) out.push({ seq: x.SequenceNumber!, key: x.PartitionKey!, data: text(x.Data) });
    if (!r.Records!.length) return out;
    it = r.NextShardIterator!;
  }
}

describe('kinesis records', () => {
  let h: Harness;
  before(async () => {
    h = await openKinesis();
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'events', ShardCount: 4 }));
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'one', ShardCount: 1 }));
    await waitActive(h, 'events');
    await waitActive(h, 'one');
  });
  after(async () => h.dispose());

  it('routes records by MD5 of the partition key over the 128-bit hash key ranges', async () => {
    const shards = (await h.kinesis.send(new ListShardsCommand({ StreamName: 'events' }))).Shards!;
    const keys = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
    const counts = new Map<string, number>();
    for (let i = 0; i < keys.length; i += 500) {
      const batch = keys.slice(i, i + 500);
      const res = await h.kinesis.send(
        new PutRecordsCommand({ StreamName: 'events', Records: batch.map((k) => ({ PartitionKey: k, Data: Buffer.from(k) })) }),
      );
      assert.equal(res.FailedRecordCount, 0);
      res.Records!.forEach((r, j) => {
        const hash = BigInt('0x' + createHash('md5').update(batch[j]!).digest('hex'));
        const expected = shards.find((s) => BigInt(s.HashKeyRange!.StartingHashKey!) <= hash && hash <= BigInt(s.HashKeyRange!.EndingHashKey!))!;
        assert.equal(r.ShardId, expected.ShardId, `key ${batch[j]}`);
        counts.set(r.ShardId!, (counts.get(r.ShardId!) ?? 0) + 1);
      });
    }
    assert.equal(counts.size, 4);
    for (const n of counts.values()) assert.ok(n > 350 && n < 650, `uneven distribution ${[...counts.values()]}`);
  });

  it('honours ExplicitHashKey and rejects one outside [0, 2^128-1]', async () => {
    const top = ((1n << 128n) - 1n).toString();
    const r = await h.kinesis.send(new PutRecordCommand({ StreamName: 'events', PartitionKey: 'a', ExplicitHashKey: top, Data: Buffer.from('x') }));
    assert.equal(r.ShardId, 'shardId-000000000003');
    const r0 = await h.kinesis.send(new PutRecordCommand({ StreamName: 'events', PartitionKey: 'a', ExplicitHashKey: '0', Data: Buffer.from('x') }));
    assert.equal(r0.ShardId, 'shardId-000000000000');
    await assert.rejects(
      h.kinesis.send(new PutRecordCommand({ StreamName: 'events', PartitionKey: 'a', ExplicitHashKey: (1n << 128n).toString(), Data: Buffer.from('x') })),
      { name: 'InvalidArgumentException', message: /ExplicitHashKey must be in the range: \[0, 2\^128-1\]/ },
    );
  });

  it('gives strictly increasing 56-digit sequence numbers per shard and reads them back in order', async () => {
    const seqs: string[] = [];
    for (let b = 0; b < 3; b++) {
      const res = await h.kinesis.send(
        new PutRecordsCommand({ StreamName: 'one', Records: Array.from({ length: 100 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from(`r${b * 100 + i}`) })) }),
      );
      seqs.push(...res.Records!.map((r) => r.SequenceNumber!));
    }
    const single = await h.kinesis.send(new PutRecordCommand({ StreamName: 'one', PartitionKey: 'p', Data: Buffer.from('r300') }));
    seqs.push(single.SequenceNumber!);
    for (const s of seqs) assert.match(s, /^\d{56}$/);
    for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i - 1]! < seqs[i]!, `not increasing at ${i}`);
    const all = await readAll(h.kinesis, 'one', 'shardId-000000000000');
    assert.deepEqual(all.map((r) => r.seq), seqs);
    assert.deepEqual(all.map((r) => r.data), Array.from({ length: 301 }, (_, i) => `r${i}`));
    assert.equal(all[300]!.key, 'p');
  });

  it('supports every iterator type', async () => {
    const shard = 'shardId-000000000000';
    const all = await readAll(h.kinesis, 'one', shard);
    const at = await iterator(h.kinesis, 'one', shard, 'AT_SEQUENCE_NUMBER', { StartingSequenceNumber: all[10]!.seq });
    const r1 = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: at, Limit: 2 }));
    assert.deepEqual(r1.Records!.map((r) => text(r.Data)), ['r10', 'r11']);
    assert.ok(r1.MillisBehindLatest! >= 0);
    const afterIt = await iterator(h.kinesis, 'one', shard, 'AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: all[10]!.seq });
    const r2 = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: afterIt, Limit: 1 }));
    assert.deepEqual(r2.Records!.map((r) => text(r.Data)), ['r11']);
    // NextShardIterator continues where the page ended.
    const r3 = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: r2.NextShardIterator!, Limit: 1 }));
    assert.deepEqual(r3.Records!.map((r) => text(r.Data)), ['r12']);

    const latest = await iterator(h.kinesis, 'one', shard, 'LATEST');
    const empty = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: latest }));
    assert.equal(empty.Records!.length, 0);
    assert.equal(empty.MillisBehindLatest, 0);
    await h.kinesis.send(new PutRecordCommand({ StreamName: 'one', PartitionKey: 'p', Data: Buffer.from('after-latest') }));
    const fresh = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: empty.NextShardIterator! }));
    assert.deepEqual(fresh.Records!.map((r) => text(r.Data)), ['after-latest']);
    assert.ok(fresh.Records![0]!.ApproximateArrivalTimestamp instanceof Date);

    const ts = fresh.Records![0]!.ApproximateArrivalTimestamp!;
    const atTs = await iterator(h.kinesis, 'one', shard, 'AT_TIMESTAMP', { Timestamp: ts });
    const r4 = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: atTs }));
    assert.equal(text(r4.Records![0]!.Data), 'after-latest');
    const atOld = await iterator(h.kinesis, 'one', shard, 'AT_TIMESTAMP', { Timestamp: new Date(0) });
    const r5 = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: atOld, Limit: 1 }));
    assert.equal(text(r5.Records![0]!.Data), 'r0');
  });

  it('rejects bad iterator requests with AWS errors', async () => {
    const shard = 'shardId-000000000000';
    const seq = (await readAll(h.kinesis, 'one', shard))[0]!.seq;
    await assert.rejects(iterator(h.kinesis, 'one', shard, 'AT_SEQUENCE_NUMBER'), {
      name: 'InvalidArgumentException',
      message: /Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber\.$/,
    });
    await assert.rejects(iterator(h.kinesis, 'one', shard, 'LATEST', { StartingSequenceNumber: seq }), {
      name: 'InvalidArgumentException',
      message: /Request specified LATEST and also a StartingSequenceNumber\.$/,
    });
    await assert.rejects(iterator(h.kinesis, 'events', 'shardId-000000000001', 'AT_SEQUENCE_NUMBER', { StartingSequenceNumber: seq }), {
      name: 'InvalidArgumentException',
      message: 'Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to a shard with shardId-000000000001',
    });
    await assert.rejects(iterator(h.kinesis, 'one', 'shardId-000000000009', 'LATEST'), {
      name: 'ResourceNotFoundException',
      message: 'Shard shardId-000000000009 in stream one under account 000000000000 does not exist',
    });
    await assert.rejects(iterator(h.kinesis, 'one', shard, 'AT_TIMESTAMP'), { name: 'InvalidArgumentException', message: /Must specify timestampInMillis/ });
    await assert.rejects(iterator(h.kinesis, 'one', shard, 'AT_TIMESTAMP', { Timestamp: new Date(Date.now() + 3600_000) }), {
      name: 'InvalidArgumentException',
      message: /cannot be greater than the currentTimestampInMillis/,
    });
    await assert.rejects(h.kinesis.send(new GetRecordsCommand({ ShardIterator: 'bm90LWFuLWl0ZXJhdG9y' })), {
      name: 'InvalidArgumentException',
      message: 'Invalid ShardIterator.',
    });
    const it = await iterator(h.kinesis, 'one', shard, 'LATEST');
    await assert.rejects(h.kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10001 })), {
      name: 'ValidationException',
      message: "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    });
  });

  it('enforces PutRecords limits: 500 records, 1 MiB per record, key 1–256 chars, 5 MiB per call', async () => {
    const rec = (PartitionKey: string, size = 10) => ({ PartitionKey, Data: Buffer.alloc(size, 97) });
    await assert.rejects(h.kinesis.send(new PutRecordsCommand({ StreamName: 'one', Records: Array.from({ length: 501 }, () => rec('k')) })), {
      name: 'ValidationException',
      message: /^1 validation error detected: Value '\[com\.amazonaws\.kinesis\.v20131202\.PutRecordsRequestEntry@c965e310, .*' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/,
    });
    await assert.rejects(h.kinesis.send(new PutRecordsCommand({ StreamName: 'one', Records: [] })), {
      name: 'ValidationException',
      message: /at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1/,
    });
    await assert.rejects(h.kinesis.send(new PutRecordsCommand({ StreamName: 'one', Records: [rec(''), rec('x'.repeat(257))] })), {
      name: 'ValidationException',
      message:
        "2 validation errors detected: Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value '${'x'.repeat(257)}' at 'records.2.member.partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256`,
    });
    await assert.rejects(h.kinesis.send(new PutRecordsCommand({ StreamName: 'one', Records: [rec('k', 1024 * 1024)] })), {
      name: 'InvalidArgumentException',
      message: /exceeds the maximum record size of 1024 KiB/,
    });
    const six = Array.from({ length: 6 }, () => rec('k', 1024 * 1024 - 10));
    await assert.rejects(h.kinesis.send(new PutRecordsCommand({ StreamName: 'one', Records: six })), {
      name: 'InvalidArgumentException',
      message: 'Records size exceeds 5 MB limit',
    });
    const ok = await h.kinesis.send(new PutRecordsCommand({ StreamName: 'one', Records: [rec('k', 1024 * 1024 - 1)] }));
    assert.equal(ok.FailedRecordCount, 0);
    await assert.rejects(h.kinesis.send(new PutRecordsCommand({ StreamName: 'nope', Records: [rec('k')] })), {
      name: 'ResourceNotFoundException',
      message: 'Stream nope under account 000000000000 not found.',
    });
  });

  it('marks records KMS once encryption is on', async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'secret', ShardCount: 1 }));
    await waitActive(h, 'secret');
    await h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: 'secret', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
    const put = await h.kinesis.send(new PutRecordsCommand({ StreamName: 'secret', Records: [{ PartitionKey: 'a', Data: Buffer.from('s') }] }));
    assert.equal(put.EncryptionType, 'KMS');
    const it = await iterator(h.kinesis, 'secret', 'shardId-000000000000', 'TRIM_HORIZON');
    const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it }));
    assert.equal(got.Records![0]!.EncryptionType, 'KMS');
  });

  it('serves the internal interface Firehose reads from', async () => {
    const seen: string[] = [];
    const off = h.internal.onAppend((s) => seen.push(s));
    await h.kinesis.send(new PutRecordCommand({ StreamName: 'one', PartitionKey: 'q', Data: Buffer.from('for-firehose') }));
    off();
    assert.deepEqual(seen, ['one']);
    const d = h.internal.describe('one')!;
    assert.deepEqual(d.shardIds, ['shardId-000000000000']);
    assert.equal(h.internal.nameFromArn(d.arn), 'one');
    const first = h.internal.read('one', 'shardId-000000000000', undefined, 2);
    assert.deepEqual(first.map((r) => r.data.toString()), ['r0', 'r1']);
    const rest = h.internal.read('one', 'shardId-000000000000', first[1]!.sequenceNumber, 100000);
    assert.equal(rest[0]!.data.toString(), 'r2');
    assert.equal(rest[rest.length - 1]!.data.toString(), 'for-firehose');
    assert.equal(h.internal.describe('missing'), undefined);
  });
});
