// A batch in the making: consecutive records of one shard, converted as they arrive (not at flush), so a
// 128 MB buffer never sits in memory as a million records: converted rows stream to a CSV stage on disk and
// only failures are kept. `finish` writes the batch to S3 under keys derived from the batch identity, so a
// redone batch overwrites the same objects. If the Glue table changed since the batch started, the engine
// rebuilds it from the source (`current()` tells).
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GlueInternal, S3Internal, StoredRecord } from '../../types.js';
import { CsvStage } from './csv-stage.js';
import { makeFastCsvRow, type FastCsvRow } from './fast-csv-row.js';
import { errorDocuments, type FailedRecord } from './error-docs.js';
import { columnsOfTable, type Column } from './glue-types.js';
import { batchNames, bucketFromArn, objectKey } from './object-names.js';
import { ConversionError, makeConverter } from './openx.js';
import { RecordTally } from './record-tally.js';
import type { ParquetCompression, ParquetWriter } from './parquet-writer.js';

export interface BatchDeps {
  s3: S3Internal;
  glue?: GlueInternal;
  writer: ParquetWriter;
  dataDir: string;
  region: string;
  now(): number;
}

export interface BatchOwner {
  deliveryStream: string;
  incarnation: number;
  shardId: string;
  /** The ExtendedS3 destination configuration (validated, defaults filled). */
  destination: any;
  /** With dynamic partitioning: this buffer's partition (its keys fill !{partitionKeyFromQuery:…}). */
  partition?: { id: string; keys: Record<string, string> };
}

export interface BatchResult {
  delivered: number;
  failed: number;
  keys: string[];
}

export const FORMAT_CONVERSION_FAILED = 'format-conversion-failed';
let stageCounter = 0;
const NEWLINE = Buffer.from('\n');

