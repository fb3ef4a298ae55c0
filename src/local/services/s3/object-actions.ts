// Object actions: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject.
import fs from 'node:fs';
import { AwsError } from '../../types.js';
import { isoTime, xml } from '../../protocol/xml.js';
import { payload, storedContentEncoding } from './chunked.js';
import { noSuchKey } from './errors.js';
import type { S3Call } from './router.js';
import { md5Etag, type ObjectMeta, type WriteMeta } from './store.js';
import { emptyResponse, parseBody, S3_XMLNS, xmlResponse } from './xml-body.js';

const SSE = { 'x-amz-server-side-encryption': 'AES256' };

function writeMetaFrom(headers: Record<string, string>, req: S3Call['req']): WriteMeta {
  const userMeta: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.startsWith('x-amz-meta-')) userMeta[k.slice(11)] = v;
  return {
    contentType: headers['content-type'] || 'binary/octet-stream',
    contentEncoding: storedContentEncoding(req),
    cacheControl: headers['cache-control'],
    contentDisposition: headers['content-disposition'],
    userMeta,
  };
}

export function putObject(call: S3Call) {
  const { store, req, bucket, key } = call;
  store.requireBucket(bucket);
  const body = payload(req);
  const md5 = req.headers['content-md5'];
  const etag = md5Etag(body);
  if (md5 && Buffer.from(md5, 'base64').toString('hex') !== etag.slice(1, -1)) {
    throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
  }
  const meta = store.putBytes(bucket, key, body, writeMetaFrom(req.headers, req));
  return emptyResponse(200, { etag: meta.etag, ...SSE });
}

function objectHeaders(meta: ObjectMeta): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': meta.contentType,
    'content-length': String(meta.size),
    etag: meta.etag,
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...SSE,
  };
  if (meta.contentEncoding) h['content-encoding'] = meta.contentEncoding;
  if (meta.cacheControl) h['cache-control'] = meta.cacheControl;
  if (meta.contentDisposition) h['content-disposition'] = meta.contentDisposition;
  for (const [k, v] of Object.entries(meta.userMeta)) h[`x-amz-meta-${k}`] = v;
  return h;
}

function requireObject(call: S3Call): ObjectMeta {
  const meta = call.store.head(call.bucket, call.key);
  if (!meta) throw noSuchKey(call.key);
  return meta;
}

export function headObject(call: S3Call) {
  const meta = requireObject(call);
  return emptyResponse(200, objectHeaders(meta));
}

export function getObject(call: S3Call) {
  const meta = requireObject(call);
  const headers = objectHeaders(meta);
  const path = call.store.objectPath(call.bucket, call.key);
  const data = call.key.endsWith('/') ? Buffer.alloc(0) : fs.readFileSync(path);
  for (const [q, h] of [
    ['response-content-type', 'content-type'],
    ['response-content-disposition', 'content-disposition'],
    ['response-cache-control', 'cache-control'],
    ['response-content-encoding', 'content-encoding'],
  ]) {
    const v = call.query.get(q);
    if (v) headers[h] = v;
  }
  const range = /^bytes=(\d*)-(\d*)$/.exec(call.req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    const size = data.length;
    let start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    let end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      throw new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, {
        RangeRequested: call.req.headers.range,
        ActualObjectSize: size,
      });
    }
    headers['content-range'] = `bytes ${start}-${end}/${size}`;
    headers['content-length'] = String(end - start + 1);
    return { status: 206, headers, body: data.subarray(start, end + 1) };
  }
  return { status: 200, headers, body: data };
}

export function deleteObject(call: S3Call) {
  call.store.delete(call.bucket, call.key);
  return emptyResponse(204);
}

export function deleteObjects(call: S3Call) {
  const { store, bucket } = call;
  store.requireBucket(bucket);
  const del = parseBody(call.req.body, 'Delete');
  const objects: Array<{ Key?: unknown }> = del.Object ?? [];
  if (objects.length > 1000) {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
  const quiet = String(del.Quiet ?? '').toLowerCase() === 'true';
  const deleted: Array<{ Key: string }> = [];
  const errors: Array<{ Key: string; Code: string; Message: string }> = [];
  for (const o of objects) {
    const key = String(o.Key ?? '');
    try {
      store.delete(bucket, key);
      deleted.push({ Key: key });
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      errors.push({ Key: key, Code: e.code, Message: e.message });
    }
  }
  return xmlResponse(
    `<DeleteResult xmlns="${S3_XMLNS}">${xml({ Deleted: quiet ? [] : deleted, Error: errors })}</DeleteResult>`,
  );
}

export function copyObject(call: S3Call) {
  const { store, req, bucket, key } = call;
  const source = parseCopySource(req.headers['x-amz-copy-source']);
  store.requireBucket(source.bucket);
  const srcMeta = store.head(source.bucket, source.key);
  if (!srcMeta) throw noSuchKey(source.key);
  store.requireBucket(bucket);
  const replace = (req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  if (source.bucket === bucket && source.key === key && !replace) {
    throw new AwsError(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      400,
    );
  }
  const body = source.key.endsWith('/') ? Buffer.alloc(0) : fs.readFileSync(store.objectPath(source.bucket, source.key));
  const meta: WriteMeta = replace
    ? writeMetaFrom(req.headers, req)
    : {
        contentType: srcMeta.contentType,
        contentEncoding: srcMeta.contentEncoding,
        cacheControl: srcMeta.cacheControl,
        contentDisposition: srcMeta.contentDisposition,
        userMeta: srcMeta.userMeta,
      };
  const out = store.putBytes(bucket, key, body, meta);
  return xmlResponse(
    `<CopyObjectResult xmlns="${S3_XMLNS}">${xml({ LastModified: isoTime(out.lastModified), ETag: out.etag })}</CopyObjectResult>`,
    200,
    SSE,
  );
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=...]`, URL-encoded. */
function parseCopySource(header: string): { bucket: string; key: string } {
  const raw = header.replace(/\?versionId=.*$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new AwsError('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 400, {
      ArgumentName: 'x-amz-copy-source',
      ArgumentValue: header,
    });
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}
