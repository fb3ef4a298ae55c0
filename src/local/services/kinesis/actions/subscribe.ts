// SubscribeToShard (enhanced fan-out): an event stream of SubscribeToShardEvent messages for one shard,
// after an `initial-response`, for at most 5 minutes as on AWS. Records are pushed as they are appended
// (the store's append listener), with an event at least every 5 s (AWS's heartbeat), each carrying the
// ContinuationSequenceNumber to resubscribe from. When the shard is closed and drained the last event
// names its ChildShards and the stream ends, so a consumer moves to the children in order.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { jsonEvent } from '../../../kit/eventstream.js';
import { RAW_RESPONSE } from '../../../protocol/json.js';
import { AwsError } from '../../../types.js';
import { seconds, type Kinesis } from '../context.js';
import { shardNotFound } from '../errors.js';
import { findShard } from '../resolve.js';
import { formatSeq } from '../sequence.js';
import { childShards } from '../shapes.js';
import { findConsumer } from './fanout.js';
import { checkIteratorInput, startPosition } from './read.js';

const SUBSCRIPTION_MS = 5 * 60_000;
const HEARTBEAT_MS = 5_000;
const POLL_MS = 250;
const MAX_EVENT_BYTES = 1024 * 1024;
/** Subscriptions by consumer ARN + shard: AWS allows one at a time (a second is ResourceInUseException). */
const active = new Map<string, () => void>();

export function SubscribeToShard(input: any, k: Kinesis): unknown {
  const pos = input.StartingPosition;
  const asIterator = { ShardIteratorType: pos.Type, StartingSequenceNumber: pos.SequenceNumber, Timestamp: pos.Timestamp };
  checkIteratorInput(asIterator);
  const { stream, consumer } = findConsumer({ ConsumerARN: input.ConsumerARN }, k);
  if (consumer.status !== 'ACTIVE') {
    throw new AwsError('ResourceInUseException', `Consumer ${consumer.arn} is not ACTIVE, instead in state ${consumer.status}.`);
  }
  const acct = k.store.accountId;
  const shard = findShard(stream, input.ShardId, (id) => shardNotFound(id, stream.name, acct), acct);
  const key = `${consumer.arn}|${shard.meta.id}`;
  if (active.has(key)) {
    throw new AwsError('ResourceInUseException', `Another active subscription exists for consumer ${consumer.arn} and shard ${shard.meta.id}.`);
  }
  let after = startPosition(asIterator, stream, shard, k);

  const out = new PassThrough();
  out.write(jsonEvent('initial-response', {}));
  const started = k.store.now();
  let lastSent = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    active.delete(key);
    if (timer) clearTimeout(timer);
    unsubscribe();
    out.end();
  };
  const push = () => {
    timer = undefined;
    if (closed) return;
    const now = k.store.now();
    const log = shard.log;
    log.expireBefore(stream.retentionCutoff(now));
    const from = log.indexAfter(after);
    const records = log.read(from, 10000, MAX_EVENT_BYTES);
    const drained = from + records.length >= log.length;
    const closedAndDone = shard.meta.endCounter !== undefined && drained;
    if (records.length || closedAndDone || now - lastSent >= HEARTBEAT_MS) {
      const last = records[records.length - 1];
      if (last) after = last.counter;
      const event = {
        Records: records.map((r) => ({
          SequenceNumber: formatSeq(shard.prefix, r.counter),
          ApproximateArrivalTimestamp: seconds(r.arrival),
          Data: r.data.toString('base64'),
          PartitionKey: r.key,
          ...(stream.meta.encryptionType === 'KMS' ? { EncryptionType: 'KMS' } : {}),
        })),
        ContinuationSequenceNumber: formatSeq(shard.prefix, Math.max(after, shard.meta.startCounter)),
        MillisBehindLatest: drained || !last ? 0 : Math.max(0, now - last.arrival),
        ...(closedAndDone ? { ChildShards: childShards(stream, shard.meta) } : {}),
      };
      lastSent = now;
      if (!out.write(jsonEvent('SubscribeToShardEvent', event))) {
        // A slow reader: wait for it rather than buffer without bound.
        out.once('drain', schedule);
        if (closedAndDone) finish();
        return;
      }
    }
    if (closedAndDone || now - started >= SUBSCRIPTION_MS || !k.store.streams.has(stream.name)) return finish();
    if (!drained) setImmediate(push);
    else schedule();
  };
  const schedule = () => {
    // Not unref'd: in-process, the subscription is what keeps a reading client's event loop alive. It
    // ends by itself (5 minutes, a closed shard, a deleted stream, or the reader going away).
    if (!closed && !timer) timer = setTimeout(push, POLL_MS);
  };
  const unsubscribe = k.store.onAppend((name) => {
    if (name === stream.name && timer) {
      clearTimeout(timer);
      timer = undefined;
      setImmediate(push);
    }
  });
  out.on('close', finish);
  active.set(key, finish);
  setImmediate(push);
  return {
    [RAW_RESPONSE]: {
      status: 200,
      headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() },
      body: out,
    },
  };
}
