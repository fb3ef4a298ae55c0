// A shard's buffer for an IcebergDestinationConfiguration stream. Records are kept as they came; at flush
// each is routed (iceberg-route.ts), turned into a row of its table's current schema (iceberg-rows.ts), and
// applied per table in arrival order (iceberg-changes.ts: insert appends, update = equality delete of the
// unique key + the new row, delete = equality delete; the last operation on a key wins). Each table then gets ONE
// Iceberg commit carrying the shard's checkpoint (iceberg-checkpoint.ts); a redone batch skips the tables
// that already have it. Records that cannot be routed or converted go to the S3 error output as JSON docs.
import fs from 'node:fs';
import path from 'node:path';
import type { StoredRecord } from '../../types.js';
import { commit, isIcebergTable, loadTable, writeDataFiles, writeEqualityDeletes, type IcebergEnv, type LoadedTable } from '../../iceberg/index.js';
import type { BatchDeps, BatchOwner, BatchResult } from './batch-builder.js';
import { icebergErrorDocuments, type FailedRecord } from './error-docs.js';
import { alreadyCommitted, checkpointAt, summaryEntry } from './iceberg-checkpoint.js';
import { applyChanges, type TableChange } from './iceberg-changes.js';
import { ICEBERG_ERRORS, makeRouter, tableConfig, type RouteFailure } from './iceberg-route.js';
import { stagedSelect, type Row, type SchemaField } from './iceberg-rows.js';
import { batchNames, bucketFromArn, objectKey } from './object-names.js';
import { RecordTally } from './record-tally.js';

export const ICEBERG_FAILED = 'iceberg-failed';
const NEWLINE = '\n';
let stageCounter = 0;

type Routed = TableChange<StoredRecord>;

interface Failed extends FailedRecord {
  /** The table's S3ErrorOutputPrefix when the record got as far as a configured table. */
  prefix?: string;
}

/** Thrown inside a commit's build when the table already has this batch (a redo after a crash). */
class AlreadyCommitted extends Error {}

export class IcebergBatch extends RecordTally {
  bytes = 0;
  private readonly records: StoredRecord[] = [];

  constructor(
    private readonly deps: BatchDeps,
    private readonly owner: BatchOwner,
  ) {
    super();
  }

  add(r: StoredRecord): void {
    this.tally(r);
    this.bytes += r.data.length;
    this.records.push(r);
  }

  /** Rows are made at flush from the table's schema of then, so only a destination update makes it stale. */
  current(destination: unknown): boolean {
    return destination === this.owner.destination;
  }

  discard(): void {
    this.records.length = 0;
  }

  async finish(version: number): Promise<BatchResult> {
    const dest = this.owner.destination;
    const bucket = bucketFromArn(dest.S3Configuration.BucketARN);
    if (!this.deps.s3.bucketExists(bucket)) throw new Error(`The bucket ${bucket} does not exist; delivery will be retried.`);
    const failed: Failed[] = [];
    const byTable = new Map<string, { database: string; table: string; records: Routed[] }>();
    const route = makeRouter(dest);
    for (const record of this.records) {
      const got = route(record.data);
      if ('code' in got) {
        failed.push(this.failure(record, got));
        continue;
      }
      const id = `${got.database.toLowerCase()}.${got.table.toLowerCase()}`;
      let group = byTable.get(id);
      if (!group) byTable.set(id, (group = { database: got.database.toLowerCase(), table: got.table.toLowerCase(), records: [] }));
      group.records.push({ record, operation: got.operation, json: got.record });
    }
    const result: BatchResult = { delivered: 0, failed: 0, keys: [] };
    for (const group of byTable.values()) {
      const r = await this.deliverTable(group.database, group.table, group.records, failed);
      result.delivered += r.delivered;
      result.keys.push(...r.keys);
    }
    result.keys.push(...(await this.writeFailures(bucket, version, failed)));
    result.failed = failed.length;
    return result;
  }

  private env(): IcebergEnv {
    return { lake: this.deps.s3, glue: this.deps.glue!, stageDir: path.join(this.deps.dataDir, 'tmp'), now: this.deps.now };
  }

  private failure(record: StoredRecord, f: RouteFailure, database?: string, table?: string): Failed {
    const cfg = database && table ? tableConfig(this.owner.destination, database, table) : undefined;
    return { record, code: f.code, message: f.message, prefix: cfg?.S3ErrorOutputPrefix || undefined };
  }

