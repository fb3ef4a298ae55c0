// Multipart uploads (what `aws s3 cp` uses for files over 8 MB): parts are kept under
// `<dataDir>/s3mpu/<uploadId>/` until CompleteMultipartUpload concatenates them (streaming, hashing as it
// copies) into the object. Part bodies stream through body.ts, checksums verified like PutObject's. The
// object's checksum follows AWS: the algorithm of CreateMultipartUpload (x-amz-checksum-algorithm) with its
// type (x-amz-checksum-type; COMPOSITE by default, FULL_OBJECT for CRC64NVME), else CRC64NVME full-object.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { xml } from '../../protocol/xml.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { within } from '../../store/paths.js';
import { AwsError } from '../../types.js';
import { ingest } from './body.js';
import { ALGORITHMS, badDigest, checksumHeaders, hasher, headerOf, unsupportedAlgorithm, type Algorithm, type StoredChecksum } from './checksums.js';
import { isUploadId } from './keys.js';
import { writeCondition } from './conditions.js';
import { writeMetaFrom } from './object-actions.js';
import type { S3Call } from './router.js';
import type { WriteMeta } from './store.js';
import { emptyResponse, parseBody, S3_XMLNS, xmlResponse } from './xml-body.js';

const MIN_PART = 5 * 1024 * 1024;

interface Upload {
  bucket: string;
  key: string;
  meta: WriteMeta;
  created: number;
  algorithm?: Algorithm;
  checksumType?: 'COMPOSITE' | 'FULL_OBJECT';
  /** Set once completed: a second CompleteMultipartUpload answers the same result, as AWS does. */
  completed?: { etag: string; checksum: StoredChecksum; versionId?: string };
}

export interface Part {
  etag: string;
  size: number;
  checksum: { algorithm: Algorithm; value: string };
}

export const uploadDir = (call: S3Call, id: string) => within(call.env.dataDir, 's3mpu', id);

/** The request's upload in progress (a completed one only when `completed` is allowed). */
export function loadUpload(call: S3Call, completed = false): { dir: string; upload: Upload; id: string } {
  const id = call.query.get('uploadId') ?? '';
  const dir = isUploadId(id) ? uploadDir(call, id) : undefined;
  const upload = dir ? readJson<Upload | undefined>(within(dir, 'upload.json'), undefined) : undefined;
  if (!dir || !upload || upload.bucket !== call.bucket || upload.key !== call.key || (upload.completed && !completed)) {
    throw new AwsError(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      { UploadId: id },
    );
  }
  return { dir, upload, id };
}

export function createMultipartUpload(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const algoHeader = call.req.headers['x-amz-checksum-algorithm']?.toUpperCase();
  const typeHeader = call.req.headers['x-amz-checksum-type']?.toUpperCase();
  if (algoHeader && !(ALGORITHMS as readonly string[]).includes(algoHeader)) {
    throw unsupportedAlgorithm();
  }
  if (typeHeader && typeHeader !== 'COMPOSITE' && typeHeader !== 'FULL_OBJECT') {
    throw new AwsError('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.', 400);
  }
  const algorithm = algoHeader as Algorithm | undefined;
  const checksumType = algorithm ? (typeHeader as Upload['checksumType']) ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE') : undefined;
  if (algorithm && checksumType === 'COMPOSITE' && algorithm === 'CRC64NVME') {
    throw new AwsError('InvalidRequest', 'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.', 400);
  }
  if (algorithm && checksumType === 'FULL_OBJECT' && (algorithm.startsWith('SHA') || algorithm === 'MD5')) {
    throw new AwsError('InvalidRequest', `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`, 400);
  }
  const upload: Upload = { bucket: call.bucket, key: call.key, created: call.ctx.now(), meta: writeMetaFrom(call.req), algorithm, checksumType };
  const id = randomUUID();
  writeJsonAtomic(within(uploadDir(call, id), 'upload.json'), upload);
  const headers: Record<string, string> = {};
  if (algorithm) Object.assign(headers, { 'x-amz-checksum-algorithm': algorithm, 'x-amz-checksum-type': checksumType! });
  return xmlResponse(
    `<InitiateMultipartUploadResult xmlns="${S3_XMLNS}">${xml({ Bucket: call.bucket, Key: call.key, UploadId: id })}</InitiateMultipartUploadResult>`,
    200,
    headers,
  );
}

export function partNumberOf(raw: string | null): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    throw new AwsError('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400, {
      ArgumentName: 'partNumber',
      ArgumentValue: raw ?? '',
    });
  }
  return n;
}

export async function uploadPart(call: S3Call) {
  const { dir, upload } = loadUpload(call);
  const n = partNumberOf(call.query.get('partNumber'));
  const got = await ingest(call.req, call.store.tmpFile(), upload.algorithm);
  if (upload.algorithm && got.checksum.algorithm !== upload.algorithm) {
    fs.rmSync(got.tmp, { force: true });
    throw new AwsError('InvalidRequest', `Checksum Type mismatch occurred, expected checksum Type: ${upload.algorithm.toLowerCase()}, actual checksum Type: ${got.checksum.algorithm.toLowerCase()}`, 400);
  }
  const part: Part = { etag: got.etag, size: got.size, checksum: got.checksum };
  try {
    fs.renameSync(got.tmp, within(dir, `part-${n}`));
  } catch (e) {
    fs.rmSync(got.tmp, { force: true });
    throw e;
  }
  writeJsonAtomic(within(dir, `part-${n}.json`), part);
  const headers: Record<string, string> = { etag: got.etag, 'x-amz-server-side-encryption': 'AES256' };
  if (upload.algorithm) headers[headerOf(upload.algorithm)] = got.checksum.value;
  return emptyResponse(200, headers);
}

