// Object actions: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject.
// Uploads stream through body.ts (checksums verified on the way); large reads stream from the file.
import fs from 'node:fs';
import { AwsError } from '../../types.js';
import { isoTime, xml, type XmlNode } from '../../protocol/xml.js';
import { ingest } from './body.js';
import { storedContentEncoding } from './chunked.js';
import { checksumHeaders, headerOf, type StoredChecksum } from './checksums.js';
import { checkCopySourceConditions, checkReadConditions, writeCondition } from './conditions.js';
import { copySourceOf } from './copy-source.js';
import { invalidArgument } from './errors.js';
import { checkKey } from './keys.js';
import type { S3Call } from './router.js';
import { deleteHeaders, deleteVersioned, resolveRead, versionHeader, writtenVersionHeader } from './versions-actions.js';
import type { ObjectMeta, WriteMeta } from './store.js';
import { tagsFromHeader } from './tags.js';
import { emptyResponse, parseBody, S3_XMLNS, xmlResponse } from './xml-body.js';

const SSE = { 'x-amz-server-side-encryption': 'AES256' };
/** Objects up to this size are answered from memory; larger ones stream from their file. */
const STREAM_ABOVE = 1 << 20;

export function writeMetaFrom(req: S3Call['req']): WriteMeta {
  const headers = req.headers;
  const userMeta: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.startsWith('x-amz-meta-')) userMeta[k.slice(11)] = v;
  return {
    contentType: headers['content-type'] || 'binary/octet-stream',
    contentEncoding: storedContentEncoding(req),
    cacheControl: headers['cache-control'],
    contentDisposition: headers['content-disposition'],
    userMeta,
    ...optionalTags(tagsFromHeader(headers['x-amz-tagging'])),
  };
}

const optionalTags = (tags: WriteMeta['tags']) => (tags?.length ? { tags } : {});

export async function putObject(call: S3Call) {
  const { store, req, bucket, key } = call;
  store.requireBucket(bucket);
  const condition = writeCondition(req.headers, key);
  condition?.before(store.head(bucket, key));
  const writeMeta = writeMetaFrom(req);
  const got = await ingest(req, store.tmpFile());
  try {
    // The body took time to arrive: the object may have changed meanwhile (a race AWS answers with 409).
    condition?.after(store.head(bucket, key));
  } catch (e) {
    fs.rmSync(got.tmp, { force: true });
    throw e;
  }
  const checksum: StoredChecksum = { ...got.checksum, type: 'FULL_OBJECT' };
  const meta = store.moveIntoPlace(bucket, key, got.tmp, { ...writeMeta, checksum }, got.etag);
  return emptyResponse(200, { etag: meta.etag, ...SSE, ...checksumHeaders(checksum), ...writtenVersionHeader(meta) });
}

function objectHeaders(meta: ObjectMeta, call: S3Call): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': meta.contentType,
    'content-length': String(meta.size),
    etag: meta.etag,
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...SSE,
    ...versionHeader(meta),
  };
  if (meta.contentEncoding) h['content-encoding'] = meta.contentEncoding;
  if (meta.cacheControl) h['cache-control'] = meta.cacheControl;
  if (meta.contentDisposition) h['content-disposition'] = meta.contentDisposition;
  for (const [k, v] of Object.entries(meta.userMeta)) h[`x-amz-meta-${k}`] = v;
  if (meta.tags?.length) h['x-amz-tagging-count'] = String(meta.tags.length);
  // A range or one part of a multipart object is not what the whole object's checksum covers.
  const partial = !!call.req.headers.range || (call.query.has('partNumber') && !!meta.parts);
  if ((call.req.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED' && !partial) {
    Object.assign(h, checksumHeaders(meta.checksum));
  }
  return h;
}

function requireObject(call: S3Call): { meta: ObjectMeta; path: string } {
  const { meta, path } = resolveRead(call.store, call.bucket, call.key, call.query.get('versionId'), call.req.method);
  checkReadConditions(call.req.headers, meta, call.ctx.now());
  return { meta, path };
}

export function headObject(call: S3Call) {
  return getObject(call);
}

/** `partNumber=N`: the bytes of part N (a single-part object has one part, the whole object). */
function partRange(call: S3Call, meta: ObjectMeta): { start: number; end: number; count?: number } | undefined {
  const raw = call.query.get('partNumber');
  if (raw === null) return undefined;
  if (call.req.headers.range) throw new AwsError('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter', 400);
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', raw);
  const parts = meta.parts ?? [meta.size];
  if (n > parts.length) {
    throw new AwsError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, { PartNumberRequested: n, ActualPartCount: parts.length });
  }
  const start = parts.slice(0, n - 1).reduce((a, b) => a + b, 0);
  return { start, end: start + parts[n - 1]! - 1, count: meta.parts?.length };
}

