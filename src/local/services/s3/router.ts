// S3 REST routing: method + path (+ subresource query) → action. Path-style `/bucket/key` and, when the
// Host is `bucket.localhost[:port]`, virtual-host style.
import type { RouteCall, ServiceEnv } from '../../service.js';
import type { EmuRequest, EmuResponse, RequestContext } from '../../types.js';
import * as bucketActions from './bucket-actions.js';
import { verifyInMemory } from './body.js';
import { NotModified } from './conditions.js';
import * as configActions from './config-actions.js';
import { preflight, responseCors } from './policy-cors.js';
import { invalidArgument, invalidBucketName, methodNotAllowed, notImplemented, s3Error } from './errors.js';
import { HeaderedError } from './versions-actions.js';
import { checkKey, requireValidBucketName } from './keys.js';
import { listObjects } from './list-actions.js';
import { getObjectAttributes } from './attributes.js';
import * as multipart from './multipart.js';
import * as multipartList from './multipart-list.js';
import * as objectTagging from './object-tagging.js';
import { uploadPartCopy } from './part-copy.js';
import * as versioning from './versioning.js';
import * as objectActions from './object-actions.js';
import type { S3Store } from './store.js';

export interface S3Call {
  store: S3Store;
  env: ServiceEnv;
  req: EmuRequest;
  ctx: RequestContext;
  requestId: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
}

type Action = (call: S3Call) => EmuResponse | Promise<EmuResponse>;

/** The host names that address the bucket by virtual-host style: `<bucket>.localhost[:port]`, also under the
 * in-process endpoint (`<bucket>.localhost.lakehouse`). `s3.localhost`, `s3.<region>.localhost` (e.g. s3.eu-west-1) are the service. */
const VHOST = /^(.+)\.localhost(?:\.lakehouse)?$/;

export function parseTarget(req: EmuRequest): { bucket: string; key: string } {
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const vhost = VHOST.exec(host);
  const path = req.path.startsWith('/') ? req.path.slice(1) : req.path;
  if (vhost && !/^s3(\.[a-z]{2}(-[a-z]+)+-\d+)?$/.test(vhost[1]!)) return { bucket: vhost[1]!, key: decode(path) };
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: decode(path), key: '' };
  return { bucket: decode(path.slice(0, slash)), key: decode(path.slice(slash + 1)) };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw invalidArgument('Invalid URI encoding in the request path');
  }
}