function completeResult(upload: Upload, etag: string, checksum: StoredChecksum, versionId?: string) {
  return xmlResponse(
    `<CompleteMultipartUploadResult xmlns="${S3_XMLNS}">` +
      xml({
        Location: `/${upload.bucket}/${encodeURI(upload.key)}`,
        Bucket: upload.bucket,
        Key: upload.key,
        ETag: etag,
        // The model has the checksum in the body too (SDKs read it from there).
        ...(upload.algorithm ? { [`Checksum${checksum.algorithm}`]: checksum.value, ChecksumType: checksum.type } : {}),
      }) +
      `</CompleteMultipartUploadResult>`,
    200,
    { 'x-amz-server-side-encryption': 'AES256', ...(upload.algorithm ? checksumHeaders(checksum) : {}), ...(versionId && versionId !== 'null' ? { 'x-amz-version-id': versionId } : {}) },
  );
}

export async function completeMultipartUpload(call: S3Call) {
  const { dir, upload } = loadUpload(call, true);
  if (upload.completed) return completeResult(upload, upload.completed.etag, upload.completed.checksum, upload.completed.versionId);
  const condition = writeCondition(call.req.headers, call.key);
  condition?.before(call.store.head(call.bucket, call.key));
  const doc = parseBody(call.req.body, 'CompleteMultipartUpload');
  const listed: Array<Record<string, unknown>> = Array.isArray(doc.Part) ? doc.Part : doc.Part ? [doc.Part] : [];
  if (!listed.length) {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
  const parts: Array<Part & { n: number }> = [];
  let prev = 0;
  listed.forEach((p, i) => {
    const n = Number(p.PartNumber);
    if (!(n > prev)) throw new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400);
    prev = n;
    const part = Number.isInteger(n) && n <= 10000 ? readJson<Part | undefined>(within(dir, `part-${n}.json`), undefined) : undefined;
    if (!part || String(p.ETag ?? '').replace(/"/g, '') !== part.etag.replace(/"/g, '')) throw invalidPart(n);
    // A part's checksum named in the request must be the one it was uploaded with.
    for (const a of ALGORITHMS) {
      const v = p[`Checksum${a}`];
      if (v !== undefined && (part.checksum.algorithm !== a || String(v) !== part.checksum.value)) throw invalidPart(n);
    }
    if (i < listed.length - 1 && part.size < MIN_PART) {
      throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
        ProposedSize: part.size,
        MinSizeAllowed: MIN_PART,
        PartNumber: n,
      });
    }
    parts.push({ ...part, n });
  });
  const algorithm: Algorithm = upload.algorithm ?? 'CRC64NVME';
  const type = upload.checksumType ?? 'FULL_OBJECT';
  const whole = hasher(algorithm);
  const tmp = call.store.tmpFile();
  const out = fs.openSync(tmp, 'w', 0o600);
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (const p of parts) {
      const fd = fs.openSync(within(dir, `part-${p.n}`), 'r');
      try {
        let got: number;
        while ((got = fs.readSync(fd, buf, 0, buf.length, null)) > 0) {
          const slice = buf.subarray(0, got);
          if (type === 'FULL_OBJECT') whole.update(slice);
          fs.writeSync(out, slice);
        }
      } finally {
        fs.closeSync(fd);
      }
    }
    fs.fsyncSync(out);
  } catch (e) {
    fs.closeSync(out);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(out);
  let checksum: StoredChecksum;
  if (type === 'COMPOSITE') {
    const h = hasher(algorithm);
    for (const p of parts) h.update(Buffer.from(p.checksum.value, 'base64'));
    checksum = { algorithm, type, value: `${(await h.digest()).toString('base64')}-${parts.length}` };
  } else checksum = { algorithm, type, value: (await whole.digest()).toString('base64') };
  const claimed = call.req.headers[headerOf(algorithm)];
  if (claimed !== undefined && claimed !== checksum.value) {
    fs.rmSync(tmp, { force: true });
    throw badDigest(algorithm);
  }
  const md5s = Buffer.concat(parts.map((p) => Buffer.from(p.etag.replace(/"/g, ''), 'hex')));
  const etag = `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
  try {
    condition?.after(call.store.head(call.bucket, call.key));
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  const placed = call.store.moveIntoPlace(upload.bucket, upload.key, tmp, {
      ...upload.meta,
      checksum,
      parts: parts.map((p) => p.size),
      ...(upload.algorithm ? { partChecksums: parts.map((p) => p.checksum.value) } : {}),
    }, etag);
  // The parts go; the upload record stays, marked completed, so a retried completion gets the same answer.
  writeJsonAtomic(within(dir, 'upload.json'), { ...upload, completed: { etag, checksum, versionId: placed.versionId } });
  for (const name of fs.readdirSync(dir)) if (name.startsWith('part-')) fs.rmSync(within(dir, name), { force: true });
  return completeResult(upload, etag, checksum, placed.versionId);
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