export function getObject(call: S3Call) {
  const { meta, path } = requireObject(call);
  const headers = objectHeaders(meta, call);
  for (const [q, h] of [
    ['response-content-type', 'content-type'],
    ['response-content-disposition', 'content-disposition'],
    ['response-cache-control', 'cache-control'],
    ['response-content-encoding', 'content-encoding'],
    ['response-content-language', 'content-language'],
    ['response-expires', 'expires'],
  ] as const) {
    const v = call.query.get(q);
    if (v) headers[h] = v;
  }
  // Opened now, in the same tick as the metadata read, so a concurrent overwrite (a rename) cannot mix the
  // old headers with the new bytes: the descriptor keeps the old file.
  const fd = fs.openSync(path, 'r');
  const size = fs.fstatSync(fd).size;
  let start = 0;
  let end = size - 1;
  let status = 200;
  let part: ReturnType<typeof partRange>;
  try {
    part = partRange(call, meta);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  if (part) {
    ({ start, end } = part);
    status = 206;
    if (size) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    if (part.count !== undefined) headers['x-amz-mp-parts-count'] = String(part.count);
    // A part read carries that part's checksum (uploaded with the object's algorithm), as AWS answers.
    const n = Number(call.query.get('partNumber'));
    const partSum = meta.partChecksums?.[n - 1];
    if (partSum && meta.checksum && (call.req.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED') {
      headers[headerOf(meta.checksum.algorithm)] = partSum;
      headers['x-amz-checksum-type'] = meta.checksum.type;
    }
  }
  const range = /^bytes=(\d*)-(\d*)$/.exec(call.req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      fs.closeSync(fd);
      throw new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, {
        RangeRequested: call.req.headers.range,
        ActualObjectSize: size,
      });
    }
    headers['content-range'] = `bytes ${start}-${end}/${size}`;
    status = 206;
  }
  const length = Math.max(0, end - start + 1);
  headers['content-length'] = String(length);
  if (call.req.method === 'HEAD') {
    fs.closeSync(fd);
    return { status, headers, body: Buffer.alloc(0) };
  }
  if (length <= STREAM_ABOVE) {
    const body = Buffer.alloc(length);
    try {
      if (length) fs.readSync(fd, body, 0, length, start);
    } finally {
      fs.closeSync(fd);
    }
    return { status, headers, body };
  }
  return { status, headers, body: fs.createReadStream('', { fd, start, end, highWaterMark: 1 << 20 }) };
}

export function deleteObject(call: S3Call) {
  const out = deleteVersioned(call.store, call.bucket, call.key, call.query.get('versionId') ?? undefined, call.ctx.now());
  return emptyResponse(204, deleteHeaders(out));
}

export function deleteObjects(call: S3Call) {
  const { store, bucket } = call;
  store.requireBucket(bucket);
  const del = parseBody(call.req.body, 'Delete');
  const objects: Array<{ Key?: unknown; VersionId?: unknown }> = del.Object ?? [];
  if (objects.length > 1000) {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
  const quiet = String(del.Quiet ?? '').toLowerCase() === 'true';
  const deleted: XmlNode[] = [];
  const errors: XmlNode[] = [];
  for (const o of objects) {
    const key = String(o.Key ?? '');
    const versionId = o.VersionId === undefined ? undefined : String(o.VersionId);
    try {
      checkKey(key);
      const out = deleteVersioned(store, bucket, key, versionId, call.ctx.now());
      deleted.push({
        Key: key,
        ...(versionId !== undefined ? { VersionId: versionId } : {}),
        ...(out.deleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: out.versionId } : {}),
      });
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      errors.push({ Key: key, ...(versionId !== undefined ? { VersionId: versionId } : {}), Code: e.code, Message: e.message });
    }
  }
  return xmlResponse(
    `<DeleteResult xmlns="${S3_XMLNS}">${xml({ Deleted: quiet ? [] : deleted, Error: errors })}</DeleteResult>`,
  );
}

export function copyObject(call: S3Call) {
  const { store, req, bucket, key } = call;
  const source = copySourceOf(req.headers['x-amz-copy-source']!);
  const { meta: srcMeta, path: srcPath } = resolveRead(store, source.bucket, source.key, source.versionId ?? null);
  checkCopySourceConditions(req.headers, srcMeta, call.ctx.now());
  store.requireBucket(bucket);
  const replace = (req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  if (source.bucket === bucket && source.key === key && !replace) {
    throw new AwsError(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      400,
    );
  }
  const checksum = srcMeta.checksum?.type === 'FULL_OBJECT' ? srcMeta.checksum : undefined;
  const meta: WriteMeta = replace
    ? { ...writeMetaFrom(req), checksum }
    : {
        contentType: srcMeta.contentType,
        contentEncoding: srcMeta.contentEncoding,
        cacheControl: srcMeta.cacheControl,
        contentDisposition: srcMeta.contentDisposition,
        userMeta: srcMeta.userMeta,
        checksum,
      };
  // Tags follow x-amz-tagging-directive (COPY by default), independently of the metadata directive.
  const tagsReplaced = (req.headers['x-amz-tagging-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  delete meta.tags;
  Object.assign(meta, optionalTags(tagsReplaced ? tagsFromHeader(req.headers['x-amz-tagging']) : srcMeta.tags));
  const tmp = store.tmpFile();
  fs.copyFileSync(srcPath, tmp);
  const fd = fs.openSync(tmp, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const single = /^"[0-9a-f]{32}"$/.test(srcMeta.etag) ? srcMeta.etag : undefined;
  const out = store.moveIntoPlace(bucket, key, tmp, meta, single);
  return xmlResponse(
    `<CopyObjectResult xmlns="${S3_XMLNS}">${xml({ LastModified: isoTime(out.lastModified), ETag: out.etag })}</CopyObjectResult>`,
    200,
    { ...SSE, ...writtenVersionHeader(out), ...(srcMeta.versionId ? { 'x-amz-copy-source-version-id': srcMeta.versionId } : {}) },
  );
}
