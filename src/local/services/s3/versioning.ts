// Bucket versioning state (Get/PutBucketVersioning: Enabled or Suspended; a bucket never versioned has none),
// and the version check of object actions that act on the current object only (tagging, attributes…).
// What versions are kept and how: versions-store.ts; reads and deletes by version: versions-actions.ts;
// ListObjectVersions: versions-list.ts.
import { xml } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { notImplemented } from './errors.js';
import type { S3Call } from './router.js';
import { emptyResponse, parseBody, S3_XMLNS, xmlResponse } from './xml-body.js';
import { writeJsonAtomic } from '../../store/atomic.js';
import { within } from '../../store/paths.js';
import { checkVersionId, noSuchVersion } from './versions-actions.js';
import { history, versioningStatus } from './versions-store.js';

export { listObjectVersions } from './versions-list.js';

const stateFile = (call: S3Call) => within(call.store.bucketMetaDir(call.bucket), 'versioning.json');

export function getBucketVersioning(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const status = versioningStatus(call.store, call.bucket);
  return xmlResponse(`<VersioningConfiguration xmlns="${S3_XMLNS}">${status ? xml({ Status: status }) : ''}</VersioningConfiguration>`);
}

export function putBucketVersioning(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const conf = parseBody(call.req.body, 'VersioningConfiguration');
  const status = conf?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
  // MFA delete needs an MFA device S3 checks; there is none here.
  if (conf?.MfaDelete === 'Enabled') throw notImplemented();
  writeJsonAtomic(stateFile(call), { status });
  return emptyResponse(200);
}

/** `versionId` on an action that only acts on the current object (tagging, attributes, multipart): it must
 * name the current version; a noncurrent one fails loudly (NotImplemented) rather than acting on another. */
export function requireCurrentVersion(call: S3Call): void {
  const { store, bucket, key } = call;
  const v = call.query.get('versionId')!;
  checkVersionId(v);
  store.requireBucket(bucket);
  const p = store.layout(bucket).find(key);
  const cur = p === undefined ? undefined : store.metaAt(bucket, key, p);
  const curId = cur ? cur.versionId ?? 'null' : undefined;
  if (curId === v) return;
  if (history(store, bucket, key, curId).some((e) => e.id === v)) throw notImplemented();
  throw noSuchVersion(key, v);
}
