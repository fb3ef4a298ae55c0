// Validation of IcebergDestinationConfiguration (CreateDeliveryStream) and IcebergDestinationUpdate
// (UpdateDestination) as Firehose does it: the model's shape constraints (ValidationException, Coral wording),
// then Firehose's rules (InvalidArgumentException): a Glue catalog ARN of this account and region, BufferingHints
// with both members or neither, a MetadataExtraction processor on JQ-1.6 whose query parses, and, when a
// destination table names UniqueKeys, that the table exists in Glue and has those columns (AWS checks this at
// creation, which is why the table must come first). Returns the configuration with AWS's defaults filled in;
// the delivery engine (src/local/engine/delivery/iceberg-*.ts) reads exactly this shape.
import { JqSyntaxError, parseJq } from '../../engine/jq/index.js';
import type { GlueInternal } from '../../types.js';
import { invalidArgument, validation } from './errors.js';
import { checkRoleArn } from './validate-destination.js';

const CATALOG_ARN = /^arn:.*:glue:.*:\d{12}:catalog(?:(\/[a-z0-9_-]+){1,2})?$/;
const BUCKET_ARN = /^arn:.*:s3:::[\w.\-]{1,255}$/;
const TABLE_NAME = /^[a-zA-Z0-9._]+$/;
const NO_SPACE = /^\S+$/;
const COMPRESSION = ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'];
const BACKUP_MODES = ['FailedDataOnly', 'AllData'];
const PROCESSOR_TYPES = ['RecordDeAggregation', 'Decompression', 'CloudWatchLogProcessing', 'Lambda', 'MetadataExtraction', 'AppendDelimiterToRecord'];
/** Firehose's defaults for an Iceberg destination (and for its S3 error/backup configuration). */
export const ICEBERG_DEFAULT_BUFFERING = { SizeInMBs: 5, IntervalInSeconds: 300 };
export const ICEBERG_DEFAULT_RETRY_S = 300;

export interface IcebergCheckEnv {
  region: string;
  accountId: string;
  glue?: GlueInternal;
}

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function range(value: unknown, member: string, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < min) throw validation(member, value ?? null, `Member must have value greater than or equal to ${min}`);
  if ((value as number) > max) throw validation(member, value, `Member must have value less than or equal to ${max}`);
}

function length(value: unknown, member: string, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw validation(member, value ?? null, `Member must have length ${min === 0 ? 'less than or equal to' : 'between ' + min + ' and'} ${max}`);
  }
}

/** Both members or neither (Firehose refuses half a BufferingHints for Iceberg destinations). */
function buffering(hints: unknown, member: string): { SizeInMBs: number; IntervalInSeconds: number } {
  if (hints === undefined) return { ...ICEBERG_DEFAULT_BUFFERING };
  if (!isObj(hints)) throw validation(member, hints, 'Member must be a structure');
  range(hints.SizeInMBs, `${member}.sizeInMBs`, 1, 128);
  range(hints.IntervalInSeconds, `${member}.intervalInSeconds`, 0, 900);
  if ((hints.SizeInMBs === undefined) !== (hints.IntervalInSeconds === undefined)) {
    throw invalidArgument('BufferingHints must specify both SizeInMBs and IntervalInSeconds, or neither.');
  }
  if (hints.SizeInMBs === undefined) return { ...ICEBERG_DEFAULT_BUFFERING };
  return { SizeInMBs: hints.SizeInMBs, IntervalInSeconds: hints.IntervalInSeconds };
}

