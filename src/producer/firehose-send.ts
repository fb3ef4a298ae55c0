// One send of a batch for a `source: direct_put` pipeline: Firehose PutRecordBatch instead of Kinesis
// PutRecords. The batch (packed for PutRecords' 5 MiB) is cut into calls of at most 500 records and 4 MiB of
// data; a record over 1,000 KiB is given up (Firehose refuses the whole call for it). Records Firehose fails
// inside a 200 answer (ServiceUnavailableException, InternalFailure: the two codes it documents) go back to
// the retry queue exactly as PutRecords' refused records do.
import { PutRecordBatchCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import { AwsCallError } from '../errors.js';
import type { BatchRecord } from './batch.js';
import { diskFullStop, isDiskFullError } from './disk-full.js';
import type { Leftover, SendContext } from './send.js';

/** Firehose PutRecordBatch limits (AWS API model and the Firehose quotas page). */
export const FIREHOSE_MAX_RECORDS_PER_CALL = 500;
export const FIREHOSE_MAX_CALL_BYTES = 4 * 1024 * 1024;
export const FIREHOSE_MAX_RECORD_BYTES = 1_024_000;

const RETRYABLE_RECORD_CODES = new Set(['ServiceUnavailableException', 'InternalFailure']);
/** Firehose says "slow down" with ServiceUnavailableException, per record or for the whole call. */
const THROTTLING = new Set(['ServiceUnavailableException', 'ThrottlingException', 'LimitExceededException']);

export interface DirectPutTarget {
  firehose: FirehoseClient;
  deliveryStreamName: string;
}

/** Cuts records into PutRecordBatch-sized calls; records too large for any call are returned apart. */
export function firehoseCalls(records: BatchRecord[]): { calls: BatchRecord[][]; oversized: number } {
  const calls: BatchRecord[][] = [];
  let current: BatchRecord[] = [];
  let bytes = 0;
  let oversized = 0;
  for (const r of records) {
    const size = r.Data.byteLength;
    if (size > FIREHOSE_MAX_RECORD_BYTES) {
      oversized++;
      continue;
    }
    if (current.length && (current.length >= FIREHOSE_MAX_RECORDS_PER_CALL || bytes + size > FIREHOSE_MAX_CALL_BYTES)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length) calls.push(current);
  return { calls, oversized };
}

/** PutRecordBatch calls for `records`, one after the other: counts what Firehose accepted, gives up what
 * cannot succeed, returns the records worth another try. Throws AwsCallError when a call failed for good. */
export async function putBatchOnce(ctx: SendContext, target: DirectPutTarget, records: BatchRecord[], retryable: (e: unknown) => boolean): Promise<Leftover> {
  const { stats } = ctx;
  const { calls, oversized } = firehoseCalls(records);
  if (oversized) stats.recordGivenUp('RecordTooLarge', oversized);
  const left: Leftover = { records: [], code: '' };
  for (const call of calls) {
    stats.requests++;
    let results;
    try {
      const out = await target.firehose.send(
        new PutRecordBatchCommand({ DeliveryStreamName: target.deliveryStreamName, Records: call.map((r) => ({ Data: r.Data })) }),
      );
      results = out.RequestResponses ?? [];
    } catch (e) {
      if (isDiskFullError(e)) throw diskFullStop(e);
      if (!retryable(e)) throw (e as { $metadata?: unknown }).$metadata ? toCallError(e, target.deliveryStreamName) : e;
      const code = (e as Error).name;
      if (THROTTLING.has(code)) {
        stats.throttled += call.length;
        ctx.pacer?.observe(0, call.length);
      }
      left.records.push(...call);
      left.code = code;
      left.whole = true;
      continue;
    }
    const throttledBefore = stats.throttled;
    const accepted: BatchRecord[] = [];
    for (let i = 0; i < call.length; i++) {
      const r = results[i];
      const rec = call[i]!;
      if (r?.RecordId && !r.ErrorCode) {
        stats.recordAcceptedDirect(rec.Data.byteLength);
        accepted.push(rec);
        continue;
      }
      const code = r?.ErrorCode ?? 'MissingResult';
      if (THROTTLING.has(code)) stats.throttled++;
      if (RETRYABLE_RECORD_CODES.has(code) || !r) {
        left.records.push(rec);
        left.code = code;
      } else stats.recordGivenUp(code);
    }
    ctx.pacer?.observe(accepted.length, stats.throttled - throttledBefore);
    if (accepted.length && ctx.onAccepted) await ctx.onAccepted(accepted);
  }
  return left;
}

function toCallError(e: unknown, name: string): AwsCallError {
  const err = e as Error & { name: string };
  if (err.name === 'ResourceNotFoundException') {
    return new AwsCallError(`delivery stream ${name} not found: ${err.message}`, err.name, 'create it with `lakehouse up`');
  }
  return new AwsCallError(`PutRecordBatch to ${name} failed: ${err.name}: ${err.message}`, err.name);
}
