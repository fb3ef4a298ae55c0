// Reading and writing manifests and manifest lists on the lake (the Avro encoding is src/iceberg/avro.ts).
import {
  decodeAvroFile, encodeAvroFile, entryFromAvro, entryToAvro, manifestEntrySchema, manifestFileFromAvro,
  manifestFileToAvro, manifestListMetadata, manifestMetadata, partitionSummaries, MANIFEST_LIST_SCHEMA,
} from '../../iceberg/avro.js';
import type { IcebergSchema, ManifestEntry, ManifestFile, PartitionSpec, Snapshot } from '../../iceberg/types.js';
import { putObject, readObject, tableRoot, uuid, type IcebergEnv } from './env.js';

export async function readManifestList(env: IcebergEnv, snapshot: Snapshot): Promise<ManifestFile[]> {
  const { records } = await decodeAvroFile(await readObject(env, snapshot['manifest-list']));
  return records.map(manifestFileFromAvro);
}

export async function readManifest(env: IcebergEnv, manifest: ManifestFile): Promise<ManifestEntry[]> {
  const { records } = await decodeAvroFile(await readObject(env, manifest.manifestPath));
  return records.map((r) => entryFromAvro(r, manifest));
}

/** Writes one manifest (all entries share `spec`) and returns its manifest-list entry. */
export async function writeManifest(
  env: IcebergEnv,
  opts: { location: string; schema: IcebergSchema; spec: PartitionSpec; content: 0 | 1; snapshotId: number; sequenceNumber: number; index: number },
  entries: ManifestEntry[],
): Promise<ManifestFile> {
  const uri = `${tableRoot(opts.location)}/metadata/${uuid()}-m${opts.index}.avro`;
  const body = await encodeAvroFile(
    manifestEntrySchema(opts.spec, opts.schema),
    manifestMetadata(opts.schema, opts.spec, opts.content === 0 ? 'data' : 'deletes'),
    entries.map((e) => entryToAvro(e, opts.spec, opts.schema)),
  );
  await putObject(env, uri, body);
  const count = (s: number) => entries.filter((e) => e.status === s);
  const rows = (es: ManifestEntry[]) => es.reduce((n, e) => n + e.dataFile.recordCount, 0);
  const live = entries.filter((e) => e.status !== 2);
  return {
    manifestPath: uri,
    manifestLength: body.length,
    partitionSpecId: opts.spec['spec-id'],
    content: opts.content,
    sequenceNumber: opts.sequenceNumber,
    minSequenceNumber: live.length ? Math.min(...live.map((e) => e.sequenceNumber)) : opts.sequenceNumber,
    addedSnapshotId: opts.snapshotId,
    addedFilesCount: count(1).length,
    existingFilesCount: count(0).length,
    deletedFilesCount: count(2).length,
    addedRowsCount: rows(count(1)),
    existingRowsCount: rows(count(0)),
    deletedRowsCount: rows(count(2)),
    partitions: partitionSummaries(opts.spec, opts.schema, entries.map((e) => e.dataFile)),
  };
}

export async function writeManifestList(
  env: IcebergEnv,
  opts: { location: string; snapshotId: number; parentId?: number; sequenceNumber: number },
  manifests: ManifestFile[],
): Promise<string> {
  const uri = `${tableRoot(opts.location)}/metadata/snap-${opts.snapshotId}-1-${uuid()}.avro`;
  const body = await encodeAvroFile(
    MANIFEST_LIST_SCHEMA,
    manifestListMetadata(opts.snapshotId, opts.parentId, opts.sequenceNumber),
    manifests.map(manifestFileToAvro),
  );
  await putObject(env, uri, body);
  return uri;
}