function s3Configuration(s3: unknown, member: string): Record<string, any> {
  if (!isObj(s3)) throw validation(member, null, 'Member must not be null');
  checkRoleArn(s3.RoleARN, `${member}.roleARN`);
  if (typeof s3.BucketARN !== 'string' || !BUCKET_ARN.test(s3.BucketARN) || s3.BucketARN.length > 2048) {
    throw validation(`${member}.bucketARN`, s3.BucketARN ?? null, 'Member must satisfy regular expression pattern: arn:.*:s3:::[\\w\\.\\-]{1,255}');
  }
  length(s3.Prefix, `${member}.prefix`, 0, 1024);
  length(s3.ErrorOutputPrefix, `${member}.errorOutputPrefix`, 0, 1024);
  const out: Record<string, any> = { ...s3, BufferingHints: buffering(s3.BufferingHints, `${member}.bufferingHints`) };
  out.CompressionFormat ??= 'UNCOMPRESSED';
  if (!COMPRESSION.includes(out.CompressionFormat)) {
    throw validation(`${member}.compressionFormat`, out.CompressionFormat, `Member must satisfy enum value set: [${COMPRESSION.join(', ')}]`);
  }
  out.EncryptionConfiguration ??= { NoEncryptionConfig: 'NoEncryption' };
  out.CloudWatchLoggingOptions ??= { Enabled: false };
  return out;
}

function tables(list: unknown, member: string): Array<Record<string, any>> {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw validation(member, list, 'Member must be a list');
  return list.map((t, i) => {
    const at = `${member}.${i + 1}.member`;
    if (!isObj(t)) throw validation(at, t ?? null, 'Member must not be null');
    for (const [k, m] of [['DestinationDatabaseName', 'destinationDatabaseName'], ['DestinationTableName', 'destinationTableName']] as const) {
      const v = t[k];
      if (typeof v !== 'string') throw validation(`${at}.${m}`, null, 'Member must not be null');
      length(v, `${at}.${m}`, 1, 255);
      if (!TABLE_NAME.test(v)) throw validation(`${at}.${m}`, v, 'Member must satisfy regular expression pattern: [a-zA-Z0-9\\.\\_]+');
    }
    if (t.UniqueKeys !== undefined) {
      if (!Array.isArray(t.UniqueKeys)) throw validation(`${at}.uniqueKeys`, t.UniqueKeys, 'Member must be a list');
      t.UniqueKeys.forEach((k: unknown, j: number) => {
        length(k, `${at}.uniqueKeys.${j + 1}.member`, 1, 1024);
        if (typeof k !== 'string' || !NO_SPACE.test(k)) throw validation(`${at}.uniqueKeys.${j + 1}.member`, k ?? null, 'Member must satisfy regular expression pattern: ^\\S+$');
      });
    }
    length(t.S3ErrorOutputPrefix, `${at}.s3ErrorOutputPrefix`, 0, 1024);
    const identity = t.PartitionSpec?.Identity;
    if (identity !== undefined && (!Array.isArray(identity) || identity.some((f: any) => typeof f?.SourceName !== 'string' || !NO_SPACE.test(f.SourceName)))) {
      throw validation(`${at}.partitionSpec.identity`, identity, 'Member must satisfy regular expression pattern: ^\\S+$');
    }
    return { ...t };
  });
}

function processing(cfg: unknown, member: string): Record<string, any> | undefined {
  if (cfg === undefined) return undefined;
  if (!isObj(cfg)) throw validation(member, cfg, 'Member must be a structure');
  const processors: any[] = cfg.Processors ?? [];
  for (const [i, p] of processors.entries()) {
    if (!PROCESSOR_TYPES.includes(p?.Type)) {
      throw validation(`${member}.processors.${i + 1}.member.type`, p?.Type ?? null, `Member must satisfy enum value set: [${PROCESSOR_TYPES.join(', ')}]`);
    }
    if (p.Type === 'Lambda') throw invalidArgument('The Lambda processor is not supported by the local emulator (no Lambda runs locally).');
    if (p.Type !== 'MetadataExtraction') throw invalidArgument(`Processor type ${p.Type} is not supported for an Iceberg destination by the local emulator.`);
    const param = (name: string) => (p.Parameters ?? []).find((x: any) => x?.ParameterName === name)?.ParameterValue;
    const query = param('MetadataExtractionQuery');
    if (typeof query !== 'string' || !query.trim()) throw invalidArgument('The MetadataExtraction processor requires a MetadataExtractionQuery parameter.');
    if (query.length > 5120) throw validation(`${member}.processors.${i + 1}.member.parameters`, query, 'Member must have length less than or equal to 5120');
    if (param('JsonParsingEngine') !== 'JQ-1.6') throw invalidArgument('The MetadataExtraction processor requires JsonParsingEngine JQ-1.6.');
    try {
      parseJq(query);
    } catch (e) {
      if (e instanceof JqSyntaxError) throw invalidArgument(`MetadataExtractionQuery is not a valid JQ expression: ${e.message}`);
      throw e;
    }
  }
  return { Enabled: cfg.Enabled ?? processors.length > 0, Processors: processors };
}

