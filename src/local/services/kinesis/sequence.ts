// Sequence numbers in AWS's own layout (version 2, as measured by kinesalite against AWS): a 47-digit hex
// number read as a 56-digit decimal string, so numbers compare correctly as strings of equal length:
//   "2" | shard creation second (9) | shard index, last hex digit (1) | per-shard counter (16) | "00" |
//   record second (9) | shard index (8) | "2" (version)
// The counter is per shard, strictly increasing, and at least arrival-ms × 1000, so it keeps increasing
// across restarts even when every record of a shard has been trimmed; the record second is derived from it.
// Numbers written before this layout ("49" + decimal fields, 22 zeros in the middle) still parse.
export const SEQ_LENGTH = 56;
const POW_2_124 = 1n << 124n;
const POW_2_124_NEXT = (1n << 125n) * 16n;
const POW_2_185 = 1n << 185n;
const POW_2_185_NEXT = (1n << 185n) * 3n / 2n;
/** AWS refuses sequence numbers whose shard-creation second is this far in the future (kinesalite). */
const MAX_CREATE_SECONDS = 16025175000;

/** Everything of a shard's sequence numbers but the counter: "<head 11 hex>|<shard index 8 hex>". */
export function shardPrefix(shardIndex: number, shardCreatedMs: number): string {
  const created = Math.floor(shardCreatedMs / 1000).toString(16).padStart(9, '0').slice(-9);
  const index = (shardIndex >>> 0).toString(16).padStart(8, '0').slice(-8);
  return '2' + created + index.slice(-1) + index;
}

export function formatSeq(prefix: string, counter: number): string {
  const seconds = Math.floor(counter / 1e6).toString(16).padStart(9, '0').slice(-9);
  const hex = prefix.slice(0, 11) + counter.toString(16).padStart(16, '0') + '00' + seconds + prefix.slice(11) + '2';
  return BigInt('0x' + hex).toString();
}

/** Next counter for a record arriving at `nowMs` after `last`. */
export function nextCounter(last: number, nowMs: number): number {
  const t = nowMs * 1000;
  return t > last ? t : last + 1;
}

export interface ParsedSeq {
  /** Undefined for sequence numbers that name no shard (AWS's older layouts, e.g. "0"). */
  shardIndex?: number;
  counter: number;
  /** The record's second (ms), for layouts that carry it. */
  seqTimeMs?: number;
  /** The shard's creation second (current layout only): a number from another stream differs here. */
  createSeconds?: number;
}

/** Parses a sequence number as AWS does; undefined when AWS would call it invalid. */
export function parseSeq(seq: string): ParsedSeq | undefined {
  if (!/^(0|[1-9]\d{0,128})$/.test(seq)) return undefined;
  if (seq.length === SEQ_LENGTH && seq.startsWith('49') && seq.slice(18, 40) === '0'.repeat(22)) {
    return { shardIndex: Number(seq.slice(12, 18)), counter: Number(seq.slice(40)) };
  }
  let n = BigInt(seq);
  if (n < POW_2_124) n += POW_2_124;
  const hex = n.toString(16);
  if (n < POW_2_124_NEXT) {
    // Version 0: creation second, random bits and a 4-digit shard index; no counter we can order by.
    if (parseInt(hex.slice(1, 10), 16) >= MAX_CREATE_SECONDS) return undefined;
    return { shardIndex: parseInt(hex.slice(28, 32), 16), counter: 0 };
  }
  if (!(n > POW_2_185 && n < POW_2_185_NEXT)) return undefined;
  const version = parseInt(hex.slice(-1), 16);
  if (version === 1) return { shardIndex: parseInt(hex.slice(38, 46), 16), counter: 0, seqTimeMs: parseInt(hex.slice(13, 22), 16) * 1000 };
  if (version !== 2) return undefined;
  const counterHex = hex.slice(11, 27);
  const indexHex = hex.slice(38, 46);
  if (parseInt(counterHex[0]!, 16) > 7) return undefined;
  const createSeconds = parseInt(hex.slice(1, 10), 16);
  if (createSeconds >= MAX_CREATE_SECONDS) return undefined;
  const counter = Number(BigInt('0x' + counterHex));
  // The index is a signed 32-bit number (AWS names such shards shardId--02147483648).
  const index = parseInt(indexHex, 16) | 0;
  return { shardIndex: index, counter, seqTimeMs: parseInt(hex.slice(29, 38), 16) * 1000, createSeconds };
}

export function shardIdOf(index: number): string {
  return index < 0 ? 'shardId--' + String(-index).padStart(11, '0') : 'shardId-' + String(index).padStart(12, '0');
}

/** AWS reads a shard id by its number: `shardId-0`, `shardId-000000000000` and `0` name the same shard.
 * Undefined when it names none. */
export function shardIndexOf(shardId: string): number | undefined {
  const digits = shardId.split('-')[1] ?? shardId;
  if (!/^\d+$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= 2147483647 ? n : undefined;
}
