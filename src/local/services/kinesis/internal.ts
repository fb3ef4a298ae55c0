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
      const prefix = shard.prefix;
      return log.readWith(log.indexAfter(after), limit, (counter, arrival, buf, keyStart, dataStart, dataEnd) =>
        new FrameRecord(prefix, counter, arrival, buf, keyStart, dataStart, buf.subarray(dataStart, dataEnd)));
    },
    onAppend: (listener) => store.onAppend(listener),
    nameFromArn,
    stats(streamName) {
      const stream = store.streams.get(streamName);
      if (!stream) return undefined;
      return [...stream.shards.values()].map(({ meta, log }) => {
        log.expireBefore(stream.retentionCutoff(store.now()));
        const records = log.length - log.head;
        return {
          shardId: meta.id,
          open: meta.endCounter === undefined,
          records,
          bytes: log.size - (records ? log.offsets[log.head]! : log.size),
          newestArrival: records ? log.arrivals[log.length - 1]! : null,
        };
      });
    },
  };
}

/** A record read for the delivery engine, which needs the data of every record but the sequence number of
 * few and the partition key of none: both are made only when asked (they cost more than the rest of a read). */
class FrameRecord implements StoredRecord {
  constructor(
    private readonly prefix: string,
    private readonly counter: number,
    readonly arrival: number,
    private readonly frames: Buffer,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    readonly data: Buffer,
  ) {}

  get sequenceNumber(): string {
    return formatSeq(this.prefix, this.counter);
  }

  get partitionKey(): string {
    return this.frames.toString('utf8', this.keyStart, this.keyEnd);
  }
}
