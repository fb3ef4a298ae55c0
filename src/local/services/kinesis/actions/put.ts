// PutRecord and PutRecords. PutRecords fails records (not the call) for throttling and injected faults,
// inside a 200 with FailedRecordCount; PutRecord fails the whole call.
import type { Kinesis } from '../context.js';
import { invalidArgument } from '../errors.js';
import { findServing } from '../resolve.js';
import { parseSeq } from '../sequence.js';
import { writeRecords, type Outcome } from '../writer.js';

function injectedFault(k: Kinesis): (() => 'ProvisionedThroughputExceededException' | 'InternalFailure' | undefined) | undefined {
  const { faults } = k.env;
  if (!faults.targets('kinesis', 'PutRecords')) return undefined;
  return () => {
    const kind = faults.forRecord('kinesis', 'PutRecords');
    if (!kind) return undefined;
    return kind === 'throttle' ? 'ProvisionedThroughputExceededException' : 'InternalFailure';
  };
}

const EXPIRE_EVERY_MS = 60_000;

export function PutRecords(input: any, k: Kinesis): unknown {
  const stream = findServing(k.store, input);
  const now = k.store.now();
  // A stream only written to still sheds expired records (lazily, at most once a minute).
  if (now - stream.expiredAt > EXPIRE_EVERY_MS) stream.expire(now);
  const out = writeRecords(stream, input.Records, {
    now,
    accountId: k.store.accountId,
    limiter: k.limiter,
    fault: injectedFault(k),
  });
  let failed = 0;
  for (const r of out) if ((r as { ErrorCode?: string }).ErrorCode) failed++;
  if (failed < out.length) k.store.notify(stream.name);
  k.metrics.kinesisPut(stream.name, input.Records, out as Array<{ ErrorCode?: string }>, now);
  return {
    FailedRecordCount: failed,
    Records: out,
    ...(stream.meta.encryptionType === 'KMS' ? { EncryptionType: 'KMS' } : {}),
  };
}

export function PutRecord(input: any, k: Kinesis): unknown {
  const stream = findServing(k.store, input);
  let minCounter: number | undefined;
  if (input.SequenceNumberForOrdering !== undefined) {
    const parsed = parseSeq(input.SequenceNumberForOrdering);
    if (!parsed || (parsed.seqTimeMs !== undefined && parsed.seqTimeMs > k.store.now())) {
      throw invalidArgument(
        `ExclusiveMinimumSequenceNumber ${input.SequenceNumberForOrdering} used in PutRecord on stream ${stream.name} under account ${k.store.accountId} is invalid.`,
      );
    }
    minCounter = parsed.counter;
  }
  const startMs = k.store.now();
  const [result] = writeRecords(stream, [input], {
    now: startMs,
    accountId: k.store.accountId,
    limiter: k.limiter,
    whole: true,
    minCounter,
  }) as [Outcome & { SequenceNumber: string; ShardId: string }];
  k.store.notify(stream.name);
  k.metrics.kinesisPut(stream.name, [input], [{}], startMs, true);
  return {
    ShardId: result.ShardId,
    SequenceNumber: result.SequenceNumber,
    ...(stream.meta.encryptionType === 'KMS' ? { EncryptionType: 'KMS' } : {}),
  };
}
