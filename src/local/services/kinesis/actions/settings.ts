// Retention period (24–8,760 hours), server-side encryption and capacity mode. Each change puts the stream in
// UPDATING for the transition delay, as AWS does.
import type { Kinesis } from '../context.js';
import { invalidArgument } from '../errors.js';
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
