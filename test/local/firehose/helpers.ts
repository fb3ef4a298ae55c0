// Shared bits of the Firehose tests: the role ARN, the Parquet conversion block, waiting for ACTIVE.
import { DescribeDeliveryStreamCommand, type DeliveryStreamDescription } from '@aws-sdk/client-firehose';
import type { Clients } from '../../../src/aws/clients.js';

export const ROLE = 'arn:aws:iam::000000000000:role/firehose';

export function conversionConfig(database: string, table: string) {
  return {
    Enabled: true,
    InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
    OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' as const } } },
    SchemaConfiguration: { DatabaseName: database, TableName: table, RoleARN: ROLE, Region: 'us-east-1', VersionId: 'LATEST' },
  };
}

export async function waitActive(c: Pick<Clients, 'firehose'>, name: string): Promise<DeliveryStreamDescription> {
  for (let i = 0; i < 500; i++) {
    const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription!;
    if (d.DeliveryStreamStatus === 'ACTIVE') return d;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${name} never became ACTIVE`);
}

/** The seed pipeline's Glue columns. */
export const SEED_COLUMNS = [
  { Name: 'uuid', Type: 'string' },
  { Name: 'event_date', Type: 'timestamp' },
  { Name: 'status', Type: 'string' },
  { Name: 'name', Type: 'string' },
  { Name: 'last_name', Type: 'string' },
  { Name: 'email', Type: 'string' },
  { Name: 'phone', Type: 'bigint' },
];

export const HIVE_PREFIX = 'events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/';
export const ERROR_PREFIX = 'errors/!{firehose:error-output-type}/';
