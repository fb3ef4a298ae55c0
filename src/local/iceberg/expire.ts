// VACUUM as Athena runs it: expire snapshots older than vacuum_max_snapshot_age_seconds (default 432000 s,
// 5 days) while keeping at least vacuum_min_snapshots_to_keep (default 1) of the newest ancestors of main
// (and always the current one), commit the metadata without them, then delete what no kept snapshot needs:
// their manifest lists, manifests, data and delete files, and orphans (files under the table location no
// metadata references, e.g. from a losing commit) older than the same age. Iceberg's own property names
// (history.expire.max-snapshot-age-ms, history.expire.min-snapshots-to-keep) are honoured too.
import { stat } from 'node:fs/promises';
import { currentSnapshot } from '../../iceberg/metadata.js';
import type { Snapshot, TableMetadata } from '../../iceberg/types.js';
import { commit } from './commit.js';
import { parseS3Uri, tableRoot, type IcebergEnv } from './env.js';
import { readManifest, readManifestList } from './manifests.js';
import { loadTable } from './table.js';

export function expiryPolicy(m: TableMetadata): { maxAgeMs: number; minKeep: number } {
  const p = m.properties;
  const maxAgeMs = p.vacuum_max_snapshot_age_seconds !== undefined
    ? Number(p.vacuum_max_snapshot_age_seconds) * 1000
    : Number(p['history.expire.max-snapshot-age-ms'] ?? 432_000_000);
  const minKeep = Number(p.vacuum_min_snapshots_to_keep ?? p['history.expire.min-snapshots-to-keep'] ?? 1);
  return { maxAgeMs, minKeep: Math.max(1, minKeep) };
}

/** Snapshot ids an expiry at `now` removes. */
export function snapshotsToExpire(m: TableMetadata, now: number): number[] {
  const { maxAgeMs, minKeep } = expiryPolicy(m);
  const keep = new Set<number>();
  // The newest `minKeep` ancestors of main stay whatever their age.
  let s: Snapshot | undefined = currentSnapshot(m);
  for (let i = 0; s && i < minKeep; i++) {
    keep.add(s['snapshot-id']);
    const parent: number | undefined = s['parent-snapshot-id'];
    s = parent === undefined ? undefined : m.snapshots.find((x) => x['snapshot-id'] === parent);
  }
  for (const r of Object.values(m.refs)) keep.add(r['snapshot-id']);
  return m.snapshots.filter((x) => !keep.has(x['snapshot-id']) && x['timestamp-ms'] < now - maxAgeMs).map((x) => x['snapshot-id']);
}

/** Every file a set of snapshots reaches: manifest lists, manifests, data and delete files (s3 uris). */
async function reachable(env: IcebergEnv, snapshots: Snapshot[]): Promise<Set<string>> {
  const out = new Set<string>();
  const seenManifests = new Set<string>();
  for (const s of snapshots) {
    out.add(s['manifest-list']);
    for (const mf of await readManifestList(env, s)) {
      out.add(mf.manifestPath);
      if (seenManifests.has(mf.manifestPath)) continue;
      seenManifests.add(mf.manifestPath);
      for (const e of await readManifest(env, mf)) if (e.status !== 2) out.add(e.dataFile.filePath);
    }
  }
  return out;
}

export async function expireSnapshots(env: IcebergEnv, database: string, name: string): Promise<{ expiredSnapshots: number; deletedFiles: number }> {
  if (!env.lake.deleteObject) throw new Error('NOT_SUPPORTED: the lake cannot delete objects');
  const before = await loadTable(env, database, name);
  const now = env.now();
  let expired: number[] = [];
  let table = before;
  if (snapshotsToExpire(before.metadata, now).length) {
    const res = await commit(env, database, name, (cur) => {
      expired = snapshotsToExpire(cur.metadata, now);
      return { operation: 'delete', snapshot: false, expireSnapshotIds: expired };
    });
    table = res.table;
  }
  const m = table.metadata;
  const live = await reachable(env, m.snapshots);
  live.add(table.metadataLocation);
  for (const e of m['metadata-log']) live.add(e['metadata-file']);
  // Delete whatever under the table location nothing live references and that is older than the age limit
  // (younger unreferenced files may belong to a commit in flight).
  const { maxAgeMs } = expiryPolicy(m);
  const root = tableRoot(m.location);
  const { bucket, key: prefix } = parseS3Uri(root + '/');
  let deletedFiles = 0;
  for (const o of env.lake.list(bucket, prefix)) {
    const uri = `s3://${bucket}/${o.key}`;
    if (live.has(uri)) continue;
    if (!o.key.startsWith(`${prefix}data/`) && !o.key.startsWith(`${prefix}metadata/`)) continue;
    const st = await stat(o.path).catch(() => undefined);
    if (!st || st.mtimeMs > now - maxAgeMs) continue;
    await env.lake.deleteObject(bucket, o.key);
    deletedFiles++;
  }
  return { expiredSnapshots: expired.length, deletedFiles };
}
