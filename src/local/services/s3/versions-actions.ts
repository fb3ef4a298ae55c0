// Object actions with version ids: which version a Get/Head/Copy names (versionId, x-amz-copy-source
// ?versionId=), what a delete does under versioning (delete markers; deleting a version permanently, the one
// below becoming current again), and the response headers (x-amz-version-id, x-amz-delete-marker).
// History files and their safety: versions-store.ts.
import fs from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../../store/atomic.js';
import { AwsError } from '../../types.js';
import { noSuchKey } from './errors.js';
import type { ObjectMeta, S3Store } from './store.js';
import {
  archiveFile, dataFile, history, newVersionId, removeData, versioningStatus, writeHistory, type VersionEntry,
} from './versions-store.js';

/** An error answered with extra headers (x-amz-delete-marker on a 404 or 405). */
export class HeaderedError extends AwsError {
  constructor(code: string, message: string, status: number, readonly headers: Record<string, string>, extra?: Record<string, unknown>) {
    super(code, message, status, extra);
  }
}

export const noSuchVersion = (key: string, versionId: string) =>
  new AwsError('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId });

/** A version id from the wire only ever names a file after it was found in the key's history (our own ids),
 * so any other text is simply a version that does not exist. */
export function checkVersionId(v: string): void {
  if (v === '') throw new AwsError('InvalidArgument', 'Version id cannot be the empty string', 400, { ArgumentName: 'versionId', ArgumentValue: '' });
}

/** `x-amz-version-id` for an object's metadata: only once the bucket has been versioned. */
export function versionHeader(meta: { versionId?: string }): Record<string, string> {
  return meta.versionId ? { 'x-amz-version-id': meta.versionId } : {};
}

/** The same on a write's answer: a write while Suspended (the `null` version) answers no version id. */
export function writtenVersionHeader(meta: { versionId?: string }): Record<string, string> {
  return meta.versionId && meta.versionId !== 'null' ? { 'x-amz-version-id': meta.versionId } : {};
}

/** The current object's version id: `null` for an object written before the bucket was versioned. */
export const idOf = (meta: { versionId?: string }) => meta.versionId ?? 'null';

function current(store: S3Store, bucket: string, key: string): { meta: ObjectMeta; path: string } | undefined {
  const p = store.layout(bucket).find(key);
  const meta = p === undefined ? undefined : store.metaAt(bucket, key, p);
  return meta && p !== undefined ? { meta, path: p } : undefined;
}

/** The object a read names: the current one, or with `versionId` that version. A delete marker answers as
 * S3 does: 404 NoSuchKey (latest, no version id) or 405 MethodNotAllowed (named), with x-amz-delete-marker. */
export function resolveRead(store: S3Store, bucket: string, key: string, versionId: string | null, method = 'GET'): { meta: ObjectMeta; path: string } {
  store.requireBucket(bucket);
  const cur = current(store, bucket, key);
  if (versionId === null) {
    if (cur) return cur;
    const top = history(store, bucket, key)[0];
    if (top?.marker) throw new HeaderedError('NoSuchKey', 'The specified key does not exist.', 404, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': top.id }, { Key: key });
    throw noSuchKey(key);
  }
  checkVersionId(versionId);
  if (cur && idOf(cur.meta) === versionId) return cur;
  const e = history(store, bucket, key, cur && idOf(cur.meta)).find((x) => x.id === versionId);
  if (!e) throw noSuchVersion(key, versionId);
  if (e.marker) {
    throw new HeaderedError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405,
      { 'x-amz-delete-marker': 'true', 'x-amz-version-id': e.id, 'last-modified': new Date(e.lastModified).toUTCString() },
      { Method: method, ResourceType: 'DeleteMarker' });
  }
  return { meta: { ...e.meta!, versionId: e.id }, path: dataFile(store, bucket, key, e.id) };
}

export interface DeleteOutcome {
  versionId?: string;
  deleteMarker?: boolean;
}

/** DeleteObject / one entry of DeleteObjects. */
export function deleteVersioned(store: S3Store, bucket: string, key: string, versionId: string | undefined, now: number): DeleteOutcome {
  store.requireBucket(bucket);
  if (versionId !== undefined) return deleteVersion(store, bucket, key, versionId);
  const status = versioningStatus(store, bucket);
  if (!status) {
    store.delete(bucket, key);
    return {};
  }
  const cur = current(store, bucket, key);
  let entries = history(store, bucket, key, cur && idOf(cur.meta));
  if (cur && (status === 'Enabled' || idOf(cur.meta) !== 'null')) entries = [archiveFile(store, bucket, key, cur.path, cur.meta), ...entries];
  const id = status === 'Enabled' ? newVersionId() : 'null';
  if (id === 'null') {
    for (const e of entries) if (e.id === 'null' && !e.marker) removeData(store, bucket, key, e.id);
    entries = entries.filter((e) => e.id !== 'null');
  }
  // History (with the archived bytes and the marker) first, then the current file goes.
  writeHistory(store, bucket, key, [{ id, marker: true, lastModified: now }, ...entries]);
  if (cur) store.delete(bucket, key);
  return { versionId: id, deleteMarker: true };
}

function deleteVersion(store: S3Store, bucket: string, key: string, versionId: string): DeleteOutcome {
  checkVersionId(versionId);
  const cur = current(store, bucket, key);
  const curId = cur && idOf(cur.meta);
  let entries = history(store, bucket, key, curId);
  if (cur && curId === versionId) {
    store.delete(bucket, key);
    restoreLatest(store, bucket, key, entries);
    return { versionId };
  }
  const e = entries.find((x) => x.id === versionId);
  if (!e) return { versionId }; // S3 answers 204 for a version that is not there
  entries = entries.filter((x) => x !== e);
  writeHistory(store, bucket, key, entries);
  if (!e.marker) removeData(store, bucket, key, e.id);
  if (!cur) restoreLatest(store, bucket, key, entries);
  return { versionId, ...(e.marker ? { deleteMarker: true } : {}) };
}

/** With no current object and a version (not a marker) on top, that version becomes current again: its
 * metadata is written first, then its bytes renamed back into `s3/`, then the history shortened (a crash in
 * between leaves an entry repeating the current id, which history() ignores). */
function restoreLatest(store: S3Store, bucket: string, key: string, entries: VersionEntry[]): void {
  const top = entries[0];
  if (!top || top.marker || !top.meta) return;
  const src = dataFile(store, bucket, key, top.id);
  const st = fs.statSync(src);
  const meta: ObjectMeta = { ...top.meta, versionId: top.id, size: st.size, mtimeMs: st.mtimeMs };
  writeJsonAtomic(store.metaFile(bucket, key), { key, ...meta });
  const dest = store.layout(bucket).place(key, src);
  store.invalidateUp(bucket, path.dirname(dest));
  writeHistory(store, bucket, key, entries.slice(1));
}

/** Headers of a delete's answer. */
export function deleteHeaders(o: DeleteOutcome): Record<string, string> {
  return {
    ...(o.versionId !== undefined ? { 'x-amz-version-id': o.versionId } : {}),
    ...(o.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
  };
}
