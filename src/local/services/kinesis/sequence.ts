// Sequence numbers: 56-digit decimal strings like AWS's, so they compare correctly as strings of equal
// length. Layout: "49" + shard creation second (10) + shard index (6) + zeros (22) + counter (16).
// The counter is per shard, strictly increasing, and at least arrival-ms × 1000, so it keeps increasing
// across restarts even when every record of a shard has been trimmed.
export const SEQ_LENGTH = 56;
const COUNTER_DIGITS = 16;
const PREFIX_LENGTH = SEQ_LENGTH - COUNTER_DIGITS;

export function shardPrefix(shardIndex: number, shardCreatedMs: number): string {
  const created = String(Math.floor(shardCreatedMs / 1000)).padStart(10, '0').slice(-10);
  return '49' + created + String(shardIndex).padStart(6, '0') + '0'.repeat(22);
}

export function formatSeq(prefix: string, counter: number): string {
  return prefix + String(counter).padStart(COUNTER_DIGITS, '0');
}

/** Next counter for a record arriving at `nowMs` after `last`. */
export function nextCounter(last: number, nowMs: number): number {
  const t = nowMs * 1000;
  return t > last ? t : last + 1;
}

export interface ParsedSeq {
  shardIndex: number;
  counter: number;
}

/** Parses a sequence number we issued; undefined when it cannot be one of ours. */
export function parseSeq(seq: string): ParsedSeq | undefined {
  if (seq.length !== SEQ_LENGTH || !seq.startsWith('49')) return undefined;
  const counter = Number(seq.slice(PREFIX_LENGTH));
  const shardIndex = Number(seq.slice(12, 18));
  if (!Number.isSafeInteger(counter) || !Number.isInteger(shardIndex)) return undefined;
  return { shardIndex, counter };
}

export function shardIdOf(index: number): string {
  return 'shardId-' + String(index).padStart(12, '0');
}
