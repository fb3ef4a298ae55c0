// An upload's payload (PutObject, UploadPart) from the request to a temp file beside the objects: from memory
// (`req.body`) or from the file `serve` spooled it to (`req.bodyFile`), aws-chunked framing removed, MD5 (the
// ETag) and the declared checksums computed as the bytes pass, then verified. Nothing is kept in memory but
// one read buffer; a body that fails a check leaves no file behind.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { EmuRequest } from '../../types.js';
import { AwsError } from '../../types.js';
import {
  badDigest,
  expectedFrom,
  hasher,
  isValidValue,
  md5Mismatch,
  sha256Mismatch,
  type Algorithm,
  type Hasher,
} from './checksums.js';
import { ChunkedDecoder, isAwsChunked } from './chunked.js';
import { asDiskFull } from '../../store/disk-full.js';

export interface Ingested {
  /** The payload, durably written (fsync'd); the caller renames it into place or removes it. */
  tmp: string;
  size: number;
  /** Quoted hex MD5, the ETag of a single-part object. */
  etag: string;
  md5: Buffer;
  /** The flexible checksum computed (declared by the client, else CRC64NVME as S3 does by default). */
  checksum: { algorithm: Algorithm; value: string };
}

const READ_SIZE = 1 << 20;

export async function ingest(req: EmuRequest, tmp: string, defaultAlgorithm: Algorithm | undefined = 'CRC64NVME'): Promise<Ingested> {
  const expected = expectedFrom(req.headers);
  const algorithm = expected.algorithm ?? defaultAlgorithm ?? 'CRC64NVME';
  const hashers: Array<[string, Hasher]> = [['MD5', hasher('MD5')], [algorithm, hasher(algorithm)]];
  if (expected.sha256Hex) hashers.push(['SHA256-PAYLOAD', hasher('SHA256')]);
  const chunked = isAwsChunked(req) ? new ChunkedDecoder() : undefined;
  // A spooled body without framing is already the payload: hash it and rename it (no second copy).
  const adopt = !!req.bodyFile && !chunked;
  const fd = fs.openSync(tmp, 'w', 0o600);
  let size = 0;
  try {
    const onData = (b: Buffer) => {
      for (const [, h] of hashers) h.update(b);
      if (!adopt) fs.writeSync(fd, b);
      size += b.length;
    };
    // For the signed-payload hash: x-amz-content-sha256 covers the bytes as sent.
    const raw = (b: Buffer) => {
      if (chunked) chunked.push(b, onData);
      else onData(b);
    };
    if (req.bodyFile) {
      const src = await fs.promises.open(req.bodyFile.path, 'r');
      try {
        const buf = Buffer.allocUnsafe(READ_SIZE);
        for (;;) {
          const { bytesRead } = await src.read(buf, 0, buf.length, null);
          if (bytesRead === 0) break;
          raw(buf.subarray(0, bytesRead));
        }
      } finally {
        await src.close();
      }
    } else raw(req.body);
    chunked?.end();
    if (adopt) {
      fs.closeSync(fd);
      fs.renameSync(req.bodyFile!.path, tmp);
      const again = fs.openSync(tmp, 'r+');
      fs.fsyncSync(again);
      fs.closeSync(again);
    } else {
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(tmp, { force: true });
    throw asDiskFull(e, tmp); // a full disk answers 503 naming it (store/disk-full.ts)
  }
  try {
    const digests = new Map<string, Buffer>();
    for (const [name, h] of hashers) digests.set(name, await h.digest());
    const md5 = digests.get('MD5')!;
    const value = digests.get(algorithm)!.toString('base64');
    const declaredLength = req.headers['x-amz-decoded-content-length'];
    if (chunked && declaredLength !== undefined && Number(declaredLength) !== size) {
      throw new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
    }
    if (expected.sha256Hex) {
      const got = digests.get('SHA256-PAYLOAD')!.toString('hex');
      if (got !== expected.sha256Hex) throw sha256Mismatch(expected.sha256Hex, got);
    }
    if (expected.md5 && !expected.md5.equals(md5)) throw md5Mismatch();
    let claimed = expected.value;
    if (expected.trailer) {
      claimed = chunked?.trailers[expected.trailer];
      if (claimed === undefined) {
        throw new AwsError('MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.', 400);
      }
      if (!isValidValue(algorithm, claimed)) {
        throw new AwsError('InvalidRequest', `Value for ${expected.trailer} trailing header is invalid.`, 400);
      }
    }
    if (claimed !== undefined && claimed !== value) throw badDigest(algorithm);
    return { tmp, size, etag: `"${md5.toString('hex')}"`, md5, checksum: { algorithm, value } };
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The checks of `ingest` for a small body kept in memory (DeleteObjects, CompleteMultipartUpload, bucket
 * configuration XML): Content-MD5, a flexible checksum header, a hex x-amz-content-sha256. */
export async function verifyInMemory(req: EmuRequest, opts: { flexible: boolean }): Promise<void> {
  const expected = expectedFrom(req.headers);
  if (expected.md5 && !createHash('md5').update(req.body).digest().equals(expected.md5)) throw md5Mismatch();
  if (opts.flexible && expected.algorithm && expected.value !== undefined) {
    const h = hasher(expected.algorithm);
    h.update(req.body);
    if ((await h.digest()).toString('base64') !== expected.value) throw badDigest(expected.algorithm);
  }
  if (expected.sha256Hex) {
    const got = createHash('sha256').update(req.body).digest('hex');
    if (got !== expected.sha256Hex) throw sha256Mismatch(expected.sha256Hex, got);
  }
}
