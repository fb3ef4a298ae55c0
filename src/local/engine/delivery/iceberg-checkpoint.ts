// The delivery checkpoint that travels INSIDE an Iceberg commit: every snapshot the local Firehose commits
// carries, in its summary, the last source sequence number delivered to that table from every shard of the
// delivery stream. The commit and the checkpoint are then one atomic step (the Glue metadata_location swap):
// after a kill -9, a batch whose snapshot is in the table is skipped when redone, one whose snapshot is not is
// committed again — never both, never twice.
import { compareSequence } from './source.js';

/** Summary key of a delivery stream's checkpoint; its value is JSON {incarnation, shards: {id: sequence}}. */
export const CHECKPOINT_PREFIX = 'firehose.checkpoint.';

export interface TableCheckpoint {
  /** createdAt of the delivery stream (a re-created stream of the same name starts over). */
  incarnation: number;
  shards: Record<string, string>;
}

interface SnapshotLike {
  'snapshot-id': number;
  'parent-snapshot-id'?: number;
  summary?: Record<string, string>;
}

interface MetadataLike {
  'current-snapshot-id'?: number;
  snapshots?: SnapshotLike[];
}

export function checkpointKey(deliveryStream: string): string {
  return CHECKPOINT_PREFIX + deliveryStream;
}

/** The checkpoint as of a snapshot: the newest one of this stream on the snapshot's ancestry (snapshots
 * others commit — Athena DML, OPTIMIZE — carry none, so look past them). */
export function checkpointAt(metadata: MetadataLike, deliveryStream: string, incarnation: number, snapshotId?: number): TableCheckpoint {
  const key = checkpointKey(deliveryStream);
  const byId = new Map((metadata.snapshots ?? []).map((s) => [s['snapshot-id'], s]));
  let id: number | undefined = snapshotId ?? metadata['current-snapshot-id'];
  while (id !== undefined && id !== -1) {
    const s = byId.get(id);
    if (!s) break; // expired: older history is gone
    const v = s.summary?.[key];
    if (v !== undefined) {
      const cp = JSON.parse(v) as TableCheckpoint;
      return cp.incarnation === incarnation ? cp : { incarnation, shards: {} };
    }
    id = s['parent-snapshot-id'];
  }
  return { incarnation, shards: {} };
}

/** True when the table already holds the shard's records up to `last` (the batch was committed before). */
export function alreadyCommitted(cp: TableCheckpoint, shardId: string, last: string): boolean {
  const at = cp.shards[shardId];
  return at !== undefined && compareSequence(at, last) >= 0;
}

/** The summary entry for a commit that delivers the shard up to `last`. */
export function summaryEntry(cp: TableCheckpoint, deliveryStream: string, shardId: string, last: string): Record<string, string> {
  const next: TableCheckpoint = { incarnation: cp.incarnation, shards: { ...cp.shards, [shardId]: last } };
  return { [checkpointKey(deliveryStream)]: JSON.stringify(next) };
}