/** Stage files left by a process that died (one process owns a data dir at a time, so any not ours). */
export function removeStaleStages(dataDir: string): void {
  const dir = path.join(dataDir, 'tmp');
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith('firehose-') && !name.startsWith(`firehose-${process.pid}-`)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

export class BatchBuilder extends RecordTally {
  bytes = 0;
  private readonly converting: boolean;
  private raw: Buffer[] = [];
  private failed: FailedRecord[] = [];
  private columns?: Column[];
  private columnsKey = '';
  private convert?: (data: Buffer) => unknown[];
  /** Writes the CSV row straight from the JSON bytes when the record has the common simple shape. */
  private fast?: FastCsvRow;
  private stage?: CsvStage;
  /** The AppendDelimiterToRecord processor: a newline after each record in raw delivery. */
  private readonly delimit: boolean;

  constructor(
    private readonly deps: BatchDeps,
    private readonly owner: BatchOwner,
  ) {
    super();
    const conv = owner.destination.DataFormatConversionConfiguration;
    this.converting = !!conv && conv.Enabled !== false;
    const pc = owner.destination.ProcessingConfiguration;
    this.delimit = !!pc && pc.Enabled !== false && (pc.Processors ?? []).some((p: any) => p.Type === 'AppendDelimiterToRecord');
    if (this.converting) {
      this.columns = this.tableColumns();
      this.columnsKey = JSON.stringify(this.columns ?? null);
      if (this.columns) {
        const openx = conv.InputFormatConfiguration?.Deserializer?.OpenXJsonSerDe ?? {};
        this.convert = makeConverter(this.columns, openx) as (data: Buffer) => unknown[];
        this.fast = makeFastCsvRow(this.columns, openx);
        const dir = path.join(deps.dataDir, 'tmp');
        fs.mkdirSync(dir, { recursive: true });
        this.stage = new CsvStage(path.join(dir, `firehose-${process.pid}-${++stageCounter}.csv`), this.columns);
      }
    }
  }

  add(r: StoredRecord): void {
    this.tally(r);
    this.bytes += r.data.length;
    if (!this.converting) {
      this.raw.push(r.data);
      if (this.delimit) this.raw.push(NEWLINE);
      return;
    }
    if (!this.convert) {
      const schema = this.owner.destination.DataFormatConversionConfiguration.SchemaConfiguration;
      const message = `The Glue table ${schema.DatabaseName}.${schema.TableName} was not found.`;
      this.failed.push({ record: r, code: 'DataFormatConversion.InvalidSchema', message });
      return;
    }
    if (this.fast!(r.data, this.stage!)) return;
    try {
      this.stage!.add(this.convert(r.data) as any);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      this.failed.push({ record: r, code: e.code, message: e.message });
    }
  }

  /** False when the destination was updated or the Glue table's columns changed (VersionId LATEST) since the
   * batch started: then it must be converted again, so one object never mixes two configurations. */
  current(destination: unknown): boolean {
    if (destination !== this.owner.destination) return false;
    return !this.converting || JSON.stringify(this.tableColumns() ?? null) === this.columnsKey;
  }

  discard(): void {
    try {
      this.stage?.close();
    } catch {
      // Thrown away anyway (its records are read again: the checkpoint did not move); a full disk failing the
      // last flush must not stop the emulator from closing.
    }
    if (this.stage) fs.rmSync(this.stage.file, { force: true });
  }

  async finish(version: number): Promise<BatchResult> {
    const dest = this.owner.destination;
    const bucket = bucketFromArn(dest.BucketARN);
    try {
      if (!this.deps.s3.bucketExists(bucket)) throw new Error(`The bucket ${bucket} does not exist; delivery will be retried.`);
      const names = batchNames({
        deliveryStream: this.owner.deliveryStream,
        incarnation: this.owner.incarnation,
        shardId: this.owner.shardId,
        firstSequence: this.firstSequence!,
        lastSequence: this.lastSequence!,
        partition: this.owner.partition?.id,
      });
      const key = (extension: string, error?: boolean) =>
        objectKey({
          prefix: error ? dest.ErrorOutputPrefix : dest.Prefix,
          errorPrefix: error,
          errorOutputType: error ? FORMAT_CONVERSION_FAILED : undefined,
          deliveryStream: this.owner.deliveryStream,
          version,
          timestamp: this.oldestArrival,
          names,
          extension,
          partitionKeys: error ? undefined : this.owner.partition?.keys,
        });
      const keys: string[] = [];
      if (!this.converting) {
        // GZIP is applied; the other codecs are accepted but written uncompressed locally (see the notes).
        const gzip = dest.CompressionFormat === 'GZIP';
        const body = gzip ? gzipSync(Buffer.concat(this.raw)) : Buffer.concat(this.raw);
        keys.push(key(dest.FileExtension ?? (gzip ? '.gz' : '')));
        await this.deps.s3.putObject(bucket, keys[0]!, body);
        return { delivered: this.count, failed: 0, keys };
      }
      const conv = dest.DataFormatConversionConfiguration;
      if (this.stage) {
        this.stage.close();
        if (this.stage.rows > 0) {
          const compression: ParquetCompression = conv.OutputFormatConfiguration.Serializer.ParquetSerDe?.Compression ?? 'SNAPPY';
          const tmp = this.stage.file.replace(/\.csv$/, '.parquet');
          try {
            await this.deps.writer.writeFromCsv(tmp, this.columns!, this.stage.file, compression);
            const k = key(dest.FileExtension || '.parquet');
            await this.deps.s3.putObjectFromFile(bucket, k, tmp);
            keys.push(k);
          } finally {
            fs.rmSync(tmp, { force: true });
          }
        }
      }
      if (this.failed.length > 0) {
        const schema = conv.SchemaConfiguration;
        const catalog = {
          catalogId: schema.CatalogId ?? null,
          databaseName: schema.DatabaseName,
          tableName: schema.TableName,
          region: schema.Region ?? this.deps.region,
          versionId: schema.VersionId ?? 'LATEST',
          catalogArn: null,
        };
        const k = key('', true);
        await this.deps.s3.putObject(bucket, k, errorDocuments(this.failed, catalog, this.deps.now()));
        keys.push(k);
      }
      return { delivered: this.count - this.failed.length, failed: this.failed.length, keys };
    } finally {
      this.discard();
    }
  }

  private tableColumns(): Column[] | undefined {
    const schema = this.owner.destination.DataFormatConversionConfiguration.SchemaConfiguration;
    const table = this.deps.glue?.getTable(schema.DatabaseName, schema.TableName);
    return table ? columnsOfTable(table) : undefined;
  }
}
