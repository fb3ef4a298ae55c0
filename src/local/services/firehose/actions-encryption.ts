// StartDeliveryStreamEncryption and StopDeliveryStreamEncryption (and CreateDeliveryStream's
// DeliveryStreamEncryptionConfigurationInput): server-side encryption settings of a DirectPut stream, stored and
// shown in DescribeDeliveryStream's DeliveryStreamEncryptionConfiguration.
// AWS supports SSE only for DirectPut sources (a Kinesis source is encrypted by Kinesis itself). The
// local lake is plain files: the setting changes what AWS would report, not the bytes written.
import { validate } from '../../kit/validate.js';
import type { JsonAction } from '../../types.js';
import type { FirehoseContext } from './context.js';
import { inUse, invalidArgument } from './errors.js';
import type { DeliveryStreamRecord } from './store.js';

const DeliveryStreamName = { type: 'string', required: true, min: 1, max: 64, pattern: '[a-zA-Z0-9_.-]+' } as const;
const KMS_ARN = 'arn:.*:kms:[a-zA-Z0-9\\-]+:\\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\\-_/]+';

function activeDirectPut(ctx: FirehoseContext, name: string): DeliveryStreamRecord {
  const rec = ctx.require(name);
  const status = ctx.status(rec);
  if (status !== 'ACTIVE') throw inUse(rec.name, status);
  if (rec.type !== 'DirectPut') {
    throw invalidArgument(`Firehose ${rec.name} has a ${rec.type} source; server-side encryption applies only to DirectPut streams (the source stream is encrypted by Kinesis).`);
  }
  return rec;
}

const CONFIG_INPUT = {
  type: 'structure',
  members: {
    KeyARN: { type: 'string', min: 1, max: 512, pattern: KMS_ARN },
    KeyType: { type: 'string', required: true, enum: ['AWS_OWNED_CMK', 'CUSTOMER_MANAGED_CMK'] },
  },
} as const;

/** The encryption a (validated) DeliveryStreamEncryptionConfigurationInput turns on. */
function enabled(conf: { KeyType: string; KeyARN?: string }): NonNullable<DeliveryStreamRecord['encryption']> {
  if (conf.KeyType === 'CUSTOMER_MANAGED_CMK' && !conf.KeyARN) {
    throw invalidArgument('KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.');
  }
  if (conf.KeyType === 'AWS_OWNED_CMK' && conf.KeyARN) {
    throw invalidArgument('KeyARN must not be specified when KeyType is AWS_OWNED_CMK.');
  }
  return { Status: 'ENABLED', KeyType: conf.KeyType, ...(conf.KeyARN ? { KeyARN: conf.KeyARN } : {}) };
}

/** CreateDeliveryStream's DeliveryStreamEncryptionConfigurationInput: SSE from the start, DirectPut only. */
export function encryptionAtCreate(input: Record<string, any>, type: string): DeliveryStreamRecord['encryption'] {
  const conf = input.DeliveryStreamEncryptionConfigurationInput;
  if (conf === undefined) return undefined;
  validate({ DeliveryStreamEncryptionConfigurationInput: conf }, { DeliveryStreamEncryptionConfigurationInput: CONFIG_INPUT });
  if (type !== 'DirectPut') {
    throw invalidArgument(`Firehose ${input.DeliveryStreamName} has a ${type} source; server-side encryption applies only to DirectPut streams (the source stream is encrypted by Kinesis).`);
  }
  return enabled(conf);
}

export function encryptionActions(ctx: FirehoseContext): Record<string, JsonAction> {
  return {
    StartDeliveryStreamEncryption(input) {
      validate(input, { DeliveryStreamName, DeliveryStreamEncryptionConfigurationInput: CONFIG_INPUT });
      const rec = activeDirectPut(ctx, input.DeliveryStreamName);
      rec.encryption = enabled(input.DeliveryStreamEncryptionConfigurationInput ?? { KeyType: 'AWS_OWNED_CMK' });
      ctx.store.put(rec);
      return {};
    },
    StopDeliveryStreamEncryption(input) {
      validate(input, { DeliveryStreamName });
      const rec = activeDirectPut(ctx, input.DeliveryStreamName);
      rec.encryption = { Status: 'DISABLED' };
      ctx.store.put(rec);
      return {};
    },
  };
}
