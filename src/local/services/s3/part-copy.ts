// UploadPartCopy (PUT key?partNumber&uploadId with x-amz-copy-source): a part of an upload in progress
// copied from an existing object, whole or the bytes of x-amz-copy-source-range, with the source's
// x-amz-copy-source-if-* conditions. The part is written like an uploaded one (temp file, fsync, rename),
// with its MD5 ETag and the upload's checksum algorithm.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { isoTime, xml } from '../../protocol/xml.js';
import { writeJsonAtomic } from '../../store/atomic.js';
import { within } from '../../store/paths.js';
import { AwsError } from '../../types.js';
import { hasher } from './checksums.js';
import { checkCopySourceConditions } from './conditions.js';
import { copySourceOf } from './copy-source.js';
import { loadUpload, partNumberOf, type Part } from './multipart.js';
import type { S3Call } from './router.js';
import { resolveRead } from './versions-actions.js';
import { S3_XMLNS, xmlResponse } from './xml-body.js';

export async function uploadPartCopy(call: S3Call) {
  const { store, req } = call;
  const { dir, upload } = loadUpload(call);
  const n = partNumberOf(call.query.get('partNumber'));
  const source = copySourceOf(req.headers['x-amz-copy-source']!);
  const { meta: srcMeta, path: srcPath } = resolveRead(store, source.bucket, source.key, source.versionId ?? null);
  checkCopySourceConditions(req.headers, srcMeta, call.ctx.now());
  const fd = fs.openSync(srcPath, 'r');
  const tmp = store.tmpFile();
  let part: Part;
  try {
    const size = fs.fstatSync(fd).size;
    let start = 0;
    let end = size - 1;
    const rangeHeader = req.headers['x-amz-copy-source-range'];
    if (rangeHeader !== undefined) {
      const m = /^bytes=(\d+)-(\d+)$/.exec(rangeHeader);
      if (!m || Number(m[1]) > Number(m[2])) {
        throw new AwsError('InvalidArgument', `Range specified is not valid for source object of size: ${size}`, 400, {
          ArgumentName: 'x-amz-copy-source-range',
          ArgumentValue: rangeHeader,
        });
      }
      // A well-formed range past the end of the source is unsatisfiable, as for GetObject.
      if (Number(m[2]) >= size) {
        throw new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: rangeHeader, ActualObjectSize: size });
      }
      start = Number(m[1]);
      end = Number(m[2]);
    }
    const md5 = createHash('md5');
    const sum = hasher(upload.algorithm ?? 'CRC64NVME');
    const out = fs.openSync(tmp, 'w', 0o600);
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      for (let pos = start; pos <= end; ) {
        const got = fs.readSync(fd, buf, 0, Math.min(buf.length, end - pos + 1), pos);
        if (got <= 0) break;
        const slice = buf.subarray(0, got);
        md5.update(slice);
        sum.update(slice);
        fs.writeSync(out, slice);
        pos += got;
      }
      fs.fsyncSync(out);
    } finally {
      fs.closeSync(out);
    }
    part = {
      etag: `"${md5.digest('hex')}"`,
      size: Math.max(0, end - start + 1),
      checksum: { algorithm: upload.algorithm ?? 'CRC64NVME', value: (await sum.digest()).toString('base64') },
    };
    fs.renameSync(tmp, within(dir, `part-${n}`));
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    fs.closeSync(fd);
  }
  writeJsonAtomic(within(dir, `part-${n}.json`), part);
  const result = { ETag: part.etag, LastModified: isoTime(call.ctx.now()), ...(upload.algorithm ? { [`Checksum${upload.algorithm}`]: part.checksum.value } : {}) };
  return xmlResponse(`<CopyPartResult xmlns="${S3_XMLNS}">${xml(result)}</CopyPartResult>`, 200, {
    'x-amz-server-side-encryption': 'AES256',
  });
}
