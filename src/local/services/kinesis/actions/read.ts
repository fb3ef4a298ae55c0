// GetShardIterator and GetRecords. Reads skip records older than the retention period.
import { AwsError } from '../../../types.js';
import { seconds, type Kinesis } from '../context.js';
import { invalidArgument, shardNotFound } from '../errors.js';
import { decodeIterator, encodeIterator } from '../iterator.js';
import type { LiveShard, Stream } from '../model.js';
import { canonicalShardId, findServing, findShard, streamNameOf } from '../resolve.js';
import { parseSeq, formatSeq, shardIdOf } from '../sequence.js';
import { childShards } from '../shapes.js';

const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

function needsSequence(type: string, has: boolean): AwsError {
  return invalidArgument(
    'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
      `(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified ${type} and ${has ? 'also a' : 'no'} StartingSequenceNumber.`,
  );
}

function latest(shard: LiveShard): number {
  return Math.max(shard.log.lastCounter, shard.meta.startCounter);
}

/** The checks of an iterator request that need no lookup, made before the stream is looked up as AWS
 * does (a missing sequence number is InvalidArgumentException even on a stream that does not exist). */
export function checkIteratorInput(input: any): void {
  const type: string = input.ShardIteratorType;
  const has = input.StartingSequenceNumber !== undefined;
  if ((type === 'TRIM_HORIZON' || type === 'LATEST') && has) throw needsSequence(type, true);
  if ((type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') && !has) throw needsSequence(type, false);
  if (type === 'AT_TIMESTAMP' && input.Timestamp === undefined) {
    throw invalidArgument('Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
  }
}

/** The counter after which an iterator of this type starts. */
export function startPosition(input: any, stream: Stream, shard: LiveShard, k: Kinesis): number {
  const type: string = input.ShardIteratorType;
  const seq: string | undefined = input.StartingSequenceNumber;
  const acct = k.store.accountId;
  switch (type) {
    case 'TRIM_HORIZON':
    case 'LATEST':
      if (seq !== undefined) throw needsSequence(type, true);
      return type === 'LATEST' ? latest(shard) : -1;
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER': {
      if (seq === undefined) throw needsSequence(type, false);
      const parsed = parseSeq(seq);
      const invalid = `StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shard.meta.id} in stream ${stream.name} under account ${acct} is invalid`;
      if (!parsed) throw invalidArgument(invalid + '.');
      if (parsed.shardIndex !== shard.meta.index) {
        throw invalidArgument(`Invalid StartingSequenceNumber. It encodes ${shardIdOf(parsed.shardIndex ?? 0)}, while it was used in a call to a shard with ${shard.meta.id}`);
      }
      if (parsed.createSeconds !== undefined && parsed.createSeconds !== Math.floor(shard.meta.createdMs / 1000)) {
        throw invalidArgument(invalid + ' because it did not come from this stream.');
      }
      return type === 'AT_SEQUENCE_NUMBER' ? parsed.counter - 1 : parsed.counter;
    }
    default: {
      // AT_TIMESTAMP (enum checked by validation)
      if (input.Timestamp === undefined) {
        throw invalidArgument('Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
      }
      const ts = Math.round(input.Timestamp * 1000);
      const now = k.store.now();
      if (ts > now) {
        throw invalidArgument(`The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${ts}, currentTimestampInMillis: ${now}`);
      }
      const i = shard.log.indexAtTime(ts);
      return i < shard.log.length ? shard.log.counters[i]! - 1 : latest(shard);
    }
  }
}

export function GetShardIterator(input: any, k: Kinesis): unknown {
  const acct = k.store.accountId;
  // AWS reads the shard id first, then names the canonical id when the stream is missing too.
  const shardId = canonicalShardId(input.ShardId, streamNameOf(input), acct);
  checkIteratorInput(input);
  let stream: Stream;
  try {
    stream = findServing(k.store, input);
  } catch (e) {
    if (e instanceof AwsError && e.code === 'ResourceNotFoundException') throw shardNotFound(shardId, streamNameOf(input), acct);
    throw e;
  }
  const shard = findShard(stream, shardId, (id) => shardNotFound(id, stream.name, acct), acct);
  const after = startPosition(input, stream, shard, k);
  return {
    ShardIterator: encodeIterator({ stream: stream.name, streamCreatedMs: stream.meta.createdMs, shardId: shard.meta.id, after, issuedMs: k.store.now() }),
  };
}

export function GetRecords(input: any, k: Kinesis): unknown {
  const now = k.store.now();
  const it = decodeIterator(input.ShardIterator, now);
  const stream = k.store.streams.get(it.stream);
  const shard = stream?.meta.createdMs === it.streamCreatedMs ? stream.shards.get(it.shardId) : undefined;
  if (!stream || !shard || stream.meta.status === 'DELETING') throw shardNotFound(it.shardId, it.stream, k.store.accountId);
  const log = shard.log;
  log.expireBefore(stream.retentionCutoff(now));
  const from = log.indexAfter(it.after);
  const records = log.read(from, input.Limit ?? 10000, MAX_RESPONSE_BYTES);
  const end = from + records.length;
  const last = records[records.length - 1];
  const encrypted = stream.meta.encryptionType === 'KMS';
  const closedAndDone = shard.meta.endCounter !== undefined && end >= log.length;
  k.metrics.kinesisGet(stream.name, records, now);
  return {
    Records: records.map((r) => ({
      SequenceNumber: formatSeq(shard.prefix, r.counter),
      ApproximateArrivalTimestamp: seconds(r.arrival),
      Data: r.data.toString('base64'),
      PartitionKey: r.key,
      ...(encrypted ? { EncryptionType: 'KMS' } : {}),
    })),
    ...(closedAndDone
      ? { ChildShards: childShards(stream, shard.meta) }
      : { NextShardIterator: encodeIterator({ ...it, after: last ? last.counter : it.after, issuedMs: now }) }),
    MillisBehindLatest: end >= log.length || !last ? 0 : Math.max(0, now - last.arrival),
  };
}
