// `produce` against the real emulator through the real SDK: counting honesty, seeds, --print, give-up.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import produce from '../../src/cli/commands/produce.js';
import { openClients } from '../../src/aws/clients.js';
import { tempDirForFile } from '../support/tmp.js';
import { createStream, jsonLines, readStream, runCommand, testPipeline } from './harness.js';

const dataDir = tempDirForFile('lakehouse-produce-');
const pipeline = testPipeline(dataDir);
before(async () => {
  await createStream(pipeline);
});

async function streamRecords(streamName = pipeline.stream.name) {
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir, faults: '' });
  try {
    return await readStream(c.kinesis, streamName);
  } finally {
    await c.close();
  }
}

test('--print echoes every accepted record as a JSON line; the summary says how many', async () => {
  const before = (await streamRecords()).length;
  const r = await runCommand(produce, pipeline, { amount: 250, print: true, seed: 'p' }, { output: 'json' });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 250);
  const uuids = new Set(lines.map((l) => JSON.parse(l).uuid));
  assert.equal(uuids.size, 250);
  const summary = jsonLines(r.stderr).find((l) => l.event === 'summary')!;
  assert.equal(summary.accepted, 250);
  assert.equal(summary.failed, 0);
  assert.equal(summary.shards.reduce((n: number, s: { records: number }) => n + s.records, 0), 250);
  const inStream = (await streamRecords()).slice();
  assert.equal(inStream.length - before, 250);
});

test('--seed: the same seed puts the same records on the stream, another seed other records', async () => {
  const runs = [];
  for (const [name, seed] of [['seeda', '42'], ['seedb', '42'], ['seedc', '43']] as const) {
    const p = testPipeline(dataDir, { name });
    await createStream(p);
    const r = await runCommand(produce, p, { amount: 1200, seed }, { output: 'json' });
    assert.equal(r.code, 0, r.stderr);
    runs.push((await streamRecords(p.stream.name)).map((x) => `${x.partitionKey} ${x.data}`).sort());
  }
  const [a, b, c] = runs as [string[], string[], string[]];
  assert.equal(a.length, 1200);
  assert.deepEqual(b, a);
  assert.equal(c.length, 1200);
  assert.equal(c.filter((x) => a.includes(x)).length, 0);
});

test('records that keep failing are given up after the retry budget: exit 7 and the count', async () => {
  const r = await runCommand(produce, pipeline, { amount: 300, 'max-retries': 1 }, { output: 'json', faults: 'kinesis:PutRecords=1:throttle' });
  assert.equal(r.code, 7, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.accepted, 0);
  assert.equal(summary.failed, 300);
  assert.equal(summary.retried, 300);
  assert.match(r.stderr, /300 of 300 records were not accepted/);
});

test('a stream that does not exist is an AWS error (exit 3) with a hint', async () => {
  const ghost = testPipeline(dataDir, { name: 'ghost' });
  const r = await runCommand(produce, ghost, { amount: 10 });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /ghost-stream not found/);
  assert.match(r.stderr, /lakehouse up/);
});

test('a generated value that does not fit its column stops production with a spec error (exit 2)', async () => {
  const bad = { ...pipeline, fields: [{ name: 't', type: 'tinyint', gen: { kind: 'pick' as const, values: [1000] } }] };
  const r = await runCommand(produce, bad, { amount: 10 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /value 1000 does not fit the column type tinyint/);
});
