// Provider aws pointed at `lakehouse serve` (--endpoint-url): the same flows over real HTTP, with the
// default credential chain, exactly as against AWS or LocalStack.
import { after, before, describe, it } from 'node:test';
import { downLeavesNothing, foreignBucketRefused, interruptedUpIsFinished, specChangeUpdatesInPlace, statusReportsLake, upFromNothingThenNoop } from './flows.js';
import { modeChangesInPlace, shardCountSteps } from './flows-stream.js';
import { serveTarget, withTarget, type Target } from './targets.js';

describe('provider aws at lakehouse serve, through the CLI', () => {
  let t: Target;
  before(async () => (t = await serveTarget('clickstream')));
  after(() => t.close());
  it('up from nothing creates everything; up again is a no-op', () => upFromNothingThenNoop(t, '000000000000'));
  it('a spec change (retention, buffer interval, a column, scan cutoff) updates in place', () => specChangeUpdatesInPlace(t));
  it('status shows every resource and the lake (objects, bytes, newest partition)', () => statusReportsLake(t));
  it('down asks (exit 5 without a terminal), then leaves nothing; down twice is fine', () => downLeavesNothing(t));
});

describe('provider aws at lakehouse serve, ownership and recovery', () => {
  it('up and down refuse a foreign bucket of the same name and touch nothing of it', () => withTarget(serveTarget('foreign'), foreignBucketRefused));

  it('an up interrupted by a fault is finished by the next up', () => withTarget(serveTarget('interrupted'), interruptedUpIsFinished));

  it('a stream mode change is made in place (UpdateStreamMode by ARN over HTTP), and back', () => withTarget(serveTarget('modeswitch'), modeChangesInPlace));

  it('shard counts beyond double/half are stepped: 1 → 5, 5 → 8, 8 → 1', () => withTarget(serveTarget('resharded'), shardCountSteps));
});
