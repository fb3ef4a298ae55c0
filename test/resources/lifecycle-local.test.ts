// Provider local through the real CLI (exec) and the in-process emulator: up, no-op up, in-place
// changes (the stream's mode and stepped shard counts too), status, down (asks, then deletes everything), down twice, a foreign bucket refused, an
// interrupted up finished.
import { after, before, describe, it } from 'node:test';
import { downLeavesNothing, foreignBucketRefused, interruptedUpIsFinished, specChangeUpdatesInPlace, statusReportsLake, upFromNothingThenNoop } from './flows.js';
import { driftIsRepaired, keepDataThenDown, partialDownIsFinished, replaceNeedsYes } from './flows-more.js';
import { modeChangesInPlace, shardCountSteps } from './flows-stream.js';
import { localTarget, withTarget, type Target } from './targets.js';

describe('provider local, through the CLI', () => {
  let t: Target;
  before(async () => (t = await localTarget('clickstream')));
  after(() => t.close());
  it('up from nothing creates everything; up again is a no-op', () => upFromNothingThenNoop(t, '000000000000'));
  it('a spec change (retention, buffer interval, a column, scan cutoff) updates in place', () => specChangeUpdatesInPlace(t));
  it('status shows every resource and the lake (objects, bytes, newest partition, local path)', () => statusReportsLake(t));
  it('down asks (exit 5 without a terminal), then leaves nothing; down twice is fine', () => downLeavesNothing(t));
});

describe('provider local, ownership and recovery', () => {
  it('up and down refuse a foreign bucket of the same name and touch nothing of it', () => withTarget(localTarget('foreign'), foreignBucketRefused));

  it('an up interrupted by a fault is finished by the next up', () => withTarget(localTarget('interrupted'), interruptedUpIsFinished));

  for (const [name, title, flow] of [
    ['replaced', 'a partition key change replaces the table: refused without --yes, done with it', replaceNeedsYes],
    ['modeswitch', 'a stream mode change is made in place (same stream, records kept, no --yes), and back', modeChangesInPlace],
    ['resharded', 'shard counts beyond double/half are stepped: 1 → 5, 5 → 8, 8 → 1', shardCountSteps],
    ['keepdata', 'down --keep-data keeps the bucket and its objects; a later down removes them', keepDataThenDown],
    ['drifted', 'drift (a widened role policy, a dropped public access block) is shown and repaired', driftIsRepaired],
    ['halfdown', 'a down that fails half-way says what failed; the next down finishes', partialDownIsFinished],
  ] as const) {
    it(title, () => withTarget(localTarget(name), flow));
  }
});
