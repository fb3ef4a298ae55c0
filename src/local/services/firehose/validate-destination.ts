// Validation of ExtendedS3DestinationConfiguration (and the plain S3DestinationConfiguration, which is a
// subset) as AWS does it, returning the configuration with AWS's defaults filled in.
import { hasExpressions, parsePrefix } from '../../engine/delivery/prefix.js';
import { invalidArgument, validation } from './errors.js';
import { validateDynamicPartitioning } from './validate-dynamic.js';

const ROLE_ARN = /^arn:.*:iam::\d{12}:role\/[a-zA-Z_0-9+=,.@\-_/]+$/;
const BUCKET_ARN = /^arn:.*:s3:::[\w.\-]{1,255}$/;
const COMPRESSION = ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'];
const PARQUET_COMPRESSION = ['UNCOMPRESSED', 'GZIP', 'SNAPPY'];

export function checkRoleArn(value: unknown, member: string): void {
  if (typeof value !== 'string' || value.length < 1 || value.length > 512 || !ROLE_ARN.test(value)) {
    throw validation(member, value ?? null, 'Member must satisfy regular expression pattern: arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+');
  }
}

export function conversionEnabled(dest: any): boolean {
  const c = dest?.DataFormatConversionConfiguration;
  return !!c && c.Enabled !== false;
}

/** `member` is the request member name for messages, e.g. `extendedS3DestinationConfiguration`. */
export function validateDestination(input: any, member: string): any {
  if (!input || typeof input !== 'object') throw invalidArgument(`${member} is required.`);
  checkRoleArn(input.RoleARN, `${member}.roleARN`);
  if (typeof input.BucketARN !== 'string' || !BUCKET_ARN.test(input.BucketARN)) {
    throw validation(`${member}.bucketARN`, input.BucketARN ?? null, 'Member must satisfy regular expression pattern: arn:.*:s3:::[\\w\\.\\-]{1,255}');
  }
  const dest = structuredClone(input);
  const converting = conversionEnabled(dest);
  validateBuffering(dest, member, converting);
  dest.CompressionFormat ??= 'UNCOMPRESSED';
  if (!COMPRESSION.includes(dest.CompressionFormat)) {
    throw validation(`${member}.compressionFormat`, dest.CompressionFormat, `Member must satisfy enum value set: [${COMPRESSION.join(', ')}]`);
  }
  if (converting && dest.CompressionFormat !== 'UNCOMPRESSED') {
    throw invalidArgument('CompressionFormat must be set to UNCOMPRESSED when DataFormatConversionConfiguration is enabled.');
  }
  if (dest.DataFormatConversionConfiguration) validateConversion(dest.DataFormatConversionConfiguration, converting);
  validatePrefixes(dest);
  validateDynamicPartitioning(dest, member);
  if (dest.FileExtension !== undefined && !/^$|^\.[0-9a-z!\-_.*'()]+$/.test(dest.FileExtension)) {
    throw validation(`${member}.fileExtension`, dest.FileExtension, "Member must satisfy regular expression pattern: ^$|\\.[0-9a-z!\\-_.*'()]+");
  }
  dest.EncryptionConfiguration ??= { NoEncryptionConfig: 'NoEncryption' };
  dest.CloudWatchLoggingOptions ??= { Enabled: false };
  dest.S3BackupMode ??= 'Disabled';
  return dest;
}

function validateBuffering(dest: any, member: string, converting: boolean): void {
  const hints = dest.BufferingHints ?? {};
  const size = hints.SizeInMBs ?? (converting ? 128 : 5);
  const interval = hints.IntervalInSeconds ?? 300;
  if (!Number.isInteger(size) || size < 1 || size > 128) {
    throw validation(`${member}.bufferingHints.sizeInMBs`, size, 'Member must have value less than or equal to 128');
  }
  if (!Number.isInteger(interval) || interval < 0 || interval > 900) {
    throw validation(`${member}.bufferingHints.intervalInSeconds`, interval, 'Member must have value less than or equal to 900');
  }
  if (converting && size < 64) {
    throw invalidArgument('BufferingHints.SizeInMBs must be at least 64 when data format conversion is enabled.');
  }
  dest.BufferingHints = { SizeInMBs: size, IntervalInSeconds: interval };
}

function validateConversion(conv: any, enabled: boolean): void {
  if (!enabled) return;
  const des = conv.InputFormatConfiguration?.Deserializer;
  const ser = conv.OutputFormatConfiguration?.Serializer;
  const schema = conv.SchemaConfiguration;
  if (!des || (!des.OpenXJsonSerDe && !des.HiveJsonSerDe)) {
    throw invalidArgument('InputFormatConfiguration.Deserializer is required when DataFormatConversionConfiguration is enabled.');
  }
  if (!ser || (!ser.ParquetSerDe && !ser.OrcSerDe)) {
    throw invalidArgument('OutputFormatConfiguration.Serializer is required when DataFormatConversionConfiguration is enabled.');
  }
  if (ser.OrcSerDe) throw invalidArgument('The ORC serializer is not supported by the local emulator; use ParquetSerDe.');
  const pc = ser.ParquetSerDe.Compression;
  if (pc !== undefined && !PARQUET_COMPRESSION.includes(pc)) {
    throw validation('parquetSerDe.compression', pc, `Member must satisfy enum value set: [${PARQUET_COMPRESSION.join(', ')}]`);
  }
  if (!schema?.DatabaseName || !schema?.TableName || !schema?.RoleARN) {
    throw invalidArgument('SchemaConfiguration requires DatabaseName, TableName and RoleARN when DataFormatConversionConfiguration is enabled.');
  }
  checkRoleArn(schema.RoleARN, 'schemaConfiguration.roleARN');
  schema.VersionId ??= 'LATEST';
  conv.Enabled = true;
}

function validatePrefixes(dest: any): void {
  const prefix: string | undefined = dest.Prefix;
  const errorPrefix: string | undefined = dest.ErrorOutputPrefix;
  for (const [value, isError] of [
    [prefix, false],
    [errorPrefix, true],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > 1024) throw invalidArgument('Prefix and ErrorOutputPrefix must be strings of at most 1024 characters.');
    try {
      parsePrefix(value, { errorPrefix: isError, dynamic: dest.DynamicPartitioningConfiguration?.Enabled === true });
    } catch (e) {
      throw invalidArgument((e as Error).message);
    }
  }
  if (hasExpressions(prefix) && !errorPrefix) {
    throw invalidArgument('ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.');
  }
  if (hasExpressions(errorPrefix) && !errorPrefix!.includes('!{firehose:error-output-type}')) {
    throw invalidArgument('ErrorOutputPrefix must contain !{firehose:error-output-type} when it contains expressions.');
  }
}
