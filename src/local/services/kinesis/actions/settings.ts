// Retention period (24–8,760 hours), server-side encryption, capacity mode, max record size and warm throughput. Each change puts the stream in
// UPDATING for the transition delay, as AWS does.
import type { Kinesis } from '../context.js';
import { invalidArgument, limitExceeded } from '../errors.js';
import { commitmentInForce } from './account.js';
import { findActive } from '../resolve.js';

export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8760;

function checkRange(hours: number): void {
  if (hours < MIN_RETENTION_HOURS) {
    throw invalidArgument(`Minimum allowed retention period is ${MIN_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too short.`);
  }
  if (hours > MAX_RETENTION_HOURS) {
    throw invalidArgument(`Maximum allowed retention period is ${MAX_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too long.`);
  }
}

export function IncreaseStreamRetentionPeriod(input: any, k: Kinesis): unknown {
  const stream = findActive(k.store, input);
  const hours: number = input.RetentionPeriodHours;
  checkRange(hours);
  if (hours < stream.meta.retentionHours) {
    throw invalidArgument(
      `Requested retention period (${hours} hours) for stream ${stream.name} can not be shorter than existing retention period (${stream.meta.retentionHours} hours). Use DecreaseRetentionPeriod API.`,
    );
  }
  if (hours !== stream.meta.retentionHours) {
    stream.meta.retentionHours = hours;
    k.store.transition(stream, 'UPDATING');
  }
  return {};
}

export function DecreaseStreamRetentionPeriod(input: any, k: Kinesis): unknown {
  const stream = findActive(k.store, input);
  const hours: number = input.RetentionPeriodHours;
  checkRange(hours);
  if (hours > stream.meta.retentionHours) {
    throw invalidArgument(
      `Requested retention period (${hours} hours) for stream ${stream.name} can not be longer than existing retention period (${stream.meta.retentionHours} hours). Use IncreaseRetentionPeriod API.`,
    );
  }
  if (hours !== stream.meta.retentionHours) {
    stream.meta.retentionHours = hours;
    k.store.transition(stream, 'UPDATING');
  }
  return {};
}

export function StartStreamEncryption(input: any, k: Kinesis): unknown {
  const stream = findActive(k.store, input);
  if (input.EncryptionType !== 'KMS') {
    throw invalidArgument(`Invalid EncryptionType ${input.EncryptionType}. Only KMS is supported for StartStreamEncryption.`);
  }
  stream.meta.encryptionType = 'KMS';
  stream.meta.keyId = input.KeyId;
  k.store.transition(stream, 'UPDATING');
  return {};
}

/** Capacity mode switch; the shards stay as they are (AWS keeps the shard count across the switch). */
export function UpdateStreamMode(input: any, k: Kinesis): unknown {
  const stream = findActive(k.store, input);
  const mode = input.StreamModeDetails.StreamMode;
  if (mode === stream.meta.mode) {
    throw invalidArgument(`Stream ${stream.name} under account ${k.store.accountId} is already in ${mode} mode.`);
  }
  stream.meta.mode = mode;
  k.store.transition(stream, 'UPDATING');
  return {};
}

export function StopStreamEncryption(input: any, k: Kinesis): unknown {
  const stream = findActive(k.store, input);
  if (input.EncryptionType !== 'KMS') {
    throw invalidArgument(`Invalid EncryptionType ${input.EncryptionType}. Only KMS is supported for StopStreamEncryption.`);
  }
  stream.meta.encryptionType = 'NONE';
  delete stream.meta.keyId;
  k.store.transition(stream, 'UPDATING');
  return {};
}

/** The largest record the stream accepts (1024–10240 KiB, checked by the rules); PutRecord(s) enforce it. */
export function UpdateMaxRecordSize(input: any, k: Kinesis): unknown {
  const stream = findActive(k.store, { StreamARN: input.StreamARN });
  stream.meta.maxRecordSizeKiB = input.MaxRecordSizeInKiB;
  k.store.transition(stream, 'UPDATING');
  return {};
}

/** AWS's default ceiling for an on-demand stream's warm throughput (10 GiBps). */
const MAX_WARM_MIBPS = 10240;

/** Stored and described (DescribeStreamSummary's WarmThroughput); no capacity is actually reserved. */
export function UpdateStreamWarmThroughput(input: any, k: Kinesis): unknown {
  const stream = findActive(k.store, input);
  const target: number = input.WarmThroughputMiBps;
  if (stream.meta.mode !== 'ON_DEMAND') {
    throw invalidArgument(`Warm throughput is only supported for on-demand streams. Stream ${stream.name} under account ${k.store.accountId} is in PROVISIONED mode.`);
  }
  if (!commitmentInForce(k)) {
    throw invalidArgument('Warm throughput requires the account to have MinimumThroughputBillingCommitment enabled (UpdateAccountSettings).');
  }
  if (target > MAX_WARM_MIBPS) {
    throw limitExceeded(`Requested warm throughput (${target} MiBps) exceeds the limit of ${MAX_WARM_MIBPS} MiBps for stream ${stream.name} under account ${k.store.accountId}.`);
  }
  stream.meta.warmThroughputMiBps = target;
  k.store.transition(stream, 'UPDATING');
  return { StreamARN: stream.meta.arn, StreamName: stream.name, WarmThroughput: { TargetMiBps: target, CurrentMiBps: target } };
}
