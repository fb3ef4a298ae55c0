// A stream's persisted metadata and its live state (open logs, hash router, write limiter).
import { HashRouter } from './hashkeys.js';
import type { ShardLog } from './shardlog.js';

export type StreamStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';

export interface ShardMeta {
  id: string;
  index: number;
  parent?: string;
  adjacentParent?: string;
  /** Hash key range as decimal strings. */
  start: string;
  end: string;
  createdMs: number;
  /** Counter of the shard's starting sequence number. */
  startCounter: number;
  /** Set when the shard is closed (UpdateShardCount): counter of its ending sequence number. */
  endCounter?: number;
  closedMs?: number;
}

export interface StreamMeta {
  name: string;
  arn: string;
  status: StreamStatus;
  mode: 'PROVISIONED' | 'ON_DEMAND';
  retentionHours: number;
  createdMs: number;
  encryptionType: 'NONE' | 'KMS';
  keyId?: string;
  tags: Record<string, string>;
  shards: ShardMeta[];
  nextShardIndex: number;
  maxRecordSizeKiB: number;
  /** UpdateStreamWarmThroughput's target (on-demand streams only). */
  warmThroughputMiBps?: number;
  /** EnableEnhancedMonitoring's shard-level metrics (stored and returned; no metrics are emitted). */
  enhancedMetrics?: string[];
  /** PutResourcePolicy's document, by resource ARN (the stream's or a consumer's). */
  policies?: Record<string, string>;
  consumers?: ConsumerMeta[];
}

/** An enhanced fan-out consumer (RegisterStreamConsumer). */
export interface ConsumerMeta {
  name: string;
  arn: string;
  createdMs: number;
  status: 'CREATING' | 'ACTIVE' | 'DELETING';
  tags?: Record<string, string>;
}

export interface LiveShard {
  meta: ShardMeta;
  log: ShardLog;
  /** Sequence number prefix (everything but the counter). */
  prefix: string;
}

export class Stream {
  shards = new Map<string, LiveShard>();
  /** Open shards sorted by starting hash key, and the router over them. */
  open: LiveShard[] = [];
  router!: HashRouter;
  /** When expired records were last dropped (writes check at most once a minute). */
  expiredAt = 0;

  constructor(public meta: StreamMeta, readonly dir: string) {}

  get name(): string {
    return this.meta.name;
  }

  /** Recomputes the open-shard routing after shards were added or closed. */
  reroute(): void {
    this.open = [...this.shards.values()]
      .filter((s) => s.meta.endCounter === undefined)
      .sort((a, b) => (BigInt(a.meta.start) < BigInt(b.meta.start) ? -1 : 1));
    this.router = new HashRouter(this.open.map((s) => [BigInt(s.meta.start), BigInt(s.meta.end)] as const));
  }

  retentionCutoff(now: number): number {
    return now - this.meta.retentionHours * 3600_000;
  }

  /** Drops records older than the retention period from every shard (and from disk once they weigh). */
  expire(now: number): void {
    this.expiredAt = now;
    const cutoff = this.retentionCutoff(now);
    for (const s of this.shards.values()) s.log.expireBefore(cutoff);
  }
}
