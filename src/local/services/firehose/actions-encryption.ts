// StartDeliveryStreamEncryption and StopDeliveryStreamEncryption: server-side encryption settings of a
// DirectPut stream, stored and shown in DescribeDeliveryStream's DeliveryStreamEncryptionConfiguration.
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

export function encryptionActions(ctx: FirehoseContext): Record<string, JsonAction> {
  return {
    StartDeliveryStreamEncryption(input) {
      validate(input, {
        DeliveryStreamName,
        DeliveryStreamEncryptionConfigurationInput: {
          type: 'structure',
          members: {
            KeyARN: { type: 'string', min: 1, max: 512, pattern: KMS_ARN },
            KeyType: { type: 'string', required: true, enum: ['AWS_OWNED_CMK', 'CUSTOMER_MANAGED_CMK'] },
          },
        },
      });
      const rec = activeDirectPut(ctx, input.DeliveryStreamName);
      const conf = input.DeliveryStreamEncryptionConfigurationInput ?? { KeyType: 'AWS_OWNED_CMK' };
      if (conf.KeyType === 'CUSTOMER_MANAGED_CMK' && !conf.KeyARN) {
        throw invalidArgument('KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.');
      }
      if (conf.KeyType === 'AWS_OWNED_CMK' && conf.KeyARN) {
        throw invalidArgument('KeyARN must not be specified when KeyType is AWS_OWNED_CMK.');
      }
      rec.encryption = { Status: 'ENABLED', KeyType: conf.KeyType, ...(conf.KeyARN ? { KeyARN: conf.KeyARN } : {}) };
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
