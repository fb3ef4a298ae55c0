// S3 keys of delivered objects: `<evaluated prefix><stream>-<version>-YYYY-MM-dd-HH-mm-ss-<uuid><ext>`.
// The uuid (and !{firehose:random-string}) are derived from the batch identity, not drawn at random, so a
// flush redone after a crash writes the very same keys.
import { createHash } from 'node:crypto';
import { evaluatePrefix, formatUtc } from './prefix.js';

export interface BatchIdentity {
  deliveryStream: string;
  /** createdAt of the delivery stream (a re-created stream of the same name gets new ids). */
  incarnation: number;
  shardId: string;
  firstSequence: string;
  lastSequence: string;
  /** The dynamic partition's keys (one object per partition per batch). */
  partition?: string;
}

export interface BatchNames {
  uuid: string;
  randomString: string;
}

export function batchNames(id: BatchIdentity): BatchNames {
  const hex = createHash('sha256')
    .update([id.deliveryStream, id.incarnation, id.shardId, id.firstSequence, id.lastSequence, ...(id.partition ? [id.partition] : [])].join('|'))
    .digest('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let randomString = '';
  for (let i = 0; i < 11; i++) randomString += alphabet[parseInt(hex.slice(32 + i * 2, 34 + i * 2), 16) % alphabet.length];
  return { uuid, randomString };
}

export interface KeyInput {
  prefix: string | undefined;
  errorPrefix?: boolean;
  errorOutputType?: string;
  deliveryStream: string;
  version: number;
  /** Arrival (ms) of the oldest record in the object. */
  timestamp: number;
  names: BatchNames;
  extension: string;
  partitionKeys?: Record<string, string>;
}

export function objectKey(k: KeyInput): string {
  let prefix = k.prefix ?? '';
  // Without an error prefix AWS files failures under `<error-output-type>/YYYY/MM/dd/HH/`.
  if (k.errorPrefix && !prefix) prefix = '!{firehose:error-output-type}/';
  const evaluated = evaluatePrefix(
    prefix,
    { timestamp: k.timestamp, randomString: k.names.randomString, errorOutputType: k.errorOutputType, partitionKeys: k.partitionKeys },
    { errorPrefix: !!k.errorPrefix },
  );
  const time = formatUtc('yyyy-MM-dd-HH-mm-ss', k.timestamp);
  return `${evaluated}${k.deliveryStream}-${k.version}-${time}-${k.names.uuid}${k.extension}`;
}

export function bucketFromArn(arn: string): string {
  return arn.slice(arn.indexOf(':::') + 3);
}
