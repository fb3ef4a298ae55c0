// The write path shared by PutRecord and PutRecords: route each record to its shard, apply injected
// faults and shard limits, then write each shard's frames with ONE writeSync before answering.
// Data is base64-decoded straight into the frame buffer (no per-record Buffer).
import { AwsError } from '../../types.js';
import { invalidArgument, rateExceeded, throughputExceeded } from './errors.js';
import { MAX_HASH_KEY } from './hashkeys.js';
import type { ShardLimiter } from './limiter.js';
import type { LiveShard, Stream } from './model.js';
import { formatSeq, nextCounter } from './sequence.js';
import { frameSize, sealFrame, writeFrameHead } from './shardlog.js';
import { base64Length } from '../../kit/validate.js';

export interface Incoming {
  PartitionKey: string;
  /** base64 as it came in the JSON body. */
  Data: string;
  ExplicitHashKey?: string;
}

export type Outcome =
  | { SequenceNumber: string; ShardId: string }
  | { ErrorCode: string; ErrorMessage: string };

export interface WriteOptions {
  now: number;
  accountId: string;
  limiter?: ShardLimiter;
  /** Per-record injected fault: the error code to fail the record with, or undefined. */
  fault?: () => 'ProvisionedThroughputExceededException' | 'InternalFailure' | undefined;
  /** PutRecord: throw instead of failing the record inside the response. */
  whole?: boolean;
  /** PutRecord's SequenceNumberForOrdering: the record's counter must be above it. */
  minCounter?: number;
}

const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

function shardFor(stream: Stream, r: Incoming): LiveShard {
  if (r.ExplicitHashKey !== undefined) {
    const h = BigInt(r.ExplicitHashKey);
    if (h > MAX_HASH_KEY) {
      throw invalidArgument(
        `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${r.ExplicitHashKey}`,
      );
    }
    return stream.open[stream.router.routeHash(h)]!;
  }
  return stream.open[stream.router.route(r.PartitionKey)]!;
}

export function writeRecords(stream: Stream, records: Incoming[], opts: WriteOptions): Outcome[] {
  const n = records.length;
  const shards: Array<LiveShard | undefined> = new Array(n);
  const keyBytes = new Array<number>(n);
  const dataBytes = new Array<number>(n);
  const maxRecord = stream.meta.maxRecordSizeKiB * 1024;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    keyBytes[i] = Buffer.byteLength(r.PartitionKey, 'utf8');
    dataBytes[i] = base64Length(r.Data);
    if (dataBytes[i]! + keyBytes[i]! > maxRecord) {
      throw invalidArgument(
        `Record size (data + partition key: ${dataBytes[i]! + keyBytes[i]!} bytes) exceeds the maximum record size of ${stream.meta.maxRecordSizeKiB} KiB for stream ${stream.name}.`,
      );
    }
    total += dataBytes[i]! + keyBytes[i]!;
    shards[i] = shardFor(stream, r);
  }
  if (total > MAX_REQUEST_BYTES) throw invalidArgument('Records size exceeds 5 MB limit');

  // Decide failures first so sequence numbers are only given to records that are written.
  const out: Outcome[] = new Array(n);
  const groups = new Map<LiveShard, number[]>();
  for (let i = 0; i < n; i++) {
    const shard = shards[i]!;
    const code = opts.fault?.();
    if (code) {
      out[i] = { ErrorCode: code, ErrorMessage: code === 'InternalFailure' ? 'Internal service failure.' : rateExceeded(shard.meta.id, stream.name, opts.accountId) };
      continue;
    }
    if (opts.limiter && !opts.limiter.take(`${stream.meta.createdMs}/${shard.meta.id}`, dataBytes[i]! + keyBytes[i]!, opts.now)) {
      if (opts.whole) throw throughputExceeded(shard.meta.id, stream.name, opts.accountId);
      out[i] = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: rateExceeded(shard.meta.id, stream.name, opts.accountId) };
      continue;
    }
    let g = groups.get(shard);
    if (!g) groups.set(shard, (g = []));
    g.push(i);
  }

  // Build every shard's frames before writing any, so a bad record fails the call without side effects.
  const commits = [...groups].map(([shard, idx]) => prepareGroup(shard, idx, records, keyBytes, dataBytes, out, opts));
  for (const commit of commits) commit();
  return out;
}

function prepareGroup(
  shard: LiveShard,
  idx: number[],
  records: Incoming[],
  keyBytes: number[],
  dataBytes: number[],
  out: Outcome[],
  opts: WriteOptions,
): () => void {
  const log = shard.log;
  let size = 0;
  for (const i of idx) size += frameSize(keyBytes[i]!, dataBytes[i]!);
  const buf = Buffer.allocUnsafe(size);
  const counters = new Array<number>(idx.length);
  const arrivals = new Array<number>(idx.length);
  const rel = new Array<number>(idx.length);
  const lastArrival = log.length ? log.arrivals[log.length - 1]! : 0;
  const arrival = Math.max(opts.now, lastArrival);
  let counter = Math.max(log.lastCounter, shard.meta.startCounter, opts.minCounter ?? 0);
  let off = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j]!;
    const r = records[i]!;
    counter = nextCounter(counter, arrival);
    const dataOff = writeFrameHead(buf, off, counter, arrival, r.PartitionKey, keyBytes[i]!);
    const written = dataBytes[i] ? buf.write(r.Data, dataOff, dataBytes[i]!, 'base64') : 0;
    if (written !== dataBytes[i]) {
      throw new AwsError('SerializationException', `'${r.Data.slice(0, 64)}' can not be converted to a Blob: Invalid Base64 character`);
    }
    const end = dataOff + written;
    sealFrame(buf, off, end);
    counters[j] = counter;
    arrivals[j] = arrival;
    rel[j] = off;
    off = end;
  }
  return () => {
    log.append(buf, counters, arrivals, rel);
    for (let j = 0; j < idx.length; j++) {
      out[idx[j]!] = { SequenceNumber: formatSeq(shard.prefix, counters[j]!), ShardId: shard.meta.id };
    }
  };
}
