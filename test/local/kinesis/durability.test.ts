// Durability: records survive close/reopen, kill -9 of a writing process, and a torn last frame;
// retention hides and trims old records.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { openKinesis, waitActive, type Harness } from './harness.js';

async function readStream(h: Harness, StreamName: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const shards = (await h.kinesis.send(new ListShardsCommand({ StreamName }))).Shards!;
  for (const s of shards) {
    let it = (await h.kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    for (;;) {
      const r = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it }));
      for (const x of r.Records!) out.set(x.SequenceNumber!, Buffer.from(x.Data!).toString());
      if (!r.Records!.length) break;
      it = r.NextShardIterator;
    }
  }
  return out;
}

const put = (h: Harness, StreamName: string, n: number, tag: string) =>
  h.kinesis.send(new PutRecordsCommand({ StreamName, Records: Array.from({ length: n }, (_, i) => ({ PartitionKey: `${tag}${i}`, Data: Buffer.from(`${tag}-${i}`) })) }));

describe('kinesis durability', () => {
  it('keeps streams, settings and records across close and reopen; sequence numbers keep increasing', async () => {
    const h1 = await openKinesis();
    await h1.kinesis.send(new CreateStreamCommand({ StreamName: 'keep', ShardCount: 2, Tags: { a: 'b' } }));
    await waitActive(h1, 'keep');
    await h1.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'keep', RetentionPeriodHours: 72 }));
    const first = await put(h1, 'keep', 50, 'x');
    const before = await readStream(h1, 'keep');
    await h1.close();

    const h2 = await openKinesis({ dataDir: h1.dataDir });
    try {
      const s = (await h2.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'keep' }))).StreamDescriptionSummary!;
      assert.equal(s.StreamStatus, 'ACTIVE'); // UPDATING completed on close
      assert.equal(s.RetentionPeriodHours, 72);
      assert.deepEqual(await readStream(h2, 'keep'), before);
      assert.equal(before.size, 50);
      const second = await put(h2, 'keep', 50, 'y');
      const lastBefore = new Map<string, string>();
      for (const r of first.Records!) if (!lastBefore.has(r.ShardId!) || lastBefore.get(r.ShardId!)! < r.SequenceNumber!) lastBefore.set(r.ShardId!, r.SequenceNumber!);
      for (const r of second.Records!) assert.ok(r.SequenceNumber! > lastBefore.get(r.ShardId!)!);
    } finally {
      await h2.dispose();
    }
  });

  it('cuts a torn or corrupt last frame on open and keeps every whole record', async () => {
    const h1 = await openKinesis();
    await h1.kinesis.send(new CreateStreamCommand({ StreamName: 'torn', ShardCount: 1 }));
    await waitActive(h1, 'torn');
    await put(h1, 'torn', 10, 't');
    await h1.close();
    const log = path.join(h1.dataDir, 'kinesis', 'streams', 's-torn', 'shardId-000000000000.log');
    const size = fs.statSync(log).size;
    // A frame header that promises 100 bytes, followed by only 10 of them.
    const torn = Buffer.alloc(18);
    torn.writeUInt32LE(100, 0);
    fs.appendFileSync(log, torn);

    const h2 = await openKinesis({ dataDir: h1.dataDir });
    assert.equal(fs.statSync(log).size, size);
    assert.equal((await readStream(h2, 'torn')).size, 10);
    await put(h2, 'torn', 5, 'u');
    await h2.close();

    // Flip a byte inside the last frame's data: its checksum fails, so it is treated as torn.
    const fd = fs.openSync(log, 'r+');
    const end = fs.fstatSync(fd).size;
    fs.writeSync(fd, Buffer.from([0xff]), 0, 1, end - 1);
    fs.closeSync(fd);
    const h3 = await openKinesis({ dataDir: h1.dataDir });
    try {
      const records = [...(await readStream(h3, 'torn')).values()];
      assert.equal(records.length, 14);
      assert.equal(records[13], 'u-3');
    } finally {
      await h3.dispose();
    }
  });

  it('loses no acknowledged record when the writing process is killed with SIGKILL', async () => {
    const h1 = await openKinesis();
    await h1.kinesis.send(new CreateStreamCommand({ StreamName: 'durable', ShardCount: 2 }));
    await waitActive(h1, 'durable');
    await h1.close();
    const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'kill-writer.ts');
    const proc = spawn(process.execPath, ['--import', 'tsx', child, h1.dataDir], { stdio: ['ignore', 'pipe', 'ignore'] });
    const acked = new Map<string, string>();
    let partial = '';
    await new Promise<void>((resolve, reject) => {
      proc.on('error', reject);
      proc.on('exit', () => resolve());
      proc.stdout!.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          const [seq, , data] = line.split('\t');
          acked.set(seq!, data!);
        }
        if (acked.size >= 3000 && proc.exitCode === null && !proc.killed) proc.kill('SIGKILL');
      });
    });
    assert.equal(proc.signalCode, 'SIGKILL');
    assert.ok(acked.size >= 3000);

    const h2 = await openKinesis({ dataDir: h1.dataDir });
    try {
      const stored = await readStream(h2, 'durable');
      for (const [seq, data] of acked) assert.equal(stored.get(seq), data, `acknowledged record ${seq} lost`);
    } finally {
      await h2.dispose();
    }
  });

  it('hides records older than the retention period and trims them from disk on reopen', async () => {
    let clock = Date.now();
    const now = () => clock;
    const h1 = await openKinesis({ now });
    await h1.kinesis.send(new CreateStreamCommand({ StreamName: 'old', ShardCount: 1 }));
    await h1.kinesis.send(new CreateStreamCommand({ StreamName: 'kept', ShardCount: 1 }));
    await waitActive(h1, 'old');
    await waitActive(h1, 'kept');
    await h1.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'kept', RetentionPeriodHours: 48 }));
    await put(h1, 'old', 20, 'o');
    await put(h1, 'kept', 20, 'k');
    clock += 25 * 3600_000;
    await put(h1, 'old', 3, 'n');
    assert.deepEqual([...(await readStream(h1, 'old')).values()], ['n-0', 'n-1', 'n-2']);
    assert.equal((await readStream(h1, 'kept')).size, 20);
    assert.equal(h1.internal.read('old', 'shardId-000000000000', undefined, 100).length, 3);
    await h1.close();

    const log = path.join(h1.dataDir, 'kinesis', 'streams', 's-old', 'shardId-000000000000.log');
    const sizeBefore = fs.statSync(log).size;
    const h2 = await openKinesis({ dataDir: h1.dataDir, now });
    try {
      assert.ok(fs.statSync(log).size < sizeBefore / 2, 'expired records not trimmed from disk');
      assert.deepEqual([...(await readStream(h2, 'old')).values()], ['n-0', 'n-1', 'n-2']);
    } finally {
      await h2.dispose();
    }
  });
});