/** The catalog must be this account's Glue Data Catalog in this region (the only one Firehose can reach). */
function catalog(cfg: unknown, member: string, env: IcebergCheckEnv): Record<string, any> {
  if (!isObj(cfg)) throw validation(member, null, 'Member must not be null');
  const arn = cfg.CatalogARN;
  if (typeof arn !== 'string') throw invalidArgument('CatalogConfiguration.CatalogARN is required for an Iceberg destination.');
  length(arn, `${member}.catalogARN`, 1, 512);
  if (!CATALOG_ARN.test(arn)) {
    throw validation(`${member}.catalogARN`, arn, 'Member must satisfy regular expression pattern: arn:.*:glue:.*:\\d{12}:catalog(?:(/[a-z0-9_-]+){1,2})?');
  }
  const [, , , region, account] = arn.split(':');
  if (region !== env.region || account !== env.accountId) {
    throw invalidArgument(`Catalog ${arn} is not the Glue Data Catalog of account ${env.accountId} in region ${env.region}.`);
  }
  if (cfg.WarehouseLocation !== undefined) {
    length(cfg.WarehouseLocation, `${member}.warehouseLocation`, 1, 2048);
    if (!/^s3:\/\/.*$/.test(cfg.WarehouseLocation)) throw validation(`${member}.warehouseLocation`, cfg.WarehouseLocation, 'Member must satisfy regular expression pattern: s3:\\/\\/.*');
  }
  return { ...cfg };
}

/** With UniqueKeys, Firehose checks at creation that the table exists (as an Iceberg table) with those columns. */
function checkTables(list: Array<Record<string, any>>, env: IcebergCheckEnv): void {
  for (const t of list) {
    if (!t.UniqueKeys?.length) continue;
    const table = env.glue?.getTable(t.DestinationDatabaseName, t.DestinationTableName);
    if (!table) {
      throw invalidArgument(`Table ${t.DestinationDatabaseName}.${t.DestinationTableName} was not found in the Glue Data Catalog; a destination table with UniqueKeys must exist when the delivery stream is created.`);
    }
    if ((table.Parameters?.table_type ?? '').toUpperCase() !== 'ICEBERG') {
      throw invalidArgument(`Table ${t.DestinationDatabaseName}.${t.DestinationTableName} is not an Apache Iceberg table.`);
    }
    const columns = new Set<string>((table.StorageDescriptor?.Columns ?? []).map((c: any) => String(c.Name).toLowerCase()));
    const missing = t.UniqueKeys.filter((k: string) => !columns.has(k.toLowerCase()));
    if (missing.length) {
      throw invalidArgument(`UniqueKeys ${missing.join(', ')} are not columns of table ${t.DestinationDatabaseName}.${t.DestinationTableName}.`);
    }
  }
}

