// Counters shared by the senders, the progress reporter and the summary. A record counts as accepted only
// when the stream returned a SequenceNumber for it.
export interface ShardStats {
  records: number;
  bytes: number;
  /** Highest sequence number the shard returned to us. */
  lastSequence: string;
}

export class ProduceStats {
  readonly startedAt = performance.now();
  /** Records handed to the senders (generated). */
  generated = 0;
  accepted = 0;
  /** Data bytes (JSON documents) of accepted records. */
  acceptedBytes = 0;
  /** Record re-sends after a failure inside a 200 response or a failed call. */
  retried = 0;
  /** Failures because of throttling (ProvisionedThroughputExceeded and friends), retried or not. */
  throttled = 0;
  /** Records given up: never accepted. */
  failed = 0;
  readonly failedByCode: Record<string, number> = {};
  /** PutRecords calls made (after the SDK's own retries). */
  requests = 0;
  readonly shards = new Map<string, ShardStats>();

  elapsedMs(now = performance.now()): number {
    return now - this.startedAt;
  }

  recordAccepted(shardId: string, sequence: string, bytes: number): void {
    this.accepted++;
    this.acceptedBytes += bytes;
    let s = this.shards.get(shardId);
    if (!s) this.shards.set(shardId, (s = { records: 0, bytes: 0, lastSequence: sequence }));
    s.records++;
    s.bytes += bytes;
    if (compareSequence(sequence, s.lastSequence) > 0) s.lastSequence = sequence;
  }

  /** Firehose Direct PUT: accepted with a RecordId, no shard or sequence number. */
  recordAcceptedDirect(bytes: number): void {
    this.accepted++;
    this.acceptedBytes += bytes;
  }

  recordGivenUp(code: string, n = 1): void {
    this.failed += n;
    this.failedByCode[code] = (this.failedByCode[code] ?? 0) + n;
  }
}

/** Kinesis sequence numbers are decimal strings of up to 128 digits: compare by length, then text. */
export function compareSequence(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ShardSummary {
  shardId: string;
  records: number;
  bytes: number;
  recordsPerSecond: number;
  lastSequenceNumber: string;
}

export interface ProduceSummary {
  /** The Kinesis stream, or (source direct_put) the Firehose delivery stream records were put to. */
  stream: string;
  /** source direct_put only: the records went through Firehose PutRecordBatch. */
  api?: 'PutRecordBatch';
  accepted: number;
  retried: number;
  throttled: number;
  failed: number;
  failedByCode: Record<string, number>;
  bytes: number;
  requests: number;
  elapsedMs: number;
  recordsPerSecond: number;
  megabytesPerSecond: number;
  shards: ShardSummary[];
  /** Stopped by Ctrl-C (or the caller's signal) before the amount was produced. */
  interrupted: boolean;
}

export function summarize(stats: ProduceStats, stream: string, interrupted: boolean, now = performance.now(), api?: 'PutRecordBatch'): ProduceSummary {
  const elapsedMs = stats.elapsedMs(now);
  const sec = Math.max(elapsedMs / 1000, 1e-9);
  return {
    stream,
    ...(api ? { api } : {}),
    accepted: stats.accepted,
    retried: stats.retried,
    throttled: stats.throttled,
    failed: stats.failed,
    failedByCode: { ...stats.failedByCode },
    bytes: stats.acceptedBytes,
    requests: stats.requests,
    elapsedMs: Math.round(elapsedMs),
    recordsPerSecond: Math.round(stats.accepted / sec),
    megabytesPerSecond: Math.round((stats.acceptedBytes / 1e6 / sec) * 100) / 100,
    shards: [...stats.shards.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([shardId, s]) => ({
        shardId,
        records: s.records,
        bytes: s.bytes,
        recordsPerSecond: Math.round(s.records / sec),
        lastSequenceNumber: s.lastSequence,
      })),
    interrupted,
  };
}
