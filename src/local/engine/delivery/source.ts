// Where a delivery stream's records come from: the shards of its Kinesis source stream, or (DirectPut) the
// stream's own durable log, seen as one shard.
import type { KinesisInternal, StoredRecord } from '../../types.js';

export interface DeliverySource {
  /** Shard ids now (empty when the source stream is gone). */
  shardIds(): string[];
  /** Records of a shard strictly after `after` (from the oldest when undefined), at most `limit`. */
  read(shardId: string, after: string | undefined, limit: number): StoredRecord[];
  /** Everything up to `delivered` is in S3 (a DirectPut log may drop it; a Kinesis stream keeps its retention). */
  trim?(shardId: string, delivered: string): void;
}

export function kinesisSource(kinesis: KinesisInternal, streamArn: string): DeliverySource {
  const stream = kinesis.nameFromArn(streamArn);
  return {
    shardIds: () => kinesis.describe(stream)?.shardIds ?? [],
    read: (shardId, after, limit) => (kinesis.describe(stream) ? kinesis.read(stream, shardId, after, limit) : []),
  };
}

/** Kinesis sequence numbers are decimal strings of varying length: compare numerically. */
export function compareSequence(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