export function validateIceberg(input: unknown, member: string, env: IcebergCheckEnv): Record<string, any> {
  if (!isObj(input)) throw invalidArgument(`${member} is required.`);
  checkRoleArn(input.RoleARN, `${member}.roleARN`);
  const out: Record<string, any> = { ...structuredClone(input) };
  out.CatalogConfiguration = catalog(input.CatalogConfiguration, `${member}.catalogConfiguration`, env);
  out.S3Configuration = s3Configuration(input.S3Configuration, `${member}.s3Configuration`);
  out.DestinationTableConfigurationList = tables(input.DestinationTableConfigurationList, `${member}.destinationTableConfigurationList`);
  out.BufferingHints = buffering(input.BufferingHints, `${member}.bufferingHints`);
  const proc = processing(input.ProcessingConfiguration, `${member}.processingConfiguration`);
  if (proc) out.ProcessingConfiguration = proc;
  out.S3BackupMode ??= 'FailedDataOnly';
  if (!BACKUP_MODES.includes(out.S3BackupMode)) throw validation(`${member}.s3BackupMode`, out.S3BackupMode, `Member must satisfy enum value set: [${BACKUP_MODES.join(', ')}]`);
  range(input.RetryOptions?.DurationInSeconds, `${member}.retryOptions.durationInSeconds`, 0, 7200);
  out.RetryOptions = { DurationInSeconds: input.RetryOptions?.DurationInSeconds ?? ICEBERG_DEFAULT_RETRY_S };
  for (const k of ['SchemaEvolutionConfiguration', 'TableCreationConfiguration'] as const) {
    const c = input[k];
    if (c === undefined) continue;
    if (!isObj(c) || typeof c.Enabled !== 'boolean') throw validation(`${member}.${k[0]!.toLowerCase()}${k.slice(1)}.enabled`, null, 'Member must not be null');
    // Fail loudly rather than deliver differently from AWS: no local schema evolution or table creation.
    if (c.Enabled) throw invalidArgument(`${k} is not supported by the local emulator; create the table first (Glue CreateTable) and keep its schema.`);
  }
  if (input.AppendOnly !== undefined && typeof input.AppendOnly !== 'boolean') throw validation(`${member}.appendOnly`, input.AppendOnly, 'Member must be a boolean');
  out.CloudWatchLoggingOptions ??= { Enabled: false };
  checkTables(out.DestinationTableConfigurationList, env);
  return out;
}

/** UpdateDestination: members left out keep their values (as with AWS); AppendOnly is fixed at creation. */
export function mergeIcebergUpdate(current: Record<string, any>, update: unknown, env: IcebergCheckEnv): Record<string, any> {
  if (!isObj(update)) throw invalidArgument('An IcebergDestinationUpdate is required.');
  if (update.AppendOnly !== undefined && update.AppendOnly !== (current.AppendOnly ?? false)) {
    throw invalidArgument('AppendOnly can only be set when the delivery stream is created.');
  }
  const merged: Record<string, any> = { ...current, ...update };
  if (isObj(update.S3Configuration)) merged.S3Configuration = { ...current.S3Configuration, ...update.S3Configuration };
  return validateIceberg(merged, 'icebergDestinationUpdate', env);
}

/** DescribeDeliveryStream's IcebergDestinationDescription for a stored configuration. */
export function describeIceberg(d: Record<string, any>): Record<string, any> {
  const s3 = d.S3Configuration;
  return {
    DestinationTableConfigurationList: d.DestinationTableConfigurationList,
    ...(d.SchemaEvolutionConfiguration ? { SchemaEvolutionConfiguration: d.SchemaEvolutionConfiguration } : {}),
    ...(d.TableCreationConfiguration ? { TableCreationConfiguration: d.TableCreationConfiguration } : {}),
    BufferingHints: d.BufferingHints,
    CloudWatchLoggingOptions: d.CloudWatchLoggingOptions,
    ProcessingConfiguration: d.ProcessingConfiguration ?? { Enabled: false, Processors: [] },
    S3BackupMode: d.S3BackupMode,
    RetryOptions: d.RetryOptions,
    RoleARN: d.RoleARN,
    AppendOnly: d.AppendOnly ?? false,
    CatalogConfiguration: d.CatalogConfiguration,
    S3DestinationDescription: {
      RoleARN: s3.RoleARN,
      BucketARN: s3.BucketARN,
      ...(s3.Prefix !== undefined ? { Prefix: s3.Prefix } : {}),
      ...(s3.ErrorOutputPrefix !== undefined ? { ErrorOutputPrefix: s3.ErrorOutputPrefix } : {}),
      BufferingHints: s3.BufferingHints,
      CompressionFormat: s3.CompressionFormat,
      EncryptionConfiguration: s3.EncryptionConfiguration,
      CloudWatchLoggingOptions: s3.CloudWatchLoggingOptions,
    },
  };
}
