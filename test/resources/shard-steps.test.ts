// The UpdateShardCount targets between two shard counts: each within double/half of the open shards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shardSteps } from '../../src/resources/shard-steps.js';

describe('shardSteps', () => {
  it('doubles up to the target and halves (rounding up) down to it', () => {
    assert.deepEqual(shardSteps(1, 5), [2, 4, 5]);
    assert.deepEqual(shardSteps(8, 1), [4, 2, 1]);
    assert.deepEqual(shardSteps(3, 1), [2, 1]);
    assert.deepEqual(shardSteps(4, 6), [6]);
    assert.deepEqual(shardSteps(7, 7), []);
  });

  it('every step is one Kinesis accepts: target <= 2 × open and 2 × target >= open', () => {
    for (let from = 1; from <= 40; from++) {
      for (let to = 1; to <= 40; to++) {
        let open = from;
        for (const step of shardSteps(from, to)) {
          assert.ok(step <= open * 2 && step * 2 >= open, `${from} → ${to}: ${open} → ${step}`);
          open = step;
        }
        assert.equal(open, to);
      }
    }
  });
});
