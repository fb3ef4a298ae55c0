// The destinations besides (Extended) S3 and Iceberg: Redshift, HTTP endpoint, Snowflake, Elasticsearch,
// OpenSearch Service, OpenSearch Serverless and Splunk. Each is validated with the model's rules through the
// validation kit (every problem, AWS's order and wording), then Firehose's own rules (InvalidArgumentException);
// stored with AWS's defaults filled in, and described with the DescribeDeliveryStream shapes, secrets left out.
// Delivery: src/local/engine/delivery/endpoint-batch.ts.
import { validate, type Rule } from '../../kit/validate.js';
import * as rules from './destination-rules.js';
import { invalidArgument } from './errors.js';
import { validateDestination } from './validate-destination.js';

export type DestinationKind = 'Redshift' | 'HttpEndpoint' | 'Snowflake' | 'Elasticsearch' | 'Amazonopensearchservice' | 'AmazonOpenSearchServerless' | 'Splunk';

interface KindSpec {
  /** AWS's defaults for members left out (structures are filled member by member). */
  defaults: Record<string, any>;
  /** Members never returned by DescribeDeliveryStream (credentials). */
  secrets: string[];
  /** The S3BackupMode that copies every record to S3 as well. */
  allToS3: string;
}

const HINTS_5_300 = { SizeInMBs: 5, IntervalInSeconds: 300 };
const NO_LOGS = { Enabled: false };

export const KINDS: Record<DestinationKind, KindSpec> = {
  Redshift: {
    defaults: { RetryOptions: { DurationInSeconds: 3600 }, S3BackupMode: 'Disabled', CloudWatchLoggingOptions: NO_LOGS },
    secrets: ['Password'],
    allToS3: 'Enabled',
  },
  HttpEndpoint: {
    defaults: {
      BufferingHints: HINTS_5_300,
      RetryOptions: { DurationInSeconds: 300 },
      S3BackupMode: 'FailedDataOnly',
      RequestConfiguration: { ContentEncoding: 'NONE' },
      CloudWatchLoggingOptions: NO_LOGS,
    },
    secrets: [],
    allToS3: 'AllData',
  },
  Snowflake: {
    defaults: {
      BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 0 },
      RetryOptions: { DurationInSeconds: 60 },
      S3BackupMode: 'FailedDataOnly',
      DataLoadingOption: 'JSON_MAPPING',
      CloudWatchLoggingOptions: NO_LOGS,
    },
    secrets: ['PrivateKey', 'KeyPassphrase'],
    allToS3: 'AllData',
  },
  Elasticsearch: {
    defaults: { BufferingHints: HINTS_5_300, RetryOptions: { DurationInSeconds: 300 }, IndexRotationPeriod: 'OneDay', S3BackupMode: 'FailedDocumentsOnly', CloudWatchLoggingOptions: NO_LOGS },
    secrets: [],
    allToS3: 'AllDocuments',
  },
  Amazonopensearchservice: {
    defaults: { BufferingHints: HINTS_5_300, RetryOptions: { DurationInSeconds: 300 }, IndexRotationPeriod: 'OneDay', S3BackupMode: 'FailedDocumentsOnly', CloudWatchLoggingOptions: NO_LOGS },
    secrets: [],
    allToS3: 'AllDocuments',
  },
  AmazonOpenSearchServerless: {
    defaults: { BufferingHints: HINTS_5_300, RetryOptions: { DurationInSeconds: 300 }, S3BackupMode: 'FailedDocumentsOnly', CloudWatchLoggingOptions: NO_LOGS },
    secrets: [],
    allToS3: 'AllDocuments',
  },
  Splunk: {
    defaults: {
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 60 },
      RetryOptions: { DurationInSeconds: 3600 },
      HECAcknowledgmentTimeoutInSeconds: 180,
      S3BackupMode: 'FailedEventsOnly',
      CloudWatchLoggingOptions: NO_LOGS,
    },
    secrets: [],
    allToS3: 'AllEvents',
  },
};

const NAMES = Object.keys(KINDS) as DestinationKind[];
const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);
const ruleOf = (name: string): Rule => (rules as Record<string, Rule>)[name]!;

/** The kind of the destination configuration in a CreateDeliveryStream input, if it is one of these. */
export function configuredKinds(input: Record<string, unknown>): DestinationKind[] {
  return NAMES.filter((k) => input[`${k}DestinationConfiguration`] != null);
}

export function updatedKinds(input: Record<string, unknown>): DestinationKind[] {
  return NAMES.filter((k) => input[`${k}DestinationUpdate`] != null);
}

const DeliveryStreamName: Rule = { type: 'string', required: true, min: 1, max: 64, pattern: '[a-zA-Z0-9_.-]+' };

/** CreateDeliveryStream's shape constraints for a stream with a destination of `kind` (every problem at once). */
export function checkKindShapes(kind: DestinationKind, input: Record<string, any>): void {
  const member = `${kind}DestinationConfiguration`;
  validate({ DeliveryStreamName: input.DeliveryStreamName, [member]: input[member] }, { DeliveryStreamName, [member]: { ...ruleOf(member), required: true } });
}

/** CreateDeliveryStream's configuration of `kind`, validated, with AWS's defaults. */
export function validateKind(kind: DestinationKind, input: Record<string, any>): Record<string, any> {
  checkKindShapes(kind, input);
  const member = `${kind}DestinationConfiguration`;
  return withDefaults(kind, structuredClone(input[member]), lowerFirst(member));
}

/** UpdateDestination: members left out keep their values, as with AWS; S3Update/S3BackupUpdate merge into the
 * stored S3 configurations. */
