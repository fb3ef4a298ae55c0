// A small real lake for the query tests, built the way the pipeline lays it out: an S3 bucket, a Glue
// table with partition projection over year/month/day/hour, an Athena workgroup, and Parquet files
// (written by DuckDB) under `<dataDir>/s3/<bucket>/events/year=…/month=…/day=…/hour=…/`.
import { CreateWorkGroupCommand } from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { openLocalForTest } from '../support/local-clients.js';
import type { Pipeline } from '../../src/config/types.js';
import { pipelineFixture } from '../support/pipeline.js';
import { removeDir, tempDir } from '../support/tmp.js';

export const STATUSES = ['Active', 'Inactive', 'Canceled'];

export interface Partition {
  year: number;
  month: number;
  day: number;
  hour: number;
  rows: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function pipelineFor(dir: string): Pipeline {
  return pipelineFixture({
    name: 'qtest',
    sourceFile: path.join(dir, 'lakehouse.yaml'),
    dataDir: path.join(dir, '.lakehouse'),
    workgroup: 'qtest-wg',
    scanLimitBytes: 10_000_000,
    fields: [
      { name: 'uuid', type: 'string', gen: { kind: 'uuid' } },
      { name: 'event_date', type: 'timestamp', gen: { kind: 'now' } },
      { name: 'status', type: 'string', gen: { kind: 'pick', values: STATUSES } },
      { name: 'name', type: 'string', gen: { kind: 'faker', method: 'person.firstName' } },
      { name: 'last_name', type: 'string', gen: { kind: 'faker', method: 'person.lastName' } },
      { name: 'email', type: 'string', gen: { kind: 'faker', method: 'internet.email' } },
      { name: 'phone', type: 'bigint', gen: { kind: 'faker', method: 'number.int' } },
    ],
  });
}

/** Create the bucket, table and workgroup through the SDK, then write one Parquet file per partition. */
export async function buildLake(partitions: Partition[]): Promise<{ dir: string; pipeline: Pipeline; cleanup(): void }> {
  const dir = tempDir('lakehouse-query-');
  const p = pipelineFor(dir);
  fs.mkdirSync(p.local.dataDir, { recursive: true });
  const c = await openLocalForTest({ dataDir: p.local.dataDir });
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: p.bucket.name }));
    await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: p.table.database } }));
    await c.glue.send(
      new CreateTableCommand({
        DatabaseName: p.table.database,
        TableInput: {
          Name: p.table.name,
          TableType: 'EXTERNAL_TABLE',
          Parameters: {
            EXTERNAL: 'TRUE',
            classification: 'parquet',
            'projection.enabled': 'true',
            'projection.year.type': 'integer',
            'projection.year.range': '2020,2100',
            'projection.month.type': 'integer',
            'projection.month.range': '1,12',
            'projection.month.digits': '2',
            'projection.day.type': 'integer',
            'projection.day.range': '1,31',
            'projection.day.digits': '2',
            'projection.hour.type': 'integer',
            'projection.hour.range': '0,23',
            'projection.hour.digits': '2',
            'storage.location.template': p.table.locationTemplate!,
          },
          PartitionKeys: p.table.partitions.map((k) => ({ Name: k.name, Type: k.type })),
          StorageDescriptor: {
            Columns: p.fields.map((f) => ({ Name: f.name, Type: f.type })),
            Location: p.table.location,
            InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
          },
        },
      }),
    );
    await c.athena.send(
      new CreateWorkGroupCommand({
        Name: p.athena.workgroup,
        Configuration: {
          ResultConfiguration: { OutputLocation: p.athena.outputLocation },
          EnforceWorkGroupConfiguration: true,
          BytesScannedCutoffPerQuery: p.athena.scanLimitBytes,
          PublishCloudWatchMetricsEnabled: false,
        },
      }),
    );
  } finally {
    await c.close();
  }
  await writeParquet(path.join(p.local.dataDir, 's3', p.bucket.name, 'events'), partitions);
  return { dir, pipeline: p, cleanup: () => removeDir(dir) };
}

/** Rows cycle through the three statuses; ids continue across partitions so every uuid is distinct.
 * `wide` fills name/last_name/email with random hex so the file does not compress (for the scan cutoff). */
export async function writeParquet(root: string, partitions: Partition[], opts: { firstId?: number; wide?: boolean } = {}): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    let offset = opts.firstId ?? 0;
    const text = (col: string, fallback: string) => (opts.wide ? `md5(random()::VARCHAR) || md5(random()::VARCHAR) AS ${col}` : `${fallback} AS ${col}`);
    for (const pt of partitions) {
      const dir = path.join(root, `year=${pt.year}`, `month=${pad2(pt.month)}`, `day=${pad2(pt.day)}`, `hour=${pad2(pt.hour)}`);
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `qtest-delivery-1-${pt.year}-${pad2(pt.month)}-${pad2(pt.day)}-${pad2(pt.hour)}-00-00-part.parquet`);
      const start = `${pt.year}-${pad2(pt.month)}-${pad2(pt.day)} ${pad2(pt.hour)}:00:00`;
      await con.run(`COPY (
        SELECT printf('00000000-0000-4000-8000-%012d', i) AS uuid,
               TIMESTAMP '${start}' + to_milliseconds(i - ${offset}) AS event_date,
               ['${STATUSES.join("','")}'][1 + (i % 3)::INTEGER] AS status,
               ${text('name', "'Name' || i")}, ${text('last_name', "'Last' || i")}, ${text('email', "'user' || i || '@example.com'")},
               (900000000 + i)::BIGINT AS phone
        FROM range(${offset}, ${offset + pt.rows}) t(i)
      ) TO '${file.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION snappy)`);
      offset += pt.rows;
    }
  } finally {
    con.closeSync();
    db.closeSync();
  }
}
