// Shared setup of the Iceberg delivery tests: a Kinesis stream, the error bucket, a Glue Iceberg table made
// with core's createTableMetadata + Glue CreateTable, and a delivery stream with an
// IcebergDestinationConfiguration. Until the Firehose control plane accepts that configuration, the stream is
// written to the emulator's delivery stream registry in its stored shape and the emulator is reopened.
import fs from 'node:fs';
import path from 'node:path';
import { GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { CreateStreamCommand, DescribeStreamCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openLocalForTest, type LocalTestClients } from '../support/local-clients.js';
import { createTableMetadata, loadTable, planScan, scanSelect, type IcebergEnv } from '../../src/local/iceberg/index.js';
import { ROLE, waitActive } from '../local/firehose/helpers.js';

export const ACCOUNT = '000000000000';

export interface IcebergPipeline {
  stream: string;
  shards: number;
  bucket: string;
  database: string;
  table: string;
  deliveryStream: string;
  columns: Array<{ name: string; type: string }>;
  uniqueKeys?: string[];
  /** MetadataExtractionQuery (JQ-1.6); none: every record is an insert into the one table. */
  query?: string;
  partitioning?: Array<{ source: string; transform: string }>;
  intervalSeconds: number;
  sizeMBs: number;
  /** More tables in the same database, also listed in DestinationTableConfigurationList. */
  more?: Array<{ table: string; columns: Array<{ name: string; type: string }>; uniqueKeys?: string[] }>;
}

export function icebergEnv(c: LocalTestClients): IcebergEnv {
  const emu = c.emulator!;
  return { lake: emu.s3 as any, glue: emu.glue, stageDir: path.join(c.dataDir, 'tmp'), now: Date.now };
}

export function destinationConfig(p: IcebergPipeline) {
  return {
    RoleARN: ROLE,
    CatalogConfiguration: { CatalogARN: `arn:aws:glue:us-east-1:${ACCOUNT}:catalog`, WarehouseLocation: `s3://${p.bucket}/warehouse` },
    S3Configuration: { RoleARN: ROLE, BucketARN: `arn:aws:s3:::${p.bucket}`, ErrorOutputPrefix: 'errors/' },
    DestinationTableConfigurationList: [{ table: p.table, uniqueKeys: p.uniqueKeys }, ...(p.more ?? [])].map((t) => ({
      DestinationDatabaseName: p.database,
      DestinationTableName: t.table,
      ...(t.uniqueKeys ? { UniqueKeys: t.uniqueKeys } : {}),
    })),
    BufferingHints: { SizeInMBs: p.sizeMBs, IntervalInSeconds: p.intervalSeconds },
    ...(p.query
      ? {
          ProcessingConfiguration: {
            Enabled: true,
            Processors: [
              {
                Type: 'MetadataExtraction' as const,
                Parameters: [
                  { ParameterName: 'MetadataExtractionQuery' as const, ParameterValue: p.query },
                  { ParameterName: 'JsonParsingEngine' as const, ParameterValue: 'JQ-1.6' },
                ],
              },
            ],
          },
        }
      : {}),
  };
}

/** Creates everything through the SDK (and core for the table metadata); returns the clients to go on with
 * (new ones when the emulator had to be reopened to register the delivery stream: open `c` on a data dir of
 * your own, `openLocalForTest({ dataDir })`, so closing it keeps the directory). */
export async function createIcebergPipeline(c: LocalTestClients, p: IcebergPipeline): Promise<LocalTestClients> {
  await c.kinesis.send(new CreateStreamCommand({ StreamName: p.stream, ShardCount: p.shards }));
  for (let i = 0; i < 500; i++) {
    const d = await c.kinesis.send(new DescribeStreamCommand({ StreamName: p.stream }));
    if (d.StreamDescription!.StreamStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await c.s3.send(new CreateBucketCommand({ Bucket: p.bucket }));
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: p.database } }));
  // The main table through core's createTableMetadata + CreateTable with its TableInput; the others as
  // `lakehouse up` makes them, Glue CreateTable with OpenTableFormatInput.IcebergInput.
  const { tableInput } = await createTableMetadata(icebergEnv(c), {
    name: p.table,
    location: `s3://${p.bucket}/warehouse/${p.database}.db/${p.table}`,
    columns: p.columns,
    identifierFields: p.uniqueKeys,
    partitioning: p.partitioning,
  });
  await c.glue.send(new CreateTableCommand({ DatabaseName: p.database, TableInput: tableInput }));
  const ICEBERG_TYPE: Record<string, string> = { string: 'string', bigint: 'long', int: 'int', timestamp: 'timestamp', double: 'double', boolean: 'boolean', date: 'date' };
  for (const t of p.more ?? []) {
    const fields = t.columns.map((col, i) => ({ Id: i + 1, Name: col.name, Type: ICEBERG_TYPE[col.type]!, Required: !!t.uniqueKeys?.includes(col.name) }));
    await c.glue.send(
      new CreateTableCommand({
        DatabaseName: p.database,
        TableInput: { Name: t.table, TableType: 'EXTERNAL_TABLE' },
        OpenTableFormatInput: {
          IcebergInput: {
            MetadataOperation: 'CREATE',
            Version: '2',
            CreateIcebergTableInput: {
              Location: `s3://${p.bucket}/warehouse/${p.database}.db/${t.table}`,
              Schema: { SchemaId: 0, Type: 'struct', IdentifierFieldIds: fields.filter((f) => f.Required).map((f) => f.Id), Fields: fields },
            },
          },
        },
      }),
    );
  }
  const streamArn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${p.stream}`;
  const destination = destinationConfig(p);
  try {
    await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: p.deliveryStream,
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: ROLE },
        IcebergDestinationConfiguration: destination,
      }),
    );
  } catch (e) {
    if (!/IcebergDestinationConfiguration is not supported/.test((e as Error).message)) throw e;
    // The control plane does not take it yet: register the stream in its stored shape and reopen.
    const dataDir = c.dataDir;
    await c.close();
    const file = path.join(dataDir, 'firehose', 'delivery-streams.json');
    const stored = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { streams: [] };
    stored.streams.push({
      name: p.deliveryStream,
      arn: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/${p.deliveryStream}`,
      type: 'KinesisStreamAsSource',
      createdAt: Date.now(),
      versionId: 1,
      source: { streamArn, roleArn: ROLE },
      destination,
      tags: [],
    });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored));
    c = await openLocalForTest({ dataDir });
  }
  await waitActive(c, p.deliveryStream);
  return c;
}

