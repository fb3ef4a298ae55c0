// Multipart uploads (what `aws s3 cp` uses for files over 8 MB): parts are kept under
// `<dataDir>/s3mpu/<uploadId>/` until CompleteMultipartUpload concatenates them into the object file.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { xml } from '../../protocol/xml.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { AwsError } from '../../types.js';
import { payload, storedContentEncoding } from './chunked.js';
import { keySegments } from './keys.js';
import type { S3Call } from './router.js';
import type { WriteMeta } from './store.js';
import { emptyResponse, parseBody, S3_XMLNS, xmlResponse } from './xml-body.js';

const MIN_PART = 5 * 1024 * 1024;

interface Upload {
  bucket: string;
  key: string;
  meta: WriteMeta;
  created: number;
}

function uploadsRoot(call: S3Call): string {
  return path.join(call.env.dataDir, 's3mpu');
}

function loadUpload(call: S3Call): { dir: string; upload: Upload } {
  const id = call.query.get('uploadId') ?? '';
  const dir = path.join(uploadsRoot(call), id);
  const upload = /^[0-9a-f-]{36}$/.test(id) ? readJson<Upload | undefined>(path.join(dir, 'upload.json'), undefined) : undefined;
  if (!upload || upload.bucket !== call.bucket || upload.key !== call.key) {
    throw new AwsError(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      { UploadId: id },
    );
  }
  return { dir, upload };
}

export function createMultipartUpload(call: S3Call) {
  call.store.requireBucket(call.bucket);
  keySegments(call.key);
  const userMeta: Record<string, string> = {};
  for (const [k, v] of Object.entries(call.req.headers)) if (k.startsWith('x-amz-meta-')) userMeta[k.slice(11)] = v;
  const upload: Upload = {
    bucket: call.bucket,
    key: call.key,
    created: call.ctx.now(),
    meta: {
      contentType: call.req.headers['content-type'] || 'binary/octet-stream',
      contentEncoding: storedContentEncoding(call.req),
      cacheControl: call.req.headers['cache-control'],
      contentDisposition: call.req.headers['content-disposition'],
      userMeta,
    },
  };
  const id = randomUUID();
  writeJsonAtomic(path.join(uploadsRoot(call), id, 'upload.json'), upload);
  return xmlResponse(
    `<InitiateMultipartUploadResult xmlns="${S3_XMLNS}">${xml({ Bucket: call.bucket, Key: call.key, UploadId: id })}</InitiateMultipartUploadResult>`,
  );
}

export function uploadPart(call: S3Call) {
  const { dir } = loadUpload(call);
  const n = Number(call.query.get('partNumber'));
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    throw new AwsError('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400, {
      ArgumentName: 'partNumber',
      ArgumentValue: call.query.get('partNumber') ?? '',
    });
  }
  const body = payload(call.req);
  const file = path.join(dir, `part-${n}`);
  const fd = fs.openSync(file + '.tmp', 'w');
  try {
    fs.writeSync(fd, body);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(file + '.tmp', file);
  return emptyResponse(200, { etag: `"${createHash('md5').update(body).digest('hex')}"`, 'x-amz-server-side-encryption': 'AES256' });
}

export function completeMultipartUpload(call: S3Call) {
  const { dir, upload } = loadUpload(call);
  const doc = parseBody(call.req.body, 'CompleteMultipartUpload');
  const parts: Array<{ PartNumber?: unknown; ETag?: unknown }> = Array.isArray(doc.Part) ? doc.Part : doc.Part ? [doc.Part] : [];
  if (!parts.length) {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
  const tmp = call.store.tmpFile();
  const out = fs.openSync(tmp, 'w');
  const digests: Buffer[] = [];
  try {
    let prev = 0;
    parts.forEach((p, i) => {
      const n = Number(p.PartNumber);
      if (!(n > prev)) throw new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400);
      prev = n;
      let data: Buffer;
      try {
        data = fs.readFileSync(path.join(dir, `part-${n}`));
      } catch {
        throw invalidPart(n);
      }
      const digest = createHash('md5').update(data).digest();
      if (String(p.ETag ?? '').replace(/"/g, '') !== digest.toString('hex')) throw invalidPart(n);
      if (i < parts.length - 1 && data.length < MIN_PART) {
        throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
          ProposedSize: data.length,
          MinSizeAllowed: MIN_PART,
          PartNumber: n,
        });
      }
      digests.push(digest);
      fs.writeSync(out, data);
    });
    fs.fsyncSync(out);
  } catch (e) {
    fs.closeSync(out);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(out);
  const etag = `"${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}"`;
  call.store.moveIntoPlace(upload.bucket, upload.key, tmp, upload.meta, etag);
  fs.rmSync(dir, { recursive: true, force: true });
  return xmlResponse(
    `<CompleteMultipartUploadResult xmlns="${S3_XMLNS}">` +
      xml({ Location: `/${upload.bucket}/${upload.key}`, Bucket: upload.bucket, Key: upload.key, ETag: etag }) +
      `</CompleteMultipartUploadResult>`,
    200,
    { 'x-amz-server-side-encryption': 'AES256' },
  );
}

export function abortMultipartUpload(call: S3Call) {
  const { dir } = loadUpload(call);
  fs.rmSync(dir, { recursive: true, force: true });
  return emptyResponse(204);
}

function invalidPart(n: number): AwsError {
  return new AwsError(
    'InvalidPart',
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
    400,
    { PartNumber: n },
  );
}


