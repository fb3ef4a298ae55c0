// Shared by the Glue/Athena tests: local SDK clients on a temp data dir, Parquet written by DuckDB straight
// into the lake (objects are files at <dataDir>/s3/<bucket>/<key>), a Glue table like the aws provider sends,
// and a wait for a query's final state.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { GetQueryExecutionCommand, StartQueryExecutionCommand, type QueryExecution } from '@aws-sdk/client-athena';
import { parquetMetadata } from 'hyparquet';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';

export { openLocalForTest, type LocalTestClients };

/** Write `select` as a Parquet object at s3://bucket/key (the lake is a folder). */
export async function writeParquet(c: LocalTestClients, bucket: string, key: string, select: string): Promise<void> {
  const file = c.emulator!.s3.objectPath(bucket, key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

export const PARQUET_SD = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
};

/** A bucket, a database and an `events` table partitioned by year/month with projection, as the aws provider creates. */
export async function createEventsTable(c: LocalTestClients, opts: { bucket?: string; db?: string; table?: string } = {}) {
  const bucket = opts.bucket ?? 'lake';
  const db = opts.db ?? 'analytics';
  const table = opts.table ?? 'events';
  await c.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((e) => {
    if (e.name !== 'BucketAlreadyOwnedByYou') throw e;
  });
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: db } })).catch((e) => {
    if (e.name !== 'AlreadyExistsException') throw e;
  });
  await c.glue.send(
    new CreateTableCommand({
      DatabaseName: db,
      TableInput: {
        Name: table,
        TableType: 'EXTERNAL_TABLE',
        Parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          'projection.year.type': 'integer',
          'projection.year.range': '2020,2030',
          'projection.month.type': 'integer',
          'projection.month.range': '1,12',
          'projection.month.digits': '2',
          'storage.location.template': `s3://${bucket}/${table}/year=\${year}/month=\${month}/`,
        },
        StorageDescriptor: {
          ...PARQUET_SD,
          Location: `s3://${bucket}/${table}/`,
          Columns: [
            { Name: 'event_id', Type: 'string' },
            { Name: 'user_id', Type: 'int' },
            { Name: 'amount', Type: 'double' },
            { Name: 'ts', Type: 'timestamp' },
          ],
        },
        PartitionKeys: [
          { Name: 'year', Type: 'int' },
          { Name: 'month', Type: 'int' },
        ],
      },
    }),
  );
  return { bucket, db, table };
}

/** A SELECT producing `n` rows of the events columns, offset so ids are unique across files. */
export const eventsRows = (n: number, offset = 0) =>
  `SELECT 'e' || (i + ${offset}) AS event_id, CAST(i % 10 AS INTEGER) AS user_id, (i % 100) / 4.0 AS amount,
   TIMESTAMP '2026-11-01 00:00:00' + to_seconds(i) AS ts FROM range(${n}) t(i)`;

export async function runQuery(
  c: LocalTestClients,
  sql: string,
  opts: { db?: string; workGroup?: string; output?: string } = {},
): Promise<QueryExecution> {
  const { QueryExecutionId } = await c.athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Database: opts.db ?? 'analytics' },
      WorkGroup: opts.workGroup,
      ResultConfiguration: opts.output === undefined && opts.workGroup ? undefined : { OutputLocation: opts.output ?? 's3://lake/results/' },
    }),
  );
  return waitQuery(c, QueryExecutionId!);
}

export async function waitQuery(c: LocalTestClients, id: string): Promise<QueryExecution> {
  for (;;) {
    const { QueryExecution } = await c.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = QueryExecution!.Status!.State!;
    if (state !== 'QUEUED' && state !== 'RUNNING') return QueryExecution!;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What Athena bills for reading `columns` of a Parquet file (all columns when omitted): their column chunks'
 * compressed sizes plus the footer, read with hyparquet (an independent reader, not DuckDB). */
export function parquetBytes(file: string, columns?: string[]): number {
  const buf = fs.readFileSync(file);
  const meta = parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  let bytes = meta.metadata_length + 8;
  for (const rg of meta.row_groups) {
    for (const col of rg.columns) {
      const name = col.meta_data!.path_in_schema[0]!.toLowerCase();
      if (!columns || columns.includes(name)) bytes += Number(col.meta_data!.total_compressed_size);
    }
  }
  return bytes;
}
