// Per-shard write limits (1,000 records/s and 1 MiB/s), as token buckets holding one second of
// capacity that refill continuously. Only used when env.settings.enforceShardLimits is on.
export const RECORDS_PER_SECOND = 1000;
export const BYTES_PER_SECOND = 1024 * 1024;

interface Bucket {
  records: number;
  bytes: number;
  at: number;
}

export class ShardLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes capacity for one record of `bytes` (data + partition key); false when the shard is over its limit. */
  take(shardKey: string, bytes: number, now: number): boolean {
    let b = this.buckets.get(shardKey);
    if (!b) this.buckets.set(shardKey, (b = { records: RECORDS_PER_SECOND, bytes: BYTES_PER_SECOND, at: now }));
    const elapsed = Math.max(0, now - b.at) / 1000;
    b.records = Math.min(RECORDS_PER_SECOND, b.records + elapsed * RECORDS_PER_SECOND);
    b.bytes = Math.min(BYTES_PER_SECOND, b.bytes + elapsed * BYTES_PER_SECOND);
    b.at = now;
    if (b.records < 1 || b.bytes < bytes) return false;
    b.records -= 1;
    b.bytes -= bytes;
    return true;
  }
}
