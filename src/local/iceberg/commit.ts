// The optimistic commit: build(current) -> Change; write manifests, the manifest list and the next
// metadata.json; then Glue UpdateTable with the VersionId the load saw, which fails with
// ConcurrentModificationException when another writer committed first (then reload and rebuild, as Iceberg's
// Glue catalog does). Files written by a losing attempt stay as orphans (VACUUM / expireSnapshots removes them).
import {
  currentSchema, currentSnapshot, specById, withoutSnapshots, withPreviousFile, withProperties, withSchema, withSnapshot, withUnpartitionedSpec,
} from '../../iceberg/metadata.js';
import type { DataFile, IcebergSchema, ManifestEntry, ManifestFile, Snapshot, TableMetadata } from '../../iceberg/types.js';
import { glueCall, newSnapshotId, putObject, type IcebergEnv, type LoadedTable } from './env.js';
import { readManifest, readManifestList, writeManifest, writeManifestList } from './manifests.js';
import { glueTableInput, loadFromGlueTable, metadataFileUri, metadataVersion, tableInputOf } from './table.js';

export interface Change {
  operation: 'append' | 'overwrite' | 'delete' | 'replace';
  add?: DataFile[];
  remove?: string[];
  schema?: IcebergSchema;
  properties?: Record<string, string | null>;
  summary?: Record<string, string>;
  snapshot?: false;
  /** Snapshots to drop from the metadata (expiry; only with snapshot: false). */
  expireSnapshotIds?: number[];
}

export class CommitFailedError extends Error {}

const MAX_ATTEMPTS = 10;

export async function commit(
  env: IcebergEnv,
  database: string,
  name: string,
  build: (current: LoadedTable) => Change | Promise<Change>,
): Promise<{ snapshotId?: number; metadataLocation: string; table: LoadedTable }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { Table } = await glueCall(env, 'GetTable', { DatabaseName: database, Name: name });
    const current = await loadFromGlueTable(env, database, Table);
    const change = await build(current);
    const { metadata, snapshotId } = await nextMetadata(env, current.metadata, change, current.metadataLocation);
    const metadataLocation = metadataFileUri(metadata.location, metadataVersion(current.metadataLocation) + 1);
    await putObject(env, metadataLocation, JSON.stringify(metadata, null, 2));
    const tableInput = glueTableInput(Table.Name, metadata, metadataLocation, current.metadataLocation, tableInputOf(Table));
    try {
      await glueCall(env, 'UpdateTable', { DatabaseName: database, TableInput: tableInput, VersionId: current.glueVersionId });
    } catch (e) {
      if ((e as { code?: string }).code === 'ConcurrentModificationException') {
        lastError = e;
        continue;
      }
      throw e;
    }
    const table: LoadedTable = { database, name: Table.Name, metadataLocation, glueVersionId: String(Number(current.glueVersionId) + 1), metadata };
    return { ...(snapshotId !== undefined ? { snapshotId } : {}), metadataLocation, table };
  }
  throw new CommitFailedError(`commit to ${database}.${name} failed after ${MAX_ATTEMPTS} attempts: ${(lastError as Error)?.message ?? 'concurrent modifications'}`);
}

