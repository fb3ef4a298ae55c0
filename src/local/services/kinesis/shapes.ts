// Output shapes shared by several actions (Shard, StreamModeDetails, ...).
import type { LiveShard, ShardMeta, Stream } from './model.js';
import { formatSeq } from './sequence.js';

export function shardShape(s: LiveShard): Record<string, unknown> {
  const m = s.meta;
  const range: Record<string, string> = { StartingSequenceNumber: formatSeq(s.prefix, m.startCounter) };
  if (m.endCounter !== undefined) range.EndingSequenceNumber = formatSeq(s.prefix, m.endCounter);
  return {
    ShardId: m.id,
    ...(m.parent ? { ParentShardId: m.parent } : {}),
    ...(m.adjacentParent ? { AdjacentParentShardId: m.adjacentParent } : {}),
    HashKeyRange: { StartingHashKey: m.start, EndingHashKey: m.end },
    SequenceNumberRange: range,
  };
}

export function childShards(stream: Stream, parent: ShardMeta): Array<Record<string, unknown>> {
  return stream.meta.shards
    .filter((c) => c.parent === parent.id || c.adjacentParent === parent.id)
    .map((c) => ({
      ShardId: c.id,
      ParentShards: [c.parent, c.adjacentParent].filter((p): p is string => !!p),
      HashKeyRange: { StartingHashKey: c.start, EndingHashKey: c.end },
    }));
}

export function encryptionShape(stream: Stream): Record<string, string> {
  return stream.meta.encryptionType === 'KMS'
    ? { EncryptionType: 'KMS', KeyId: stream.meta.keyId ?? 'alias/aws/kinesis' }
    : { EncryptionType: 'NONE' };
}

export function openShardCount(stream: Stream): number {
  return stream.open.length;
}
