// One PutRecords call for a batch: counts what the stream accepted, gives up records with final error
// codes, and returns the records worth another try (those refused inside a 200 response, or the whole batch
// when the call failed after the SDK's own retries) for the retry queue (retry-queue.ts).
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { AwsCallError } from '../errors.js';
import type { RetryPolicy } from './backoff.js';
import { diskFullStop, isDiskFullError } from './disk-full.js';
import type { BatchRecord } from './batch.js';
import { putBatchOnce, type DirectPutTarget } from './firehose-send.js';
import type { Pacer } from './pacer.js';
import type { ProduceStats } from './stats.js';
import { preSerializedPutRecords, putRecordsBody } from './wire.js';

/** Per-record error codes worth retrying; any other code is given up at once (retrying cannot help). */
const RETRYABLE_RECORD_CODES = new Set(['ProvisionedThroughputExceededException', 'InternalFailure', 'KMSThrottlingException', 'ServiceUnavailable']);
const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'KMSThrottlingException', 'LimitExceededException', 'ThrottlingException']);

export interface SendContext {
  kinesis: KinesisClient;
  streamName: string;
  stats: ProduceStats;
  retry: RetryPolicy;
  /** Told every outcome (it learns the stream's rate from throttling). */
  pacer?: Pacer;
  /** Called with the records the stream accepted (in the order of the response). */
  onAccepted?: (records: BatchRecord[]) => void | Promise<void>;
  /** source direct_put: send with Firehose PutRecordBatch to this delivery stream instead (firehose-send.ts). */
  directPut?: DirectPutTarget;
}

/** Records still to send after an attempt, and why they failed. */
export interface Leftover {
  records: BatchRecord[];
  code: string;
  /** The whole call failed (vs. some records inside a 200 response). */
  whole?: boolean;
}

/** One PutRecords call: counts what was accepted, gives up records with non-retryable codes, returns the
 * records worth another try. Throws AwsCallError when the call itself failed for good. `recordsJson`, when
 * given, is `records` already serialized (wire.ts) and is sent as is. */
export async function putOnce(ctx: SendContext, records: BatchRecord[], recordsJson?: Uint8Array): Promise<Leftover> {
  if (ctx.directPut) return putBatchOnce(ctx, ctx.directPut, records, isRetryableCallError);
  const { stats } = ctx;
  stats.requests++;
  let results;
  try {
    if (recordsJson) {
      const raw = preSerializedPutRecords(ctx.streamName, putRecordsBody(ctx.streamName, recordsJson));
      const out = await ctx.kinesis.send(raw.command);
      results = raw.records() ?? out.Records ?? [];
    } else {
      const out = await ctx.kinesis.send(new PutRecordsCommand({ StreamName: ctx.streamName, Records: records }));
      results = out.Records ?? [];
    }
  } catch (e) {
    if (isDiskFullError(e)) throw diskFullStop(e);
    if (!isRetryableCallError(e)) throw (e as { $metadata?: unknown }).$metadata ? toCallError(e, ctx.streamName) : e;
    const code = (e as Error).name;
    if (THROTTLING.has(code)) {
      stats.throttled += records.length;
      ctx.pacer?.observe(0, records.length);
    }
    return { records, code, whole: true };
  }
  const throttledBefore = stats.throttled;
  const failed: BatchRecord[] = [];
  const accepted: BatchRecord[] = [];
  let lastCode = '';
  for (let i = 0; i < records.length; i++) {
    const r = results[i];
    const rec = records[i]!;
    if (r?.SequenceNumber && r.ShardId) {
      stats.recordAccepted(r.ShardId, r.SequenceNumber, rec.Data.byteLength);
      accepted.push(rec);
      continue;
    }
    const code = r?.ErrorCode ?? 'MissingResult';
    if (THROTTLING.has(code)) stats.throttled++;
    if (RETRYABLE_RECORD_CODES.has(code) || !r) {
      failed.push(rec);
      lastCode = code;
    } else stats.recordGivenUp(code);
  }
  ctx.pacer?.observe(accepted.length, stats.throttled - throttledBefore);
  if (accepted.length && ctx.onAccepted) await ctx.onAccepted(accepted);
  return { records: failed, code: lastCode };
}

/** Whole-call failures our loop retries: throttling, server faults, network trouble. Client errors
 * (no such stream, validation, access denied) are final. */
export function isRetryableCallError(e: unknown): boolean {
  const err = e as { name?: string; code?: unknown; $fault?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (THROTTLING.has(err.name ?? '') || err.$retryable) return true;
  if (err.$fault === 'server') return true;
  const status = err.$metadata?.httpStatusCode;
  // No HTTP response: a socket error (ECONNRESET…) or a timeout is worth another try; anything else is a bug.
  if (status === undefined) return typeof err.code === 'string' || err.name === 'TimeoutError';
  return status >= 500 || status === 429;
}

function toCallError(e: unknown, stream: string): AwsCallError {
  const err = e as Error & { name: string };
  if (err.name === 'ResourceNotFoundException') {
    return new AwsCallError(`stream ${stream} not found: ${err.message}`, err.name, 'create it with `lakehouse up`');
  }
  return new AwsCallError(`PutRecords to ${stream} failed: ${err.name}: ${err.message}`, err.name);
}
