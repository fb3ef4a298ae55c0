// Creates stream → Glue table → Firehose (Parquet conversion) through the real SDK clients; shared by the
// delivery tests and the end-to-end test.
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { CreateStreamCommand, DescribeStreamCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { Clients } from '../../../src/aws/clients.js';
import { conversionConfig, ERROR_PREFIX, HIVE_PREFIX, ROLE, SEED_COLUMNS, waitActive } from './helpers.js';

export interface PipelineOptions {
  stream?: string;
  shards?: number;
  bucket?: string;
  database?: string;
  table?: string;
  deliveryStream?: string;
  columns?: Array<{ Name: string; Type: string }>;
  intervalSeconds?: number;
  prefix?: string;
}

export async function createPipeline(c: Clients, o: PipelineOptions = {}): Promise<Required<PipelineOptions>> {
  const p: Required<PipelineOptions> = {
    stream: 'events',
    shards: 2,
    bucket: 'lake',
    database: 'lakehouse',
    table: 'events',
    deliveryStream: 'events-to-s3',
    columns: SEED_COLUMNS,
    intervalSeconds: 900,
    prefix: HIVE_PREFIX,
    ...o,
  };
  await c.kinesis.send(new CreateStreamCommand({ StreamName: p.stream, ShardCount: p.shards }));
  for (let i = 0; i < 500; i++) {
    const d = await c.kinesis.send(new DescribeStreamCommand({ StreamName: p.stream }));
    if (d.StreamDescription!.StreamStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await c.s3.send(new CreateBucketCommand({ Bucket: p.bucket }));
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: p.database } }));
  await c.glue.send(
    new CreateTableCommand({
      DatabaseName: p.database,
      TableInput: {
        Name: p.table,
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [
          { Name: 'year', Type: 'int' },
          { Name: 'month', Type: 'int' },
          { Name: 'day', Type: 'int' },
          { Name: 'hour', Type: 'int' },
        ],
        Parameters: {
          'projection.enabled': 'true',
          'projection.year.type': 'integer',
          'projection.year.range': '2020,2035',
          'projection.month.type': 'integer',
          'projection.month.range': '1,12',
          'projection.month.digits': '2',
          'projection.day.type': 'integer',
          'projection.day.range': '1,31',
          'projection.day.digits': '2',
          'projection.hour.type': 'integer',
          'projection.hour.range': '0,23',
          'projection.hour.digits': '2',
          'storage.location.template': `s3://${p.bucket}/events/year=\${year}/month=\${month}/day=\${day}/hour=\${hour}/`,
          classification: 'parquet',
        },
        StorageDescriptor: {
          Columns: p.columns,
          Location: `s3://${p.bucket}/events/`,
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    }),
  );
  await c.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: p.deliveryStream,
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${p.stream}`, RoleARN: ROLE },
      ExtendedS3DestinationConfiguration: {
        BucketARN: `arn:aws:s3:::${p.bucket}`,
        RoleARN: ROLE,
        Prefix: p.prefix,
        ErrorOutputPrefix: ERROR_PREFIX,
        BufferingHints: { SizeInMBs: 128, IntervalInSeconds: p.intervalSeconds },
        CompressionFormat: 'UNCOMPRESSED',
        DataFormatConversionConfiguration: conversionConfig(p.database, p.table),
      },
    }),
  );
  await waitActive(c, p.deliveryStream);
  return p;
}