export function mergeKindUpdate(kind: DestinationKind, current: Record<string, any>, input: Record<string, any>): Record<string, any> {
  const member = `${kind}DestinationUpdate`;
  validate({ [member]: input[member] }, { [member]: ruleOf(member) });
  const { S3Update, S3BackupUpdate, ...update } = structuredClone(input[member]) as Record<string, any>;
  const merged: Record<string, any> = { ...current, ...update };
  if (update.BufferingHints) merged.BufferingHints = { ...current.BufferingHints, ...update.BufferingHints };
  if (S3Update) merged.S3Configuration = { ...current.S3Configuration, ...S3Update };
  if (S3BackupUpdate) merged.S3BackupConfiguration = { ...current.S3BackupConfiguration, ...S3BackupUpdate };
  return withDefaults(kind, merged, lowerFirst(member));
}

/** UpdateDestination to another destination type: nothing is merged, so the update must be a whole
 * configuration (the configuration's required members, checked under the update's name). */
export function replaceWithKind(kind: DestinationKind, input: Record<string, any>): Record<string, any> {
  const member = `${kind}DestinationUpdate`;
  validate({ [member]: input[member] }, { [member]: ruleOf(member) });
  const { S3Update, S3BackupUpdate, ...rest } = structuredClone(input[member]) as Record<string, any>;
  const config = { ...rest, ...(S3Update ? { S3Configuration: S3Update } : {}), ...(S3BackupUpdate ? { S3BackupConfiguration: S3BackupUpdate } : {}) };
  validate({ [member]: config }, { [member]: ruleOf(`${kind}DestinationConfiguration`) });
  return withDefaults(kind, config, lowerFirst(member));
}

function withDefaults(kind: DestinationKind, dest: Record<string, any>, member: string): Record<string, any> {
  const spec = KINDS[kind];
  checkBuffering(dest.BufferingHints);
  checkProcessing(dest.ProcessingConfiguration);
  if ((kind === 'Elasticsearch' || kind === 'Amazonopensearchservice') && (dest.DomainARN === undefined) === (dest.ClusterEndpoint === undefined)) {
    throw invalidArgument('Exactly one of DomainARN or ClusterEndpoint must be specified.');
  }
  dest.S3Configuration = s3Configuration(dest.S3Configuration, `${member}.s3Configuration`);
  if (kind === 'Redshift') {
    // Redshift's COPY cannot read these (model: "SNAPPY or ZIP cannot be specified for Amazon Redshift").
    if (['ZIP', 'Snappy', 'HADOOP_SNAPPY'].includes(dest.S3Configuration.CompressionFormat)) {
      throw invalidArgument(`CompressionFormat ${dest.S3Configuration.CompressionFormat} is not supported for an Amazon Redshift destination; use UNCOMPRESSED or GZIP.`);
    }
    if (dest.S3BackupMode === 'Enabled' && !dest.S3BackupConfiguration) throw invalidArgument('S3BackupConfiguration is required when S3BackupMode is Enabled.');
    if (dest.S3BackupConfiguration) dest.S3BackupConfiguration = s3Configuration(dest.S3BackupConfiguration, `${member}.s3BackupConfiguration`);
  }
  for (const [key, value] of Object.entries(spec.defaults)) {
    dest[key] = value !== null && typeof value === 'object' ? { ...value, ...dest[key] } : (dest[key] ?? value);
  }
  return dest;
}

/** SizeInMBs and IntervalInSeconds: both or neither (the model's documentation for every BufferingHints). */
function checkBuffering(hints: Record<string, unknown> | undefined): void {
  if (hints && (hints.SizeInMBs === undefined) !== (hints.IntervalInSeconds === undefined)) {
    throw invalidArgument('BufferingHints must specify both SizeInMBs and IntervalInSeconds, or neither.');
  }
}

function checkProcessing(cfg: { Enabled?: boolean; Processors?: Array<{ Type: string }> } | undefined): void {
  if (!cfg || cfg.Enabled === false || !cfg.Processors?.length) return;
  // Fail loudly rather than deliver unprocessed records: no Lambda (or other processor) runs locally here.
  throw invalidArgument(`The ${cfg.Processors[0]!.Type} processor is not supported for this destination by the local emulator.`);
}

/** The S3 (backup/intermediate) configuration, checked and filled as for an S3 destination. */
function s3Configuration(s3: Record<string, any>, member: string): Record<string, any> {
  const { S3BackupMode: _mode, ...out } = validateDestination(s3, member);
  return out;
}

/** DescribeDeliveryStream's <Kind>DestinationDescription: the configuration without credentials, its S3
 * configurations as S3DestinationDescription / S3BackupDescription. */
export function describeKind(kind: DestinationKind, dest: Record<string, any>): Record<string, any> {
  const { S3Configuration, S3BackupConfiguration, VpcConfiguration, ...rest } = dest;
  for (const secret of KINDS[kind].secrets) delete rest[secret];
  if (rest.EndpointConfiguration) {
    const { AccessKey: _key, ...endpoint } = rest.EndpointConfiguration;
    rest.EndpointConfiguration = endpoint;
  }
  return {
    ...rest,
    S3DestinationDescription: describeS3(S3Configuration),
    ...(S3BackupConfiguration ? { S3BackupDescription: describeS3(S3BackupConfiguration) } : {}),
    ...(VpcConfiguration ? { VpcConfigurationDescription: VpcConfiguration } : {}),
  };
}

function describeS3(s3: Record<string, any>): Record<string, any> {
  const { RoleARN, BucketARN, Prefix, ErrorOutputPrefix, BufferingHints, CompressionFormat, EncryptionConfiguration, CloudWatchLoggingOptions } = s3;
  return { RoleARN, BucketARN, Prefix, ErrorOutputPrefix, BufferingHints, CompressionFormat, EncryptionConfiguration, CloudWatchLoggingOptions };
}
