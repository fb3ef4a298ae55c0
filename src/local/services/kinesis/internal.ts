// The face other services (Firehose's delivery engine) use: no HTTP, no validation, same data.
import type { KinesisInternal, StoredRecord } from '../../types.js';
import { nameFromArn } from './resolve.js';
import { formatSeq, parseSeq } from './sequence.js';
import type { KinesisStore } from './store.js';

export function internalFace(store: KinesisStore): KinesisInternal {
  return {
    describe(streamName) {
      const s = store.streams.get(streamName);
      if (!s) return undefined;
      return { arn: s.meta.arn, status: s.meta.status, shardIds: [...s.shards.keys()] };
    },
    read(streamName, shardId, afterSequence, limit): StoredRecord[] {
      const stream = store.streams.get(streamName);
      const shard = stream?.shards.get(shardId);
      if (!stream || !shard) return [];
      const log = shard.log;
      log.expireBefore(stream.retentionCutoff(store.now()));
      const after = afterSequence === undefined ? -1 : (parseSeq(afterSequence)?.counter ?? -1);
      return log.read(log.indexAfter(after), limit).map((r) => ({
        sequenceNumber: formatSeq(shard.prefix, r.counter),
        partitionKey: r.key,
        data: r.data,
        arrival: r.arrival,
      }));
    },
    onAppend: (listener) => store.onAppend(listener),
    nameFromArn,
  };
}