function pick(call: S3Call): [string, Action] {
  const { req, bucket, key, query } = call;
  const m = req.method;
  const has = (q: string) => query.has(q);
  if (!bucket) {
    if (key) throw invalidBucketName(''); // `//key`: no bucket can be empty
    if (m === 'GET') return ['ListBuckets', bucketActions.listBuckets];
    throw methodNotAllowed(m);
  }
  if (!key) {
    for (const [sub, actions] of Object.entries(configActions.SUBRESOURCES)) {
      if (!has(sub)) continue;
      const action = actions[m as keyof typeof actions];
      if (!action) throw methodNotAllowed(m);
      return [`${m === 'PUT' ? 'Put' : m === 'DELETE' ? 'Delete' : 'Get'}Bucket${sub[0].toUpperCase()}${sub.slice(1)}`, action];
    }
    if (m === 'GET' && has('location')) return ['GetBucketLocation', bucketActions.getBucketLocation];
    if (m === 'GET' && has('versioning')) return ['GetBucketVersioning', versioning.getBucketVersioning];
    if (m === 'PUT' && has('versioning')) return ['PutBucketVersioning', versioning.putBucketVersioning];
    if (m === 'GET' && has('versions')) return ['ListObjectVersions', versioning.listObjectVersions];
    if (m === 'POST' && has('delete')) return ['DeleteObjects', objectActions.deleteObjects];
    if (m === 'GET' && has('uploads')) return ['ListMultipartUploads', multipartList.listMultipartUploads];
    if (hasUnknownSubresource(query)) throw notImplemented();
    if (m === 'PUT') return ['CreateBucket', bucketActions.createBucket];
    if (m === 'HEAD') return ['HeadBucket', bucketActions.headBucket];
    if (m === 'DELETE') return ['DeleteBucket', bucketActions.deleteBucket];
    if (m === 'GET') return [query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects', listObjects];
    throw methodNotAllowed(m);
  }
  if (m === 'POST' && has('uploads')) return ['CreateMultipartUpload', multipart.createMultipartUpload];
  if (has('uploadId')) {
    if (m === 'PUT' && !req.headers['x-amz-copy-source']) return ['UploadPart', multipart.uploadPart];
    if (m === 'PUT') return ['UploadPartCopy', uploadPartCopy];
    if (m === 'GET') return ['ListParts', multipartList.listParts];
    if (m === 'POST') return ['CompleteMultipartUpload', multipart.completeMultipartUpload];
    if (m === 'DELETE') return ['AbortMultipartUpload', multipart.abortMultipartUpload];
    throw notImplemented();
  }
  if (has('tagging')) {
    if (m === 'PUT') return ['PutObjectTagging', objectTagging.putObjectTagging];
    if (m === 'GET') return ['GetObjectTagging', objectTagging.getObjectTagging];
    if (m === 'DELETE') return ['DeleteObjectTagging', objectTagging.deleteObjectTagging];
    throw methodNotAllowed(m);
  }
  if (m === 'GET' && has('attributes')) return ['GetObjectAttributes', getObjectAttributes];
  if (hasUnknownSubresource(query)) throw notImplemented();
  if (m === 'PUT' && req.headers['x-amz-copy-source']) return ['CopyObject', objectActions.copyObject];
  if (m === 'PUT') return ['PutObject', objectActions.putObject];
  if (m === 'GET') return ['GetObject', objectActions.getObject];
  if (m === 'HEAD') return ['HeadObject', objectActions.headObject];
  if (m === 'DELETE') return ['DeleteObject', objectActions.deleteObject];
  throw methodNotAllowed(m);
}

// S3's sub-resources (every `?name` its API model routes on). One the routes above did not take is an S3
// feature not emulated here: NotImplemented, loudly. Any other query word S3 ignores, and so do we.
const SUBRESOURCES = new Set([
  'abac', 'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'delete', 'encryption', 'intelligent-tiering',
  'inventory', 'legal-hold', 'lifecycle', 'location', 'logging', 'metadataConfiguration', 'metadataInventoryTable',
  'metadataJournalTable', 'metadataTable', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policy',
  'policyStatus', 'publicAccessBlock', 'renameObject', 'replication', 'requestPayment', 'restore', 'retention',
  'select', 'select-type', 'session', 'tagging', 'torrent', 'uploads', 'versioning', 'versions', 'website',
]);

function hasUnknownSubresource(query: URLSearchParams): boolean {
  for (const name of query.keys()) if (SUBRESOURCES.has(name)) return true;
  return false;
}

/** The S3 call a request is: names and bodies checked before routing, as AWS does (so no invalid name ever
 * reaches an action or the disk), then the action named for the emulator's fault hook, ready to run. */
export async function routeS3(
  store: S3Store,
  env: ServiceEnv,
  req: EmuRequest,
  ctx: RequestContext,
  requestId: string,
): Promise<RouteCall> {
  const { bucket, key } = parseTarget(req);
  const call: S3Call = { store, env, req, ctx, requestId, bucket, key, query: new URLSearchParams(req.query) };
  // CreateBucket applies the stricter rules for new names itself.
  if (bucket && !(req.method === 'PUT' && !key && !req.query)) requireValidBucketName(bucket);
  if (key) checkKey(key);
  if (req.method === 'OPTIONS' && bucket) {
    const res = preflight(store, bucket, req.headers);
    const response = { ...res, headers: { ...res.headers, 'x-amz-request-id': requestId, 'x-amz-id-2': requestId } };
    return { service: 's3', action: 'PreflightRequest', faults: 'none', run: () => response };
  }
  const [name, action] = pick(call);
  // Get/Head/Delete/Copy and tagging resolve any version (versions-actions.ts); the other object actions act on the current one.
  if (key && call.query.has('versionId') && !['GetObject', 'HeadObject', 'DeleteObject', 'GetObjectAttributes', 'PutObjectTagging', 'GetObjectTagging', 'DeleteObjectTagging'].includes(name)) versioning.requireCurrentVersion(call);
  // Uploads verify while they stream (body.ts ingest); every other body is small and checked here.
  if (name === 'CompleteMultipartUpload') {
    // Its x-amz-checksum-* value is the whole object's, `<base64>-<parts>` when composite: multipart.ts
    // checks it against the assembled object (BadDigest), so it is not read as a checksum of the XML here.
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([h]) => !h.startsWith('x-amz-checksum-') || h === 'x-amz-checksum-type' || h === 'x-amz-checksum-algorithm'));
    await verifyInMemory({ ...req, headers }, { flexible: false });
  } else if (name !== 'PutObject' && name !== 'UploadPart') await verifyInMemory(req, { flexible: true });
  return { service: 's3', action: name, run: () => runAction(call, action) };
}

async function runAction(call: S3Call, action: Action): Promise<EmuResponse> {
  const { store, req, bucket, requestId } = call;
  let res: EmuResponse;
  try {
    res = await action(call);
  } catch (e) {
    // A read whose condition says "not modified" is an answer, not an error: 304 with ETag and Last-Modified.
    if (e instanceof HeaderedError) res = s3Error(e, requestId, req.method === 'HEAD');
    else if (!(e instanceof NotModified)) throw e;
    else res = { status: 304, headers: e.headers, body: '' };
    if (e instanceof HeaderedError) Object.assign(res.headers, e.headers);
  }
  Object.assign(res.headers, responseCors(store, bucket, req.method, req.headers.origin));
  res.headers['x-amz-request-id'] = requestId;
  res.headers['x-amz-id-2'] = requestId;
  return res;
}
