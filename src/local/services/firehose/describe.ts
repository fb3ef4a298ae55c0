// DescribeDeliveryStream's DeliveryStreamDescription, built from the stored record.
import type { DeliveryStreamRecord, Status } from './store.js';
import { describeIceberg } from './validate-iceberg.js';
import { describeKind } from './destinations.js';

export const DESTINATION_ID = 'destinationId-000000000001';

export function describeStream(rec: DeliveryStreamRecord, status: Status): any {
  const d = rec.destination;
  const destination = rec.destinationKind
    ? { DestinationId: DESTINATION_ID, [`${rec.destinationKind}DestinationDescription`]: describeKind(rec.destinationKind, d) }
    : d.CatalogConfiguration
    ? { DestinationId: DESTINATION_ID, IcebergDestinationDescription: describeIceberg(d) }
    : s3Destination(d);
  return {
    DeliveryStreamName: rec.name,
    DeliveryStreamARN: rec.arn,
    DeliveryStreamStatus: status === 'GONE' ? 'DELETING' : status,
    DeliveryStreamEncryptionConfiguration: rec.encryption ?? { Status: 'DISABLED' },
    DeliveryStreamType: rec.type,
    VersionId: String(rec.versionId),
    CreateTimestamp: rec.createdAt / 1000,
    LastUpdateTimestamp: rec.updatedAt !== undefined ? rec.updatedAt / 1000 : undefined,
    Source: rec.source
      ? {
          KinesisStreamSourceDescription: {
            KinesisStreamARN: rec.source.streamArn,
            RoleARN: rec.source.roleArn,
            DeliveryStartTimestamp: rec.createdAt / 1000,
          },
        }
      : undefined,
    Destinations: [destination],
    HasMoreDestinations: false,
  };
}

function s3Destination(d: any): any {
  const s3Description = {
    RoleARN: d.RoleARN,
    BucketARN: d.BucketARN,
    Prefix: d.Prefix,
    ErrorOutputPrefix: d.ErrorOutputPrefix,
    BufferingHints: d.BufferingHints,
    CompressionFormat: d.CompressionFormat,
    EncryptionConfiguration: d.EncryptionConfiguration,
    CloudWatchLoggingOptions: d.CloudWatchLoggingOptions,
  };
  const extended = {
    ...s3Description,
    ProcessingConfiguration: d.ProcessingConfiguration ?? { Enabled: false, Processors: [] },
    S3BackupMode: d.S3BackupMode,
    DataFormatConversionConfiguration: d.DataFormatConversionConfiguration,
    DynamicPartitioningConfiguration: d.DynamicPartitioningConfiguration,
    FileExtension: d.FileExtension,
    CustomTimeZone: d.CustomTimeZone,
  };
  return {
    DestinationId: DESTINATION_ID,
    S3DestinationDescription: s3Description,
    ExtendedS3DestinationDescription: extended,
  };
}
