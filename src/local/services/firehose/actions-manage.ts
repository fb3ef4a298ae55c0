// CreateDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams, UpdateDestination, DeleteDeliveryStream.
import { AwsError, type JsonAction } from '../../types.js';
import type { FirehoseContext } from './context.js';
import { describeStream, DESTINATION_ID } from './describe.js';
import { alreadyExists, invalidArgument, inUse, validation } from './errors.js';
import type { DeliveryStreamRecord } from './store.js';
import { checkRoleArn, validateDestination } from './validate-destination.js';
import { validateIceberg } from './validate-iceberg.js';
import { checkKindShapes, configuredKinds, validateKind, type DestinationKind } from './destinations.js';
import { updatedDestination } from './update-destination.js';
import { validateTags } from './actions-tags.js';
import { encryptionAtCreate } from './actions-encryption.js';

const NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
const STREAM_ARN = /^arn:.*:kinesis:[a-zA-Z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]+$/;

export function manageActions(ctx: FirehoseContext): Record<string, JsonAction> {
  const { env } = ctx;
  return {
    CreateDeliveryStream(input) {
      const name = input.DeliveryStreamName;
      const kinds = configuredKinds(input);
      // The shape constraints of the name and of one of these destinations: one ValidationException for all.
      if (kinds.length === 1) checkKindShapes(kinds[0]!, input);
      if (typeof name !== 'string' || !NAME.test(name)) {
        throw validation('deliveryStreamName', name ?? null, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+');
      }
      const type = input.DeliveryStreamType ?? 'DirectPut';
      if (type !== 'DirectPut' && type !== 'KinesisStreamAsSource') {
        throw invalidArgument(`DeliveryStreamType ${type} is not supported by the local emulator.`);
      }
      const given = [input.ExtendedS3DestinationConfiguration, input.S3DestinationConfiguration, input.IcebergDestinationConfiguration, ...kinds].filter(Boolean);
      if (given.length !== 1) throw invalidArgument('Exactly one destination configuration must be specified.');
      // An Iceberg destination is stored as its (validated) IcebergDestinationConfiguration: the delivery
      // engine tells it from an S3 one by its CatalogConfiguration. The other kinds are named by destinationKind.
      const destinationKind: DestinationKind | undefined = kinds[0];
      const destination = destinationKind
        ? validateKind(destinationKind, input)
        : input.IcebergDestinationConfiguration
        ? validateIceberg(input.IcebergDestinationConfiguration, 'icebergDestinationConfiguration', { region: env.region, accountId: env.accountId, glue: ctx.glue })
        : input.ExtendedS3DestinationConfiguration
          ? validateDestination(input.ExtendedS3DestinationConfiguration, 'extendedS3DestinationConfiguration')
          : validateDestination(input.S3DestinationConfiguration, 's3DestinationConfiguration');
      let source: DeliveryStreamRecord['source'];
      if (type === 'KinesisStreamAsSource') {
        const cfg = input.KinesisStreamSourceConfiguration;
        if (!cfg) throw invalidArgument('KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource.');
        if (typeof cfg.KinesisStreamARN !== 'string' || !STREAM_ARN.test(cfg.KinesisStreamARN)) {
          throw validation('kinesisStreamSourceConfiguration.kinesisStreamARN', cfg.KinesisStreamARN ?? null, 'Member must satisfy regular expression pattern: arn:.*');
        }
        checkRoleArn(cfg.RoleARN, 'kinesisStreamSourceConfiguration.roleARN');
        const stream = ctx.kinesis.nameFromArn(cfg.KinesisStreamARN);
        if (!stream || !ctx.kinesis.describe(stream)) {
          throw invalidArgument(`Stream ${stream ?? cfg.KinesisStreamARN} under account ${env.accountId} not found.`);
        }
        source = { streamArn: cfg.KinesisStreamARN, roleArn: cfg.RoleARN };
      } else if (input.KinesisStreamSourceConfiguration) {
        throw invalidArgument('KinesisStreamSourceConfiguration can only be specified when DeliveryStreamType is KinesisStreamAsSource.');
      }
      const tags = validateTags(input.Tags ?? []);
      const encryption = encryptionAtCreate(input, type);
      if (ctx.find(name)) throw alreadyExists(name, env.accountId);
      const rec: DeliveryStreamRecord = {
        name,
        arn: `arn:aws:firehose:${env.region}:${env.accountId}:deliverystream/${name}`,
        type,
        createdAt: env.now(),
        versionId: 1,
        source,
        destination,
        ...(destinationKind ? { destinationKind } : {}),
        ...(encryption ? { encryption } : {}),
        tags,
      };
      ctx.store.put(rec);
      ctx.engine.kick(0);
      return { DeliveryStreamARN: rec.arn };
    },

    DescribeDeliveryStream(input) {
      const rec = ctx.require(input.DeliveryStreamName);
      return { DeliveryStreamDescription: describeStream(rec, ctx.status(rec)) };
    },

    ListDeliveryStreams(input) {
      const limit = input.Limit ?? 10;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10000) {
        throw validation('limit', limit, 'Member must have value between 1 and 10000');
      }
      const names = ctx
        .list()
        .filter((r) => !input.DeliveryStreamType || r.type === input.DeliveryStreamType)
        .map((r) => r.name)
        .sort()
        .filter((n) => !input.ExclusiveStartDeliveryStreamName || n > input.ExclusiveStartDeliveryStreamName);
      return { DeliveryStreamNames: names.slice(0, limit), HasMoreDeliveryStreams: names.length > limit };
    },

    UpdateDestination(input) {
      const rec = ctx.require(input.DeliveryStreamName);
      const status = ctx.status(rec);
      if (status !== 'ACTIVE') throw inUse(rec.name, status);
      if (input.DestinationId !== DESTINATION_ID) {
        throw invalidArgument(`Destination ${input.DestinationId} not found for Firehose ${rec.name}.`);
      }
      if (String(input.CurrentDeliveryStreamVersionId) !== String(rec.versionId)) {
        throw new AwsError(
          'ConcurrentModificationException',
          `Firehose ${rec.name} has been updated; the current version is ${rec.versionId}, not ${input.CurrentDeliveryStreamVersionId}.`,
        );
      }
      const next = updatedDestination(rec, input, { region: env.region, accountId: env.accountId, glue: ctx.glue });
      rec.destination = next.destination;
      if (next.destinationKind) rec.destinationKind = next.destinationKind;
      else delete rec.destinationKind;
      rec.versionId += 1;
      rec.updatedAt = env.now();
      ctx.store.put(rec);
      return {};
    },

    DeleteDeliveryStream(input) {
      const rec = ctx.require(input.DeliveryStreamName);
      if (rec.deletingAt === undefined) {
        rec.deletingAt = env.now();
        ctx.store.put(rec);
      }
      return {};
    },
  };
}
