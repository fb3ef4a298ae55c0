// Bucket versioning, as far as the local S3 goes: Get/PutBucketVersioning store the state, and
// ListObjectVersions lists each current object as its one version, `null` (what AWS answers for a bucket
// that was never versioned). Keeping noncurrent versions is not built: PutBucketVersioning Enabled fails
// loudly (NotImplemented) instead of silently overwriting what a client expects to keep; Suspended is
// stored (objects then carry the null version, which is what we do). Tools that empty buckets
// (boto3's object_versions.delete(), Terraform's force_destroy, test harnesses) list versions and delete
// with VersionId=null, which works.
import { isoTime, xml, type XmlNode } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { OWNER } from './bucket-actions.js';
import { invalidArgument, notImplemented } from './errors.js';
import { listPage, urlEncodeKey, type After } from './list-actions.js';
import type { S3Call } from './router.js';
import { emptyResponse, parseBody, S3_XMLNS, xmlResponse } from './xml-body.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { within } from '../../store/paths.js';

const stateFile = (call: S3Call) => within(call.store.bucketMetaDir(call.bucket), 'versioning.json');

export function getBucketVersioning(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const status = readJson<{ status?: string } | undefined>(stateFile(call), undefined)?.status;
  return xmlResponse(`<VersioningConfiguration xmlns="${S3_XMLNS}">${status ? xml({ Status: status }) : ''}</VersioningConfiguration>`);
}

export function putBucketVersioning(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const conf = parseBody(call.req.body, 'VersioningConfiguration');
  const status = conf?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
  if (status === 'Enabled') throw notImplemented();
  writeJsonAtomic(stateFile(call), { status });
  return emptyResponse(200);
}

/** `versionId` on an object request: only `null` (the version every object has here) names something. */
export function requireNullVersion(call: S3Call): void {
  const v = call.query.get('versionId');
  if (v === null || v === 'null') return;
  if (!v) throw invalidArgument('Version id cannot be the empty string', 'versionId', '');
  throw new AwsError('NoSuchVersion', 'The specified version does not exist.', 404, { Key: call.key, VersionId: v });
}

/** `x-amz-copy-source: bucket/key?versionId=…`: likewise only `null`. */
export function requireNullSourceVersion(source: { key: string; versionId?: string }): void {
  if (source.versionId === undefined || source.versionId === 'null') return;
  throw new AwsError('NoSuchVersion', 'The specified version does not exist.', 404, { Key: source.key, VersionId: source.versionId });
}

export function listObjectVersions(call: S3Call) {
  const { store, query, bucket } = call;
  store.requireBucket(bucket);
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxRaw = query.get('max-keys');
  const maxKeys = maxRaw === null ? 1000 : Number(maxRaw);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxRaw ?? '');
  const keyMarker = query.get('key-marker') ?? '';
  const versionMarker = query.get('version-id-marker') ?? '';
  if (versionMarker && !keyMarker) {
    throw invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', versionMarker);
  }
  const encodeUrl = query.get('encoding-type') === 'url';
  const enc = (s: string) => (encodeUrl ? urlEncodeKey(s) : s);
  // Each key has one version (null), so a key marker alone says where to go on.
  const after: After = { value: keyMarker, isPrefix: !!delimiter && keyMarker.endsWith(delimiter) };
  const page = listPage(call, prefix, delimiter, after, Math.min(maxKeys, 1000));
  const versions = page.contents.map((o) => {
    const meta = store.metaAt(bucket, o.key, o.path);
    const v: XmlNode = {
      Key: enc(o.key),
      VersionId: 'null',
      IsLatest: true,
      LastModified: isoTime(meta?.lastModified ?? 0),
      ETag: meta?.etag ?? '""',
      Size: meta?.size ?? 0,
      StorageClass: 'STANDARD',
      Owner: OWNER,
    };
    return v;
  });
  const body: XmlNode = {
    Name: bucket,
    Prefix: enc(prefix),
    KeyMarker: enc(keyMarker),
    VersionIdMarker: versionMarker,
    ...(page.truncated && page.last !== undefined ? { NextKeyMarker: enc(page.last), NextVersionIdMarker: page.lastIsPrefix ? '' : 'null' } : {}),
    MaxKeys: maxKeys,
    ...(delimiter ? { Delimiter: delimiter } : {}),
    ...(encodeUrl ? { EncodingType: 'url' } : {}),
    IsTruncated: page.truncated,
    Version: versions,
    CommonPrefixes: page.prefixes.map((p) => ({ Prefix: enc(p) })),
  };
  return xmlResponse(`<ListVersionsResult xmlns="${S3_XMLNS}">${xml(body)}</ListVersionsResult>`);
}
