// Kinesis refuses an UpdateShardCount whose target is above double or below half the open shards:
// a bigger change is a series of calls, each within that bound.

/** The targets to send one after another to go from `from` open shards to `to` (empty when equal). */
export function shardSteps(from: number, to: number): number[] {
  const steps: number[] = [];
  let current = from;
  while (current !== to) {
    // Halving rounds up: Kinesis allows a target t only while 2t >= open shards.
    current = to > current ? Math.min(to, current * 2) : Math.max(to, Math.ceil(current / 2));
    steps.push(current);
  }
  return steps;
}
