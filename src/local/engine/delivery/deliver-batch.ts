// Delivers one batch (consecutive records of one shard) to S3: converted to Parquet through the Glue table's
// columns (records that fail go to the error prefix as AWS's error documents), or raw when conversion is off.
// Keys are deterministic for the batch, so redoing it overwrites the same objects.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GlueInternal, S3Internal, StoredRecord } from '../../types.js';
import { errorDocuments, type FailedRecord } from './error-docs.js';
import { columnsOfTable } from './glue-types.js';
import { batchNames, bucketFromArn, objectKey, type BatchNames } from './object-names.js';
import { ConversionError, makeConverter, type Value } from './openx.js';
import type { ParquetCompression, ParquetWriter } from './parquet-writer.js';

export interface BatchDeps {
  s3: S3Internal;
  glue?: GlueInternal;
  writer: ParquetWriter;
  dataDir: string;
  region: string;
  now(): number;
}

export interface Batch {
  deliveryStream: string;
  incarnation: number;
  version: number;
  shardId: string;
  /** The ExtendedS3 destination configuration (validated, defaults filled). */
  destination: any;
  records: StoredRecord[];
}

export interface BatchResult {
  delivered: number;
  failed: number;
  keys: string[];
}

export const FORMAT_CONVERSION_FAILED = 'format-conversion-failed';

export async function deliverBatch(deps: BatchDeps, batch: Batch): Promise<BatchResult> {
  const { records, destination: dest } = batch;
  const bucket = bucketFromArn(dest.BucketARN);
  if (!deps.s3.bucketExists(bucket)) throw new Error(`The bucket ${bucket} does not exist; delivery will be retried.`);
  const names = batchNames({
    deliveryStream: batch.deliveryStream,
    incarnation: batch.incarnation,
    shardId: batch.shardId,
    firstSequence: records[0]!.sequenceNumber,
    lastSequence: records[records.length - 1]!.sequenceNumber,
  });
  let timestamp = records[0]!.arrival;
  for (const r of records) if (r.arrival < timestamp) timestamp = r.arrival;
  const key = (extension: string, error?: boolean) =>
    objectKey({
      prefix: error ? dest.ErrorOutputPrefix : dest.Prefix,
      errorPrefix: error,
      errorOutputType: error ? FORMAT_CONVERSION_FAILED : undefined,
      deliveryStream: batch.deliveryStream,
      version: batch.version,
      timestamp,
      names,
      extension,
    });
  const conversion = dest.DataFormatConversionConfiguration;
  if (!conversion || conversion.Enabled === false) return deliverRaw(deps, bucket, dest, records, key);
  return deliverConverted(deps, bucket, dest, records, key, names);
}

async function deliverRaw(
  deps: BatchDeps,
  bucket: string,
  dest: any,
  records: StoredRecord[],
  key: (ext: string) => string,
): Promise<BatchResult> {
  let body = Buffer.concat(records.map((r) => r.data));
  // GZIP is applied; the other codecs are accepted but written uncompressed locally (see the firehose notes).
  const gzip = dest.CompressionFormat === 'GZIP';
  if (gzip) body = gzipSync(body);
  const k = key(dest.FileExtension ?? (gzip ? '.gz' : ''));
  await deps.s3.putObject(bucket, k, body);
  return { delivered: records.length, failed: 0, keys: [k] };
}

async function deliverConverted(
  deps: BatchDeps,
  bucket: string,
  dest: any,
  records: StoredRecord[],
  key: (ext: string, error?: boolean) => string,
  names: BatchNames,
): Promise<BatchResult> {
  const conversion = dest.DataFormatConversionConfiguration;
  const schema = conversion.SchemaConfiguration;
  const table = deps.glue?.getTable(schema.DatabaseName, schema.TableName);
  const failed: FailedRecord[] = [];
  const keys: string[] = [];
  let delivered = 0;
  if (!table) {
    const message = `The Glue table ${schema.DatabaseName}.${schema.TableName} was not found.`;
    for (const record of records) failed.push({ record, code: 'DataFormatConversion.InvalidSchema', message });
  } else {
    const columns = columnsOfTable(table);
    const convert = makeConverter(columns);
    const data: Value[][] = columns.map(() => []);
    for (const record of records) {
      let row: Value[];
      try {
        row = convert(record.data);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        failed.push({ record, code: e.code, message: e.message });
        continue;
      }
      for (let i = 0; i < row.length; i++) data[i]!.push(row[i]!);
      delivered++;
    }
    if (delivered > 0) {
      const serde = conversion.OutputFormatConfiguration.Serializer.ParquetSerDe ?? {};
      const compression: ParquetCompression = serde.Compression ?? 'SNAPPY';
      const tmpDir = path.join(deps.dataDir, 'tmp');
      fs.mkdirSync(tmpDir, { recursive: true });
      const tmp = path.join(tmpDir, `firehose-${names.uuid}-${process.pid}.parquet`);
      try {
        await deps.writer.write(tmp, columns, data, compression);
        const k = key(dest.FileExtension || '.parquet');
        await deps.s3.putObjectFromFile(bucket, k, tmp);
        keys.push(k);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    }
  }
  if (failed.length > 0) {
    const catalog = {
      catalogId: schema.CatalogId ?? null,
      databaseName: schema.DatabaseName,
      tableName: schema.TableName,
      region: schema.Region ?? deps.region,
      versionId: schema.VersionId ?? 'LATEST',
      catalogArn: null,
    };
    const k = key('', true);
    await deps.s3.putObject(bucket, k, errorDocuments(failed, catalog, deps.now()));
    keys.push(k);
  }
  return { delivered, failed: failed.length, keys };
}
