// `status` for a table.format iceberg table, read as any engine reads it, so it works on AWS, against serve
// and in-process alike: Glue GetTable → metadata_location → S3 GetObject of the metadata.json → the current
// snapshot; its summary's totals (total-data-files, total-delete-files, total-records, …, which Iceberg
// writers keep) give the files and records. A snapshot without totals is counted from its manifest list
// (Avro, decoded with src/iceberg).
import { GetTableCommand } from '@aws-sdk/client-glue';
import { decodeAvroFile, manifestFileFromAvro } from '../iceberg/avro.js';
import { awsCall, isNotFound } from './aws-errors.js';
import { isIcebergGlueTable, readIcebergMetadata, readS3 } from './iceberg-metadata.js';
import type { ResourceContext } from './types.js';

export interface IcebergStatus {
  metadataLocation: string;
  formatVersion: number;
  /** null: the table has no snapshot yet. */
  currentSnapshotId: number | null;
  /** When the current snapshot was committed (ISO). */
  currentSnapshotAt: string | null;
  /** Its operation (append, overwrite, delete, replace). */
  operation: string | null;
  snapshots: number;
  dataFiles: number;
  deleteFiles: number;
  /** Rows in the live data files, before deletes are applied. */
  records: number;
  /** Rows in position and equality delete files. */
  deleteRecords: number;
  /** Where the figures come from: the snapshot summary's totals, or its manifest list. */
  from: 'summary' | 'manifests' | 'none';
}

const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));

export async function icebergStatus(ctx: ResourceContext): Promise<IcebergStatus | null> {
  const { database, name } = ctx.pipeline.table;
  const out = await awsCall(`GetTable ${database}.${name}`, () => ctx.clients.glue.send(new GetTableCommand({ DatabaseName: database, Name: name }))).catch((e) =>
    isNotFound(e) ? undefined : Promise.reject(e),
  );
  const t = out?.Table;
  if (!t || !isIcebergGlueTable(t)) return null;
  const meta = await readIcebergMetadata(ctx.clients, t);
  if (!meta) return null;
  const snapshots: any[] = meta.snapshots ?? [];
  const currentId = meta['current-snapshot-id'] ?? -1;
  const current = currentId === -1 ? undefined : snapshots.find((s) => s['snapshot-id'] === currentId);
  const base = {
    metadataLocation: t.Parameters!.metadata_location!,
    formatVersion: meta['format-version'],
    currentSnapshotId: current ? current['snapshot-id'] : null,
    currentSnapshotAt: current ? new Date(current['timestamp-ms']).toISOString() : null,
    operation: current?.summary?.operation ?? null,
    snapshots: snapshots.length,
  };
  if (!current) return { ...base, dataFiles: 0, deleteFiles: 0, records: 0, deleteRecords: 0, from: 'none' };
  const s = current.summary ?? {};
  const totals = [num(s['total-data-files']), num(s['total-delete-files']), num(s['total-records'])];
  if (totals.every((x) => x !== undefined)) {
    return {
      ...base,
      dataFiles: totals[0]!,
      deleteFiles: totals[1]!,
      records: totals[2]!,
      deleteRecords: (num(s['total-position-deletes']) ?? 0) + (num(s['total-equality-deletes']) ?? 0),
      from: 'summary',
    };
  }
  return { ...base, ...(await fromManifestList(ctx, current['manifest-list'])), from: 'manifests' };
}

/** Files and rows of a snapshot from its manifest list: live = added + existing, per manifest content. */
async function fromManifestList(ctx: ResourceContext, uri: string) {
  const bytes = await readS3(ctx.clients, uri);
  const out = { dataFiles: 0, deleteFiles: 0, records: 0, deleteRecords: 0 };
  if (!bytes) return out;
  const { records } = await decodeAvroFile(Buffer.from(bytes));
  for (const m of records.map(manifestFileFromAvro)) {
    const files = m.addedFilesCount + m.existingFilesCount;
    const rows = m.addedRowsCount + m.existingRowsCount;
    if (m.content === 0) {
      out.dataFiles += files;
      out.records += rows;
    } else {
      out.deleteFiles += files;
      out.deleteRecords += rows;
    }
  }
  return out;
}
