// Where versioning keeps what is not the current object: `<dataDir>/s3versions/<bucket>/`, beside (never
// inside) the browsable `s3/` tree, so `s3/<bucket>/` stays each bucket's current view and DuckDB still reads
// the lake by path. Per key with any history:
//   s3versions/<bucket>/k/<h2>/<sha256(key)>.json       { key, entries: [...] } newest first: noncurrent
//                                                      versions (their metadata) and delete markers
//   s3versions/<bucket>/d/<h2>/<sha256(key)>-<versionId> the bytes of one noncurrent version
// The current object (the file in `s3/`) is always the latest when it exists; its version id is in its own
// metadata (`versionId`; absent = the `null` version of a bucket never versioned). With no current object, the
// newest entry is the latest (a delete marker, as deleting the latest restores the version below it).
// Version ids are ours (32 hex) or `null`; an id from the wire names a file only once found in the key's
// history, and every path goes through `within`. Crash safety: a version is archived by hard-linking the current
// file into `d/` and writing the history (tmp + fsync + rename) BEFORE the new object's rename replaces it,
// so a crash leaves at worst an unreferenced link or a history entry repeating the current id (ignored).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, readJson, writeJsonAtomic } from '../../store/atomic.js';
import { within } from '../../store/paths.js';
import type { ObjectMeta, S3Store } from './store.js';

export interface VersionEntry {
  id: string;
  marker?: true;
  lastModified: number;
  /** Noncurrent versions: the object's metadata (delete markers have none). */
  meta?: ObjectMeta;
}

export type VersioningStatus = 'Enabled' | 'Suspended' | undefined;

export const newVersionId = () => randomBytes(16).toString('hex');

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

export function versionsRoot(store: S3Store, bucket: string): string {
  return within(path.dirname(store.root), 's3versions', bucket);
}

export function versioningStatus(store: S3Store, bucket: string): VersioningStatus {
  return readJson<{ status?: VersioningStatus } | undefined>(within(store.bucketMetaDir(bucket), 'versioning.json'), undefined)?.status;
}

function historyFile(store: S3Store, bucket: string, key: string): string {
  const h = hashOf(key);
  return within(versionsRoot(store, bucket), 'k', h.slice(0, 2), `${h}.json`);
}

export function dataFile(store: S3Store, bucket: string, key: string, id: string): string {
  const h = hashOf(key);
  return within(versionsRoot(store, bucket), 'd', h.slice(0, 2), `${h}-${id}`);
}

/** The key's noncurrent versions and delete markers, newest first (entries repeating `currentId` or whose
 * bytes are missing, left by a crash, are dropped). */
export function history(store: S3Store, bucket: string, key: string, currentId?: string): VersionEntry[] {
  const h = readJson<{ key: string; entries: VersionEntry[] } | undefined>(historyFile(store, bucket, key), undefined);
  if (!h || h.key !== key) return [];
  return h.entries.filter((e) => e.id !== currentId && (e.marker || fs.existsSync(dataFile(store, bucket, key, e.id))));
}

export function writeHistory(store: S3Store, bucket: string, key: string, entries: VersionEntry[]): void {
  const f = historyFile(store, bucket, key);
  if (entries.length) writeJsonAtomic(f, { key, entries });
  else if (fs.existsSync(f)) {
    fs.rmSync(f);
    fsyncDir(path.dirname(f));
  }
}

/** Every key with a history file (ListObjectVersions, DeleteBucket). */
export function keysWithHistory(store: S3Store, bucket: string): string[] {
  const dir = path.join(versionsRoot(store, bucket), 'k');
  const out: string[] = [];
  let subs: string[];
  try {
    subs = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const s of subs) {
    for (const f of fs.readdirSync(path.join(dir, s))) {
      if (!f.endsWith('.json') || f.startsWith('.')) continue;
      const h = readJson<{ key?: string } | undefined>(path.join(dir, s, f), undefined);
      if (h?.key !== undefined) out.push(h.key);
    }
  }
  return out;
}

export function removeData(store: S3Store, bucket: string, key: string, id: string): void {
  fs.rmSync(dataFile(store, bucket, key, id), { force: true });
}

/** Keep the current object's bytes as a noncurrent version: hard link into `d/` (via a temp name, then a
 * rename, so an old link of the same name is replaced atomically). Returns the history entry. */
export function archiveFile(store: S3Store, bucket: string, key: string, p: string, meta: ObjectMeta): VersionEntry {
  const id = meta.versionId ?? 'null';
  const dest = dataFile(store, bucket, key, id);
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
  const tmp = `${dest}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.linkSync(p, tmp);
  fs.renameSync(tmp, dest);
  fsyncDir(path.dirname(dest));
  return { id, lastModified: meta.lastModified, meta };
}

/** Called by the store just before a new object replaces `key`: under versioning, archive the current object
 * (unless it is the `null` version being replaced while Suspended) and drop a `null` entry the new object
 * replaces. Returns the new object's version id, or undefined for a bucket never versioned (nothing changes). */
export function beforeReplace(store: S3Store, bucket: string, key: string): string | undefined {
  const status = versioningStatus(store, bucket);
  if (!status) return undefined;
  const id = status === 'Enabled' ? newVersionId() : 'null';
  const p = store.layout(bucket).find(key);
  const cur = p === undefined ? undefined : store.metaAt(bucket, key, p);
  let entries = history(store, bucket, key, cur && (cur.versionId ?? 'null'));
  if (cur && p !== undefined && (cur.versionId ?? 'null') !== 'null') entries = [archiveFile(store, bucket, key, p, cur), ...entries];
  else if (cur && p !== undefined && status === 'Enabled') entries = [archiveFile(store, bucket, key, p, cur), ...entries];
  if (id === 'null') {
    for (const e of entries) if (e.id === 'null' && !e.marker) removeData(store, bucket, key, e.id);
    entries = entries.filter((e) => e.id !== 'null');
  }
  writeHistory(store, bucket, key, entries);
  return id;
}
