import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchPacker, toEntries } from '../../src/producer/batch.js';
import type { RecordGenerator } from '../../src/producer/generator.js';
import { MAX_RECORD_BYTES, MAX_REQUEST_BYTES } from '../../src/producer/limits.js';
import { entriesJson } from '../../src/producer/records-json.js';
import { createSource } from '../../src/producer/source.js';
import { seedFields } from './fields.js';

/** Records of given data sizes, in order. */
function sized(sizes: number[]): RecordGenerator {
  let i = 0;
  return {
    get generated() {
      return i;
    },
    next() {
      const n = sizes[i % sizes.length]!;
      i++;
      return { data: 'x'.repeat(n), partitionKey: `k${i}` };
    },
  };
}

test('batches hold at most 500 records and exactly the amount asked', () => {
  const p = new BatchPacker(sized([10]), 1234);
  const counts: number[] = [];
  for (let b = p.next(); b; b = p.next()) counts.push(b.keys.length);
  assert.deepEqual(counts, [500, 500, 234]);
  assert.ok(p.done);
});

test('a batch stays within 5 MiB of data + keys; the record that does not fit goes to the next batch', () => {
  const big = 900 * 1024;
  const p = new BatchPacker(sized([big]), 12);
  const batches = [];
  for (let b = p.next(); b; b = p.next()) batches.push(b);
  assert.equal(batches.reduce((n, b) => n + b.keys.length, 0), 12);
  for (const b of batches) {
    const keyBytes = b.keys.reduce((n, k) => n + Buffer.byteLength(k), 0);
    assert.ok(b.bytes.byteLength + keyBytes <= MAX_REQUEST_BYTES);
  }
  assert.deepEqual(batches.map((b) => b.keys.length), [5, 5, 2]);
});

test('a record over 1 MiB (data + key) is never sent and is counted', () => {
  const p = new BatchPacker(sized([10, MAX_RECORD_BYTES, 10]), 3);
  const b = p.next()!;
  assert.equal(b.keys.length, 2);
  assert.equal(b.oversized, 1);
  assert.equal(p.next(), undefined);
});

test('entries are views of the packed bytes, one per record', () => {
  const p = new BatchPacker(sized([3, 5, 1]), 3);
  const entries = toEntries(p.next()!);
  assert.deepEqual(entries.map((e) => Buffer.from(e.Data).toString()), ['xxx', 'xxxxx', 'x']);
  assert.deepEqual(entries.map((e) => e.PartitionKey), ['k1', 'k2', 'k3']);
});

test('multi-byte characters are measured in UTF-8 bytes', () => {
  const gen: RecordGenerator = { generated: 0, next: () => ({ data: 'é', partitionKey: 'ü' }) };
  const b = new BatchPacker(gen, 2).next()!;
  assert.equal(b.bytes.byteLength, 4);
  assert.deepEqual([...b.ends], [2, 4]);
});

test('the worker-thread source yields the same records as the inline one', async () => {
  const read = async (useWorker: boolean) => {
    const src = await createSource({ fields: seedFields, partitionKey: 'uuid', seed: 9, total: 1201, batchRecords: 500, useWorker });
    const out: string[] = [];
    for (let b = await src.next(); b; b = await src.next()) out.push(...toEntries(b).map((e) => Buffer.from(e.Data).toString() + e.PartitionKey));
    await src.close();
    return { kind: src.kind, out };
  };
  const inline = await read(false);
  const worker = await read(true);
  assert.equal(worker.kind, 'worker');
  assert.equal(inline.out.length, 1201);
  assert.deepEqual(worker.out, inline.out);
});

test('two worker threads (unseeded) hand out exactly the amount, every record once', async () => {
  const src = await createSource({ fields: seedFields, partitionKey: 'uuid', total: 2001, batchRecords: 500, useWorker: true, workers: 2 });
  const uuids = new Set<string>();
  let n = 0;
  for (let b = await src.next(); b; b = await src.next()) {
    for (const e of toEntries(b)) {
      n++;
      uuids.add((JSON.parse(Buffer.from(e.Data).toString()) as { uuid: string }).uuid);
    }
  }
  await src.close();
  assert.equal(src.kind, 'worker');
  assert.equal(n, 2001);
  assert.equal(uuids.size, 2001);
});

test('a batch carries its PutRecords Records array serialized: base64 data, escaped keys', () => {
  const keys = ['plain', 'quote"back\\slash', 'ctl\u0001', 'é€'];
  let i = 0;
  const gen: RecordGenerator = { generated: 0, next: () => ({ data: `{"i":${i}, "s":"ü"}\n`.repeat(i + 1), partitionKey: keys[i++ % keys.length]! }) };
  const b = new BatchPacker(gen, 4).next()!;
  const parsed = JSON.parse(Buffer.from(b.recordsJson!).toString('utf8')) as Array<{ Data: string; PartitionKey: string }>;
  assert.deepEqual(
    parsed,
    toEntries(b).map((e) => ({ Data: Buffer.from(e.Data).toString('base64'), PartitionKey: e.PartitionKey })),
  );
  assert.deepEqual(parsed.map((p) => p.PartitionKey), keys);
});

test('re-sent entries (from many batches) serialize to the same bytes as their batch', () => {
  const keys = ['plain', 'quote"back\\slash', 'ctl\u0001', 'é€'];
  let i = 0;
  const gen: RecordGenerator = { generated: 0, next: () => ({ data: `{"i":${i}}\n`, partitionKey: keys[i++ % keys.length]! }) };
  const b = new BatchPacker(gen, 4).next()!;
  assert.deepEqual(entriesJson(toEntries(b)), Buffer.from(b.recordsJson!));
});
