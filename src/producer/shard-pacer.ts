// Per-shard pacing in the spirit of the KPL: each open shard gets token buckets at just under its write
// limits (1,000 records/s and 1 MiB/s), and a batch is sent once every shard it touches has room. The
// stream then throttles (almost) nothing, and throttling that still happens (faults, other writers) is
// retried without cutting the rate: sent records stay at the shards' capacity and retries a small share.
// Used where limits are real (AWS, or the emulator with enforce_shard_limits); elsewhere it would only slow.
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { BatchRecord } from './batch.js';
import { TokenBucket } from './rate.js';
import { ShardMap } from './shard-map.js';

export const SHARD_RECORDS_PER_SECOND = 1000;
export const SHARD_BYTES_PER_SECOND = 1024 * 1024;
/** Aim a little under the limits: clocks and the service's accounting windows are not ours. */
const HEADROOM = 0.95;
/** Streams reshard (on-demand ones by themselves): re-read the map this often. */
const REFRESH_MS = 30_000;

interface ShardBuckets {
  records: TokenBucket;
  bytes: TokenBucket;
}

export class ShardPacer {
  private map: ShardMap | undefined;
  private loadedAt = -Infinity;
  private loading: Promise<void> | undefined;
  private readonly buckets = new Map<string, ShardBuckets>();

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamName: string,
    /** Largest batch a take may ask for one shard (the bucket holds at least this). */
    private readonly maxTake: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Open shards as last read (0 before the first read). */
  get shards(): number {
    return this.map?.size ?? 0;
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    this.loading ??= ShardMap.load(this.kinesis, this.streamName, signal)
      .then((m) => {
        this.map = m;
        this.loadedAt = this.clock();
      })
      .finally(() => (this.loading = undefined));
    await this.loading;
  }

  private bucketsOf(shard: string): ShardBuckets {
    let b = this.buckets.get(shard);
    if (!b) {
      b = {
        records: new TokenBucket(SHARD_RECORDS_PER_SECOND * HEADROOM, this.maxTake, this.clock),
        bytes: new TokenBucket(SHARD_BYTES_PER_SECOND * HEADROOM, SHARD_BYTES_PER_SECOND * HEADROOM, this.clock),
      };
      this.buckets.set(shard, b);
    }
    return b;
  }

  /** Waits until every shard these records go to has room for them (at most `maxWaitMs`); false if aborted. */
  async take(records: BatchRecord[], signal?: AbortSignal, maxWaitMs?: number): Promise<boolean> {
    if (!this.map || this.clock() - this.loadedAt > REFRESH_MS) {
      // A failed refresh keeps the old map (or none: then no pacing) rather than stopping the producer.
      await this.refresh(signal).catch(() => undefined);
    }
    const map = this.map;
    if (!map?.size) return !signal?.aborted;
    const perShard = new Map<string, { n: number; bytes: number }>();
    for (const r of records) {
      const id = map.shardOf(r.PartitionKey);
      if (!id) continue;
      const s = perShard.get(id) ?? { n: 0, bytes: 0 };
      s.n++;
      s.bytes += r.Data.byteLength + Buffer.byteLength(r.PartitionKey);
      perShard.set(id, s);
    }
    for (const [id, s] of perShard) {
      const b = this.bucketsOf(id);
      if (!(await b.records.take(s.n, signal, maxWaitMs))) return false;
      // A batch may carry more than a second of one shard's bytes (5 MiB requests): take at most a second's
      // worth, or the bucket could never hold enough; the shard throttles the rest and it is retried.
      if (!(await b.bytes.take(Math.min(s.bytes, SHARD_BYTES_PER_SECOND * HEADROOM), signal, maxWaitMs))) return false;
    }
    return true;
  }
}
