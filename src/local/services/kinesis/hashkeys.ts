// The 128-bit hash key space: MD5(partition key) read as an unsigned big-endian integer picks the
// open shard whose [StartingHashKey, EndingHashKey] contains it. Shards split the space evenly.
import { createHash, hash } from 'node:crypto';

export const HASH_SPACE = 1n << 128n;
export const MAX_HASH_KEY = HASH_SPACE - 1n;

/** Even split of [lo, hi] into n ranges, as AWS does for CreateStream and UpdateShardCount. */
export function splitRange(n: number, lo = 0n, hi = MAX_HASH_KEY): Array<[bigint, bigint]> {
  const size = (hi - lo + 1n) / BigInt(n);
  const out: Array<[bigint, bigint]> = [];
  for (let i = 0; i < n; i++) {
    const start = lo + size * BigInt(i);
    out.push([start, i === n - 1 ? hi : start + size - 1n]);
  }
  return out;
}

/** Looks up the shard for a hash quickly: compare the top 48 bits as numbers, BigInt only on a tie. */
export class HashRouter {
  private readonly top: number[];
  private readonly starts: bigint[];

  /** `ranges` are the open shards' ranges, sorted by start, covering the whole space. */
  constructor(ranges: ReadonlyArray<readonly [bigint, bigint]>) {
    this.starts = ranges.map((r) => r[0]);
    this.top = this.starts.map((s) => Number(s >> 80n));
  }

  /** Index (into the ranges given) of the shard owning MD5(partitionKey). */
  route(partitionKey: string): number {
    const digest = hash('md5', partitionKey, 'buffer');
    const h48 = digest.readUIntBE(0, 6);
    const i = this.lastStartAtOrBelow(h48);
    if (this.top[i] !== h48) return i;
    return this.routeHash(BigInt('0x' + digest.toString('hex')));
  }

  routeHash(hash: bigint): number {
    let i = this.starts.length - 1;
    while (i > 0 && this.starts[i]! > hash) i--;
    return i;
  }

  private lastStartAtOrBelow(h48: number): number {
    const top = this.top;
    let lo = 0;
    let hi = top.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (top[mid]! <= h48) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

export function md5Hash(partitionKey: string): bigint {
  return BigInt('0x' + createHash('md5').update(partitionKey, 'utf8').digest('hex'));
}
