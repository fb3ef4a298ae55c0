// Object tagging: Put/Get/DeleteObjectTagging (key?tagging). Tags live in the object's metadata file
// (store.ts ObjectMeta.tags), so they go with the object when it is overwritten or deleted, as on AWS.
import { xml } from '../../protocol/xml.js';
import { writeJsonAtomic } from '../../store/atomic.js';
import { noSuchKey } from './errors.js';
import type { S3Call } from './router.js';
import type { ObjectMeta } from './store.js';
import { parseTagging, validateTags, type TagSet } from './tags.js';
import { emptyResponse, S3_XMLNS, xmlResponse } from './xml-body.js';

function current(call: S3Call): ObjectMeta {
  const meta = call.store.head(call.bucket, call.key);
  if (!meta) throw noSuchKey(call.key);
  return meta;
}

function rewrite(call: S3Call, meta: ObjectMeta, tags: TagSet) {
  const { tags: _old, ...rest } = meta;
  const next: ObjectMeta = tags.length ? { ...rest, tags } : rest;
  writeJsonAtomic(call.store.metaFile(call.bucket, call.key), { key: call.key, ...next });
}

export function putObjectTagging(call: S3Call) {
  const tags = validateTags(parseTagging(call.req.body), 10, 'Object');
  rewrite(call, current(call), tags);
  return emptyResponse(200);
}

export function getObjectTagging(call: S3Call) {
  // A tag set has no order; S3 answers it sorted by key.
  const tags = [...(current(call).tags ?? [])].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
  return xmlResponse(`<Tagging xmlns="${S3_XMLNS}"><TagSet>${xml({ Tag: tags })}</TagSet></Tagging>`);
}

export function deleteObjectTagging(call: S3Call) {
  rewrite(call, current(call), []);
  return emptyResponse(204);
}