/** The metadata after a change (writing the snapshot's manifests and manifest list when it makes one). */
async function nextMetadata(
  env: IcebergEnv,
  base: TableMetadata,
  change: Change,
  previousFile: string,
): Promise<{ metadata: TableMetadata; snapshotId?: number }> {
  const now = Math.max(env.now(), base['last-updated-ms']);
  let m = withPreviousFile(base, { file: previousFile, updatedMs: base['last-updated-ms'] }, now);
  if (change.schema) m = withSchema(m, change.schema);
  if (change.properties) m = withProperties(m, change.properties);
  if (change.expireSnapshotIds?.length) {
    if (change.snapshot !== false) throw new Error('expiring snapshots is a metadata-only change (snapshot: false)');
    const ids = new Set(change.expireSnapshotIds);
    const cur = currentSnapshot(m);
    if (cur && ids.has(cur['snapshot-id'])) throw new Error('cannot expire the current snapshot');
    m = withoutSnapshots(m, ids);
  }
  if (change.snapshot === false) {
    if (change.add?.length || change.remove?.length) throw new Error('a metadata-only change cannot add or remove files');
    return { metadata: m };
  }
  // Files written for the unpartitioned spec (global equality deletes) on a table that lacks one.
  const add = [...(change.add ?? [])];
  if (add.some((f) => !m['partition-specs'].some((s) => s['spec-id'] === f.specId))) {
    const u = withUnpartitionedSpec(m);
    m = u.metadata;
    for (let i = 0; i < add.length; i++) {
      const f = add[i]!;
      if (m['partition-specs'].some((s) => s['spec-id'] === f.specId)) continue;
      if (Object.keys(f.partition).length) throw new Error(`file ${f.filePath} names an unknown partition spec ${f.specId}`);
      add[i] = { ...f, specId: u.specId };
    }
  }
  const parent = currentSnapshot(m);
  const snapshotId = newSnapshotId();
  const seq = m['last-sequence-number'] + 1;
  const schema = currentSchema(m);
  const manifests: ManifestFile[] = [];
  let index = 0;
  const removed: ManifestEntry[] = [];

  // Carry the parent's manifests; rewrite those holding a removed file (its entry becomes DELETED).
  const toRemove = new Set(change.remove ?? []);
  if (parent) {
    for (const mf of await readManifestList(env, parent)) {
      if (mf.addedFilesCount + mf.existingFilesCount === 0) continue; // nothing live left in it
      if (!toRemove.size) {
        manifests.push(mf);
        continue;
      }
      const entries = await readManifest(env, mf);
      if (!entries.some((e) => e.status !== 2 && toRemove.has(e.dataFile.filePath))) {
        manifests.push(mf);
        continue;
      }
      const kept: ManifestEntry[] = [];
      for (const e of entries) {
        if (e.status === 2) continue;
        if (toRemove.has(e.dataFile.filePath)) {
          toRemove.delete(e.dataFile.filePath);
          const gone: ManifestEntry = { ...e, status: 2, snapshotId };
          removed.push(gone);
          kept.push(gone);
        } else kept.push({ ...e, status: 0 });
      }
      manifests.push(await writeManifest(env, {
        location: m.location, schema, spec: specById(m, mf.partitionSpecId), content: mf.content, snapshotId, sequenceNumber: seq, index: index++,
      }, kept));
    }
  }
  if (toRemove.size) throw new Error(`cannot remove files that are not live in the table: ${[...toRemove].slice(0, 3).join(', ')}`);

  // New manifests for the added files: one per (content, spec).
  const groups = new Map<string, DataFile[]>();
  for (const f of add) {
    const k = `${f.content === 0 ? 0 : 1}:${f.specId}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const added: ManifestFile[] = [];
  for (const [k, files] of groups) {
    const [content, specId] = k.split(':').map(Number) as [0 | 1, number];
    const entries = files.map((dataFile): ManifestEntry => ({ status: 1, snapshotId, sequenceNumber: seq, fileSequenceNumber: seq, dataFile }));
    added.push(await writeManifest(env, { location: m.location, schema, spec: specById(m, specId), content, snapshotId, sequenceNumber: seq, index: index++ }, entries));
  }
  // Newest manifests first, as Java lists them.
  const list = [...added, ...manifests];
  const manifestList = await writeManifestList(env, { location: m.location, snapshotId, ...(parent ? { parentId: parent['snapshot-id'] } : {}), sequenceNumber: seq }, list);
  const snapshot: Snapshot = {
    'snapshot-id': snapshotId,
    ...(parent ? { 'parent-snapshot-id': parent['snapshot-id'] } : {}),
    'sequence-number': seq,
    'timestamp-ms': now,
    'manifest-list': manifestList,
    summary: { operation: change.operation, ...summarize(add, removed.map((e) => e.dataFile), parent), ...(change.summary ?? {}) },
    'schema-id': schema['schema-id'],
  };
  return { metadata: withSnapshot(m, snapshot), snapshotId };
}

/** Java's SnapshotSummary keys: added-* / removed-* when non-zero, total-* always. */
function summarize(added: DataFile[], removed: DataFile[], parent: Snapshot | undefined): Record<string, string> {
  const stats = (fs: DataFile[]) => ({
    dataFiles: fs.filter((f) => f.content === 0).length,
    records: fs.filter((f) => f.content === 0).reduce((n, f) => n + f.recordCount, 0),
    deleteFiles: fs.filter((f) => f.content !== 0).length,
    eqFiles: fs.filter((f) => f.content === 2).length,
    posFiles: fs.filter((f) => f.content === 1).length,
    eqDeletes: fs.filter((f) => f.content === 2).reduce((n, f) => n + f.recordCount, 0),
    posDeletes: fs.filter((f) => f.content === 1).reduce((n, f) => n + f.recordCount, 0),
    size: fs.reduce((n, f) => n + f.fileSizeInBytes, 0),
  });
  const a = stats(added);
  const r = stats(removed);
  const out: Record<string, string> = {};
  const put = (k: string, v: number) => { if (v) out[k] = String(v); };
  put('added-data-files', a.dataFiles);
  put('added-records', a.records);
  put('added-files-size', a.size);
  put('added-delete-files', a.deleteFiles);
  put('added-equality-delete-files', a.eqFiles);
  put('added-position-delete-files', a.posFiles);
  put('added-equality-deletes', a.eqDeletes);
  put('added-position-deletes', a.posDeletes);
  put('deleted-data-files', r.dataFiles);
  put('deleted-records', r.records);
  put('removed-files-size', r.size);
  put('removed-delete-files', r.deleteFiles);
  put('removed-equality-delete-files', r.eqFiles);
  put('removed-position-delete-files', r.posFiles);
  put('removed-equality-deletes', r.eqDeletes);
  put('removed-position-deletes', r.posDeletes);
  const prev = (k: string) => Number(parent?.summary[k] ?? 0);
  const total = (k: string, plus: number, minus: number) => { out[k] = String(Math.max(0, prev(k) + plus - minus)); };
  total('total-records', a.records, r.records);
  total('total-files-size', a.size, r.size);
  total('total-data-files', a.dataFiles, r.dataFiles);
  total('total-delete-files', a.deleteFiles, r.deleteFiles);
  total('total-position-deletes', a.posDeletes, r.posDeletes);
  total('total-equality-deletes', a.eqDeletes, r.eqDeletes);
  const parts = new Set(added.concat(removed).map((f) => `${f.specId}:${JSON.stringify(f.partition)}`));
  put('changed-partition-count', parts.size);
  return out;
}
