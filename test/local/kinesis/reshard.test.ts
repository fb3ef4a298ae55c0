// SplitShard and MergeShards: parent/child shards and hash ranges, AWS's errors, and KCL-style consumers
// (drain parents before children, follow ChildShards), one reading with GetRecords and one with
// SubscribeToShard (enhanced fan-out), that see every record exactly once and in order per partition key
// while a producer writes through a split and a merge. Plus the AWS CLI and boto3 through serve.
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  DescribeStreamConsumerCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
  type SubscribeToShardCommandOutput,
  type SubscribeToShardEvent,
  type KinesisClient,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { startServer } from '../../../src/local/server.js';
import { openKinesis } from './harness.js';
import { AWS_CLI, awsCli, closeAwsCli } from '../../support/aws-cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitActive(k: KinesisClient, StreamName: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const s = await k.send(new DescribeStreamSummaryCommand({ StreamName }));
    if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await sleep(10);
  }
  throw new Error(`${StreamName} never became ACTIVE`);
}

const shards = async (k: KinesisClient, StreamName: string) => (await k.send(new ListShardsCommand({ StreamName }))).Shards ?? [];
const open = (list: Shard[]) => list.filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber);

test('SplitShard and MergeShards link children to parents and keep the hash space covered', async () => {
  const h = await openKinesis();
  try {
    const k = h.kinesis;
    await k.send(new CreateStreamCommand({ StreamName: 'rs', ShardCount: 2 }));
    await waitActive(k, 'rs');
    const [s0, s1] = await shards(k, 'rs');
    const mid = ((BigInt(s0!.HashKeyRange!.StartingHashKey!) + BigInt(s0!.HashKeyRange!.EndingHashKey!)) / 2n).toString();
    await assert.rejects(k.send(new SplitShardCommand({ StreamName: 'rs', ShardToSplit: s0!.ShardId, NewStartingHashKey: '1' })), {
      name: 'InvalidArgumentException',
      message: `NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream rs under account 000000000000 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey ${s0!.HashKeyRange!.EndingHashKey}.`,
    });
    // AWS accepts the short spelling of a shard id.
    await k.send(new SplitShardCommand({ StreamName: 'rs', ShardToSplit: 'shardId-0', NewStartingHashKey: mid }));
    await assert.rejects(k.send(new SplitShardCommand({ StreamName: 'rs', ShardToSplit: s1!.ShardId, NewStartingHashKey: mid })), { name: 'ResourceInUseException' });
    await waitActive(k, 'rs');
    let all = await shards(k, 'rs');
    assert.deepEqual(all.map((s) => [s.ShardId, s.ParentShardId ?? null]), [
      ['shardId-000000000000', null], ['shardId-000000000001', null], ['shardId-000000000002', 'shardId-000000000000'], ['shardId-000000000003', 'shardId-000000000000'],
    ]);
    assert.ok(all[0]!.SequenceNumberRange?.EndingSequenceNumber, 'the parent is closed');
    assert.equal(all[2]!.HashKeyRange?.EndingHashKey, (BigInt(mid) - 1n).toString());
    assert.equal(all[3]!.HashKeyRange?.StartingHashKey, mid);

    await assert.rejects(k.send(new MergeShardsCommand({ StreamName: 'rs', ShardToMerge: 'shardId-000000000002', AdjacentShardToMerge: 'shardId-000000000001' })), {
      name: 'InvalidArgumentException',
      message: 'Shards shardId-000000000002 and shardId-000000000001 in stream rs under account 000000000000 are not an adjacent pair of shards eligible for merging',
    });
    await assert.rejects(k.send(new MergeShardsCommand({ StreamName: 'rs', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000002' })), {
      name: 'InvalidArgumentException',
      message: 'Shard shardId-000000000000 in stream rs under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.',
    });
    await assert.rejects(k.send(new MergeShardsCommand({ StreamName: 'rs', ShardToMerge: 'shardId-000000000009', AdjacentShardToMerge: 'shardId-000000000002' })), {
      name: 'ResourceNotFoundException',
      message: 'Could not find shard shardId-000000000009 in stream rs under account 000000000000.',
    });
    await k.send(new MergeShardsCommand({ StreamName: 'rs', ShardToMerge: 'shardId-000000000003', AdjacentShardToMerge: 'shardId-000000000001' }));
    await waitActive(k, 'rs');
    all = await shards(k, 'rs');
    const merged = all.find((s) => s.ShardId === 'shardId-000000000004')!;
    assert.deepEqual([merged.ParentShardId, merged.AdjacentParentShardId], ['shardId-000000000003', 'shardId-000000000001']);
    assert.deepEqual(open(all).map((s) => s.ShardId), ['shardId-000000000002', 'shardId-000000000004']);
    assert.equal(open(all)[0]!.HashKeyRange?.StartingHashKey, '0');
    assert.equal(BigInt(open(all)[0]!.HashKeyRange!.EndingHashKey!) + 1n, BigInt(merged.HashKeyRange!.StartingHashKey!));
    assert.equal(merged.HashKeyRange?.EndingHashKey, (2n ** 128n - 1n).toString());
    await assert.rejects(k.send(new SplitShardCommand({ StreamName: 'nope', ShardToSplit: 'x', NewStartingHashKey: '5' })), {
      name: 'ResourceNotFoundException',
      message: 'Could not find shard x in stream nope under account 000000000000.',
    });
  } finally {
    await h.dispose();
  }
});

/** A KCL-style reader: a shard is read once all its parents are exhausted; ChildShards name what comes next. */
async function consume(k: KinesisClient, StreamName: string, done: () => boolean, seen: Map<string, number[]>): Promise<void> {
  const finished = new Set<string>();
  const started = new Set<string>();
  const parents = new Map<string, string[]>();
  const ready = async (): Promise<string[]> => {
    for (const s of await shards(k, StreamName)) parents.set(s.ShardId!, [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => !!p));
    return [...parents.entries()].filter(([id, ps]) => !started.has(id) && ps.every((p) => finished.has(p))).map(([id]) => id);
  };
  const readShard = async (ShardId: string) => {
    let it = (await k.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    let idle = 0;
    while (it) {
      const out = await k.send(new GetRecordsCommand({ ShardIterator: it, Limit: 50 }));
      for (const r of out.Records ?? []) {
        const [key, n] = Buffer.from(r.Data!).toString().split(':') as [string, string];
        const list = seen.get(key) ?? [];
        list.push(Number(n));
        seen.set(key, list);
      }
      if (!out.NextShardIterator) break; // closed and drained: ChildShards take over
      it = out.NextShardIterator;
      if (!out.Records?.length) {
        if (done() && ++idle > 3) return; // open shard, producer stopped, nothing more
        await sleep(5);
      } else idle = 0;
    }
    finished.add(ShardId);
  };
  const running: Promise<void>[] = [];
  for (let round = 0; round < 1000; round++) {
    for (const id of await ready()) {
      started.add(id);
      running.push(readShard(id));
    }
    if (done() && [...parents.keys()].every((id) => started.has(id))) break;
    await sleep(10);
  }
  await Promise.all(running);
}

/** The same discipline over SubscribeToShard: a shard's subscription ends with ChildShards once drained. */
async function subscribeAll(k: KinesisClient, StreamName: string, ConsumerARN: string, allIn: () => boolean, seen: Map<string, number[]>): Promise<void> {
  const finished = new Set<string>();
  const started = new Set<string>();
  const aborts: AbortController[] = [];
  const readShard = async (ShardId: string) => {
    let position: { Type: 'TRIM_HORIZON' } | { Type: 'AFTER_SEQUENCE_NUMBER'; SequenceNumber: string } = { Type: 'TRIM_HORIZON' };
    for (;;) {
      const ac = new AbortController();
      aborts.push(ac);
      let children = false;
      try {
        const sub: SubscribeToShardCommandOutput = await k.send(new SubscribeToShardCommand({ ConsumerARN, ShardId, StartingPosition: position }), { abortSignal: ac.signal });
        for await (const ev of sub.EventStream!) {
          const e: SubscribeToShardEvent | undefined = ev.SubscribeToShardEvent;
          if (!e) continue;
          for (const r of e.Records ?? []) {
            const [key, n] = Buffer.from(r.Data!).toString().split(':') as [string, string];
            seen.set(key, [...(seen.get(key) ?? []), Number(n)]);
          }
          position = { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: e.ContinuationSequenceNumber! };
          if (e.ChildShards?.length) children = true;
          // Leaving the loop closes the subscription (an in-process abort does not end a stream already
          // answered); events come with each append and at least every 5 s.
          if (allIn()) return;
        }
      } catch (err) {
        if (!ac.signal.aborted) throw err;
        return;
      }
      if (children) break; // drained parent: resubscribing is for subscriptions that simply expired
    }
    finished.add(ShardId);
  };
  const running: Promise<void>[] = [];
  for (let round = 0; round < 2000 && !allIn(); round++) {
    for (const s of await shards(k, StreamName)) {
      const parents = [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => !!p);
      if (!started.has(s.ShardId!) && parents.every((p) => finished.has(p))) {
        started.add(s.ShardId!);
        running.push(readShard(s.ShardId!));
      }
    }
    await sleep(10);
  }
  for (const ac of aborts) ac.abort();
  await Promise.all(running);
}

test('KCL-style consumers (GetRecords and SubscribeToShard) see every record once, in order per key, across a split and a merge', async () => {
  const h = await openKinesis({ settings: { kinesisTransitionMs: 30 } });
  try {
    const k = h.kinesis;
    await k.send(new CreateStreamCommand({ StreamName: 'kcl', ShardCount: 2 }));
    await waitActive(k, 'kcl');
    const keys = Array.from({ length: 24 }, (_, i) => `key-${i}`);
    const sent = new Map<string, number>(keys.map((key) => [key, 0]));
    let stop = false;
    let batches = 0;
    // Progress is counted, not timed: each phase waits for the producer to have written more batches.
    const afterBatches = async (n: number) => {
      const target = batches + n;
      while (batches < target) await sleep(5);
    };
    const produce = async () => {
      for (; !stop && batches < 2000; batches++) {
        const Records = keys.map((key) => {
          const n = sent.get(key)!;
          sent.set(key, n + 1);
          return { PartitionKey: key, Data: Buffer.from(`${key}:${n}`) };
        });
        const out = await k.send(new PutRecordsCommand({ StreamName: 'kcl', Records }));
        assert.equal(out.FailedRecordCount, 0);
        await sleep(2);
      }
    };
    const summary = await k.send(new DescribeStreamSummaryCommand({ StreamName: 'kcl' }));
    const reg = await k.send(new RegisterStreamConsumerCommand({ StreamARN: summary.StreamDescriptionSummary!.StreamARN, ConsumerName: 'fanout' }));
    const ConsumerARN = reg.Consumer!.ConsumerARN!;
    assert.equal((await k.send(new DescribeStreamConsumerCommand({ ConsumerARN }))).ConsumerDescription?.ConsumerStatus, 'ACTIVE');
    const seen = new Map<string, number[]>();
    const pushed = new Map<string, number[]>();
    const producer = produce();
    const consumer = consume(k, 'kcl', () => stop, seen);
    const count = (m: Map<string, number[]>) => [...m.values()].reduce((n, l) => n + l.length, 0);
    const sentTotal = () => [...sent.values()].reduce((n, v) => n + v, 0);
    const fanout = subscribeAll(k, 'kcl', ConsumerARN, () => stop && count(pushed) >= sentTotal(), pushed);
    await afterBatches(5);
    const first = (await shards(k, 'kcl'))[0]!;
    const mid = ((BigInt(first.HashKeyRange!.StartingHashKey!) + BigInt(first.HashKeyRange!.EndingHashKey!)) / 2n).toString();
    await k.send(new SplitShardCommand({ StreamName: 'kcl', ShardToSplit: first.ShardId, NewStartingHashKey: mid }));
    await waitActive(k, 'kcl');
    await afterBatches(5);
    const openNow = open(await shards(k, 'kcl'));
    await k.send(new MergeShardsCommand({ StreamName: 'kcl', ShardToMerge: openNow[1]!.ShardId, AdjacentShardToMerge: openNow[2]!.ShardId }));
    await waitActive(k, 'kcl');
    await afterBatches(5);
    stop = true;
    await producer;
    await consumer;
    await fanout;
    assert.equal((await shards(k, 'kcl')).length, 5, 'two originals, two split children, one merged child');
    let total = 0;
    for (const key of keys) {
      const expected = Array.from({ length: sent.get(key)! }, (_, i) => i);
      total += expected.length;
      assert.deepEqual(seen.get(key) ?? [], expected, `GetRecords, ${key}: every record once, in order`);
      assert.deepEqual(pushed.get(key) ?? [], expected, `SubscribeToShard, ${key}: every record once, in order`);
    }
    assert.ok(total >= keys.length * 15, `every phase (before, between, after the reshards) carried traffic (${total} records)`);
  } finally {
    await h.dispose();
  }
});

test('AWS CLI through serve: split-shard and merge-shards', { skip: !AWS_CLI && 'AWS CLI v2 not installed (make test-deps)' }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-reshard-cli-'));
  const server = await startServer({ dataDir, port: 0 });
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' };
  const aws = async (...args: string[]) => {
    const r = await awsCli(['--endpoint-url', server.endpoint, '--output', 'json', 'kinesis', ...args], { env });
    if (r.code !== 0) throw new Error(`aws kinesis ${args[0]} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const active = async () => {
    for (let i = 0; i < 100; i++) {
      if (JSON.parse(await aws('describe-stream-summary', '--stream-name', 'cli')).StreamDescriptionSummary.StreamStatus === 'ACTIVE') return;
      await sleep(50);
    }
  };
  try {
    await aws('create-stream', '--stream-name', 'cli', '--shard-count', '2');
    await active();
    assert.equal(await aws('split-shard', '--stream-name', 'cli', '--shard-to-split', 'shardId-000000000000', '--new-starting-hash-key', '85070591730234615865843651857942052864'), '');
    await active();
    await aws('merge-shards', '--stream-name', 'cli', '--shard-to-merge', 'shardId-000000000003', '--adjacent-shard-to-merge', 'shardId-000000000001');
    await active();
    const list = JSON.parse(await aws('list-shards', '--stream-name', 'cli')).Shards as Shard[];
    assert.deepEqual(open(list).map((s) => s.ShardId), ['shardId-000000000002', 'shardId-000000000004']);
    await assert.rejects(aws('split-shard', '--stream-name', 'cli', '--shard-to-split', 'shardId-000000000000', '--new-starting-hash-key', '5'), /InvalidArgumentException.*already been merged or split/s);
  } finally {
    closeAwsCli();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('boto3 through serve: register a consumer and read records with subscribe_to_shard (HTTP/1.1 event stream)', async (t) => {
  const PY = PYTHON_WITH_BOTO3;
  if (!PY) {
    t.skip('no python3 with boto3');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-efo-boto3-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const script = String.raw`
import boto3, json, sys, time
k = boto3.client('kinesis', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
k.create_stream(StreamName='efo', ShardCount=1)
k.get_waiter('stream_exists').wait(StreamName='efo', WaiterConfig={'Delay': 1})
arn = k.describe_stream_summary(StreamName='efo')['StreamDescriptionSummary']['StreamARN']
c = k.register_stream_consumer(StreamARN=arn, ConsumerName='reader')['Consumer']
for i in range(3):
    k.put_record(StreamName='efo', PartitionKey='p', Data=b'r%d' % i)
sub = k.subscribe_to_shard(ConsumerARN=c['ConsumerARN'], ShardId='shardId-000000000000', StartingPosition={'Type': 'TRIM_HORIZON'})
got = []
for ev in sub['EventStream']:
    got += [r['Data'].decode() for r in ev['SubscribeToShardEvent']['Records']]
    if len(got) >= 3:
        break
out = {'got': got, 'consumers': [x['ConsumerName'] for x in k.list_stream_consumers(StreamARN=arn)['Consumers']]}
try:
    k.subscribe_to_shard(ConsumerARN=arn + '/consumer/ghost:1', ShardId='shardId-000000000000', StartingPosition={'Type': 'LATEST'})
except k.exceptions.ResourceNotFoundException as e:
    out['ghost'] = e.response['Error']['Code']
print(json.dumps(out))
`;
    const { stdout } = await promisify(execFile)(PY, ['-c', script, server.endpoint], { timeout: 60_000 });
    assert.deepEqual(JSON.parse(stdout), { got: ['r0', 'r1', 'r2'], consumers: ['reader'], ghost: 'ResourceNotFoundException' });
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
