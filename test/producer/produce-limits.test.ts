// Per-shard write limits enforced (1,000 records/s per shard) on a 2-shard stream, asked for 3,000 records/s:
// every record accepted, paced per shard (KPL-like) so retries stay a small share, and the achieved rate close
// to what the shards allow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import produce from '../../src/cli/commands/produce.js';
import { tempDirForFile } from '../support/tmp.js';
import { createStream, runCommand, testPipeline } from './harness.js';

const dataDir = tempDirForFile('lakehouse-produce-limits-');

test('--rate above the shard limits: all accepted, ≤ 5 retries per 100 records, ≥ 90% of 2,000 records/s', async () => {
  const pipeline = testPipeline(dataDir, { shards: 2, limits: true });
  await createStream(pipeline);
  // 12,000 records: the shards' one-second burst (2,000) plus ≥ 5 s at 2,000/s.
  const r = await runCommand(produce, pipeline, { amount: 12_000, rate: 3000 }, { output: 'json' });
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.accepted, 12_000);
  assert.equal(s.failed, 0);
  // Per-shard pacing keeps under the limits instead of learning them from throttling.
  assert.ok(s.retried <= 0.05 * s.accepted, `retried ${s.retried}`);
  assert.ok(s.elapsedMs >= 5000, `ran ${s.elapsedMs} ms`);
  const achieved = (s.accepted / s.elapsedMs) * 1000;
  // A functional requirement of the issue (not a speed benchmark): ≥ 90% of what 2 shards take.
  assert.ok(achieved >= 1800, `achieved ${Math.round(achieved)} records/s`);
  assert.equal(s.shards.length, 2);
  if (process.env.PRODUCE_TEST_VERBOSE) console.log(JSON.stringify(s));
});

test('30% of records throttled at the shard limits: every record accepted, retries ≈ the throttled share', async () => {
  const pipeline = testPipeline(dataDir, { shards: 2, limits: true });
  const r = await runCommand(produce, pipeline, { amount: 4_000 }, { output: 'json', faults: 'kinesis:PutRecords=0.3:throttle' });
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.accepted, 4_000);
  assert.equal(s.failed, 0);
  // 0.3 + 0.09 + … ≈ 43 re-sends per 100 records; no storm on top of the injected faults.
  assert.ok(s.retried >= 0.25 * 4_000 && s.retried <= 0.6 * 4_000, `retried ${s.retried}`);
});