  /** Apply one table's records in order and commit them as one snapshot (with the shard checkpoint). */
  private async deliverTable(database: string, table: string, records: Routed[], failed: Failed[]): Promise<{ delivered: number; keys: string[] }> {
    const fail = (r: StoredRecord, code: string, message: string) => failed.push(this.failure(r, { code, message }, database, table));
    const glueTable = this.deps.glue?.getTable(database, table);
    if (!glueTable || !isIcebergTable(glueTable)) {
      const message = glueTable ? `The table ${database}.${table} is not an Apache Iceberg table` : `The table ${database}.${table} was not found in the Glue Data Catalog`;
      for (const r of records) fail(r.record, ICEBERG_ERRORS.noTable, message);
      return { delivered: 0, keys: [] };
    }
    const env = this.env();
    const loaded = await loadTable(env, database, table);
    const schema = loaded.metadata.schemas.find((s) => s['schema-id'] === loaded.metadata['current-schema-id'])!;
    const fields = schema.fields as SchemaField[];
    const applied = applyChanges(fields, uniqueKeys(this.owner.destination, database, table, schema), `${database}.${table}`, records);
    for (const f of applied.failed) fail(f.record, f.code, f.message);
    const delivered = applied.delivered;
    if (applied.rows.length === 0 && applied.deletes.length === 0) return { delivered, keys: [] };

    const shardId = this.owner.shardId;
    const last = this.lastSequence!;
    const stream = this.owner.deliveryStream;
    if (alreadyCommitted(checkpointAt(loaded.metadata, stream, this.owner.incarnation), shardId, last)) return { delivered, keys: [] };
    const files = await this.writeFiles(env, loaded, fields, applied.rows, applied.keyFields, applied.deletes);
    try {
      await commit(env, database, table, (cur: LoadedTable) => {
        const cp = checkpointAt(cur.metadata, stream, this.owner.incarnation);
        if (alreadyCommitted(cp, shardId, last)) throw new AlreadyCommitted();
        const hasDeletes = files.some((f) => f.content !== 0);
        const hasData = files.some((f) => f.content === 0);
        return {
          operation: hasDeletes ? (hasData ? 'overwrite' : 'delete') : 'append',
          add: files,
          summary: summaryEntry(cp, stream, shardId, last),
        };
      });
    } catch (e) {
      if (!(e instanceof AlreadyCommitted)) throw e;
    }
    return { delivered, keys: files.map((f) => f.filePath) };
  }

  /** Stage the rows and the deleted keys as NDJSON and let core's writers turn them into Parquet files. */
  private async writeFiles(env: IcebergEnv, table: LoadedTable, fields: SchemaField[], rows: Row[], keyFields: SchemaField[], deletes: Row[]) {
    fs.mkdirSync(env.stageDir, { recursive: true });
    const base = path.join(env.stageDir, `firehose-${process.pid}-iceberg-${++stageCounter}`);
    const stage = (file: string, list: Row[]) => fs.writeFileSync(file, list.map((r) => JSON.stringify(r)).join(NEWLINE) + NEWLINE);
    try {
      return await this.deps.writer.withConnection(async (con) => {
        const out = [];
        if (deletes.length) {
          stage(`${base}-deletes.json`, deletes);
          out.push(...(await writeEqualityDeletes(env, con, table, stagedSelect(`${base}-deletes.json`, keyFields), keyFields.map((f) => f.name))));
        }
        if (rows.length) {
          stage(`${base}-rows.json`, rows);
          out.push(...(await writeDataFiles(env, con, table, stagedSelect(`${base}-rows.json`, fields))));
        }
        return out;
      });
    } finally {
      fs.rmSync(`${base}-rows.json`, { force: true });
      fs.rmSync(`${base}-deletes.json`, { force: true });
    }
  }

  /** One error object per error prefix, named from the batch identity so a redone batch overwrites it. */
  private async writeFailures(bucket: string, version: number, failed: Failed[]): Promise<string[]> {
    const dest = this.owner.destination;
    const byPrefix = new Map<string, Failed[]>();
    for (const f of failed) {
      const prefix = f.prefix ?? dest.S3Configuration.ErrorOutputPrefix ?? '';
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), f]);
    }
    const keys: string[] = [];
    for (const [prefix, list] of byPrefix) {
      const names = batchNames({
        deliveryStream: this.owner.deliveryStream,
        incarnation: this.owner.incarnation,
        shardId: this.owner.shardId,
        firstSequence: this.firstSequence!,
        lastSequence: this.lastSequence!,
        partition: `${ICEBERG_FAILED}|${prefix}`,
      });
      const key = objectKey({
        prefix: prefix || undefined,
        errorPrefix: true,
        errorOutputType: ICEBERG_FAILED,
        deliveryStream: this.owner.deliveryStream,
        version,
        timestamp: Math.min(...list.map((f) => f.record.arrival)),
        names,
        extension: '',
      });
      await this.deps.s3.putObject(bucket, key, icebergErrorDocuments(list, this.deps.now()));
      keys.push(key);
    }
    return keys;
  }
}

/** UniqueKeys of the table's DestinationTableConfiguration, else the table's identifier fields. */
function uniqueKeys(destination: any, database: string, table: string, schema: { fields: SchemaField[]; 'identifier-field-ids'?: number[] }): string[] | undefined {
  const configured = tableConfig(destination, database, table)?.UniqueKeys;
  if (configured?.length) return configured;
  const ids = schema['identifier-field-ids'] ?? [];
  if (!ids.length) return undefined;
  return ids.map((id) => schema.fields.find((f) => f.id === id)?.name ?? `#${id}`);
}
