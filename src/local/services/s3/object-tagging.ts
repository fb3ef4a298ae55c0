// Object tagging: Put/Get/DeleteObjectTagging (key?tagging), of the current object or, with `versionId`, of any
// version. Tags live in the object's metadata (store.ts ObjectMeta.tags; a noncurrent version's in its history
// entry), so they go with the version when it is overwritten or deleted, as on AWS.
import { xml } from '../../protocol/xml.js';
import { writeJsonAtomic } from '../../store/atomic.js';
import type { S3Call } from './router.js';
import type { ObjectMeta } from './store.js';
import { parseTagging, validateTags, type TagSet } from './tags.js';
import { history, writeHistory } from './versions-store.js';
import { idOf, resolveRead, versionHeader } from './versions-actions.js';
import { emptyResponse, S3_XMLNS, xmlResponse } from './xml-body.js';

/** The version a tagging call names: its metadata, and how to store new tags on it. A delete marker answers
 * 405 MethodNotAllowed and a missing version 404 NoSuchVersion (resolveRead). */
function target(call: S3Call, method: string): { meta: ObjectMeta; setTags(tags: TagSet): void } {
  const { store, bucket, key } = call;
  const { meta } = resolveRead(store, bucket, key, call.query.get('versionId'), method);
  const current = store.head(bucket, key);
  const withTags = (m: ObjectMeta, tags: TagSet): ObjectMeta => {
    const { tags: _old, ...rest } = m;
    return tags.length ? { ...rest, tags } : rest;
  };
  if (current && idOf(current) === idOf(meta)) {
    return { meta: current, setTags: (tags) => writeJsonAtomic(store.metaFile(bucket, key), { key, ...withTags(current, tags) }) };
  }
  return {
    meta,
    setTags(tags) {
      const entries = history(store, bucket, key, current && idOf(current));
      const e = entries.find((x) => x.id === meta.versionId);
      if (e?.meta) e.meta = withTags(e.meta, tags);
      writeHistory(store, bucket, key, entries);
    },
  };
}

export function putObjectTagging(call: S3Call) {
  const tags = validateTags(parseTagging(call.req.body), 10, 'Object');
  const t = target(call, 'PUT');
  t.setTags(tags);
  return emptyResponse(200, versionHeader(t.meta));
}

export function getObjectTagging(call: S3Call) {
  const { meta } = target(call, 'GET');
  // A tag set has no order; S3 answers it sorted by key.
  const tags = [...(meta.tags ?? [])].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
  return xmlResponse(`<Tagging xmlns="${S3_XMLNS}"><TagSet>${xml({ Tag: tags })}</TagSet></Tagging>`, 200, versionHeader(meta));
}

export function deleteObjectTagging(call: S3Call) {
  const t = target(call, 'DELETE');
  t.setTags([]);
  return emptyResponse(204, versionHeader(t.meta));
}