/** The table's rows at a snapshot (default: current) through core's scan, sorted by `orderBy`; `columns` (default
 * all) limits what is read and returned. */
export async function tableRows(env: IcebergEnv, con: DuckDBConnection, database: string, table: string, orderBy: string, snapshotId?: number, columns = '*'): Promise<Record<string, unknown>[]> {
  const loaded = await loadTable(env, database, table);
  const plan = await planScan(env, loaded, snapshotId);
  const reader = await con.runAndReadAll(`SELECT ${columns} FROM (${scanSelect(plan)}) ORDER BY ${orderBy}`);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** Every row of an Athena query (StartQueryExecution, GetQueryResults pages), header row dropped. */
export async function athenaRows(c: Pick<LocalTestClients, 'athena'>, workgroup: string, database: string, sql: string): Promise<string[][]> {
  const { QueryExecutionId } = await c.athena.send(new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: workgroup, QueryExecutionContext: { Database: database } }));
  for (;;) {
    const q = await c.athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    const state = q.QueryExecution!.Status!.State;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`query ${state}: ${q.QueryExecution!.Status!.StateChangeReason}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const rows: string[][] = [];
  let token: string | undefined;
  do {
    const page = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId, NextToken: token }));
    for (const r of page.ResultSet!.Rows!) rows.push(r.Data!.map((d) => d.VarCharValue ?? ''));
    token = page.NextToken;
  } while (token);
  return rows.slice(1);
}
