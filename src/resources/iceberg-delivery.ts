// The Firehose destination of a `table.format: iceberg` pipeline: IcebergDestinationConfiguration with the
// Glue catalog, the one destination table (its UniqueKeys and error prefix), buffering, failed records backed
// up to the bucket, and, with unique keys, a MetadataExtraction processor whose JQ-1.6 query routes every
// record to the table with the operation its operation field carries (insert when missing).
import type { IcebergDestinationConfiguration, IcebergDestinationDescription } from '@aws-sdk/client-firehose';
import type { Pipeline } from '../config/types.js';
import { arn } from './arns.js';
import type { ArnIds, Props, ResourceContext, Value } from './types.js';

/** Firehose's default for how long it retries a failing Iceberg commit. */
export const ICEBERG_RETRY_S = 300;

/** The routing query: `{destinationDatabaseName: "db", destinationTableName: "t", operation: (.op // "insert")}`. */
export function icebergRoutingQuery(p: Pipeline): string | undefined {
  const field = p.table.iceberg?.operationField;
  if (!field) return undefined;
  return `{destinationDatabaseName: ${JSON.stringify(p.table.database)}, destinationTableName: ${JSON.stringify(p.table.name)}, operation: (.${field} // "insert")}`;
}

function tableConfig(p: Pipeline) {
  const keys = p.table.iceberg?.uniqueKeys ?? [];
  return {
    DestinationDatabaseName: p.table.database,
    DestinationTableName: p.table.name,
    ...(keys.length ? { UniqueKeys: keys } : {}),
    S3ErrorOutputPrefix: p.delivery.errorPrefix,
  };
}

/** The plan's view of the destination (compared with what DescribeDeliveryStream says). */
export function icebergDeliveryProps(p: Pipeline, ids: ArnIds): Props {
  const t = tableConfig(p);
  return {
    destination: 'iceberg',
    catalogArn: arn.glueCatalog(ids),
    bucketArn: arn.bucket(ids, p.bucket.name),
    errorPrefix: p.delivery.errorPrefix,
    tables: [{ database: t.DestinationDatabaseName, table: t.DestinationTableName, uniqueKeys: t.UniqueKeys ?? [], errorPrefix: t.S3ErrorOutputPrefix }],
    buffering: { sizeMb: p.delivery.bufferSizeMb, intervalS: p.delivery.bufferIntervalS },
    metadataQuery: icebergRoutingQuery(p) ?? null,
    backupMode: 'FailedDataOnly',
  };
}

export function icebergDestination(ctx: ResourceContext): IcebergDestinationConfiguration {
  const p = ctx.pipeline;
  const query = icebergRoutingQuery(p);
  const role = ctx.desired.role.arn;
  return {
    RoleARN: role,
    CatalogConfiguration: { CatalogARN: ctx.desired.delivery.props.catalogArn as string },
    DestinationTableConfigurationList: [tableConfig(p)],
    ...(query
      ? {
          ProcessingConfiguration: {
            Enabled: true,
            Processors: [
              {
                Type: 'MetadataExtraction' as const,
                Parameters: [
                  { ParameterName: 'MetadataExtractionQuery' as const, ParameterValue: query },
                  { ParameterName: 'JsonParsingEngine' as const, ParameterValue: 'JQ-1.6' },
                ],
              },
            ],
          },
        }
      : {}),
    BufferingHints: { SizeInMBs: p.delivery.bufferSizeMb, IntervalInSeconds: p.delivery.bufferIntervalS },
    S3BackupMode: 'FailedDataOnly',
    RetryOptions: { DurationInSeconds: ICEBERG_RETRY_S },
    // Where records Firehose could not commit go (and nothing else: FailedDataOnly).
    S3Configuration: {
      RoleARN: role,
      BucketARN: ctx.desired.bucket.arn,
      ErrorOutputPrefix: p.delivery.errorPrefix,
      CompressionFormat: 'UNCOMPRESSED',
    },
  };
}

/** The plan's props from a DescribeDeliveryStream IcebergDestinationDescription. */
export function icebergObservedProps(x: IcebergDestinationDescription): Props {
  const proc = x.ProcessingConfiguration?.Processors?.find((q) => q.Type === 'MetadataExtraction');
  const query = proc?.Parameters?.find((q) => q.ParameterName === 'MetadataExtractionQuery')?.ParameterValue;
  return {
    destination: 'iceberg',
    roleArn: x.RoleARN ?? null,
    catalogArn: x.CatalogConfiguration?.CatalogARN ?? null,
    bucketArn: x.S3DestinationDescription?.BucketARN ?? null,
    errorPrefix: x.S3DestinationDescription?.ErrorOutputPrefix ?? null,
    tables: (x.DestinationTableConfigurationList ?? []).map((t) => ({
      database: t.DestinationDatabaseName ?? null,
      table: t.DestinationTableName ?? null,
      uniqueKeys: (t.UniqueKeys ?? []) as Value,
      errorPrefix: t.S3ErrorOutputPrefix ?? null,
    })),
    buffering: { sizeMb: x.BufferingHints?.SizeInMBs ?? null, intervalS: x.BufferingHints?.IntervalInSeconds ?? null },
    metadataQuery: query ?? null,
    backupMode: x.S3BackupMode ?? null,
  };
}
