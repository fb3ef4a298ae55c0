// Integrity checks S3 makes on uploads, with AWS's codes and wording: Content-MD5 (InvalidDigest/BadDigest),
// the flexible checksums of the S3 model's ChecksumAlgorithm (x-amz-checksum-crc32|crc32c|crc64nvme|sha1|
// sha256|sha512|md5|xxhash64|xxhash3|xxhash128, as a header or an aws-chunked
// trailer named by x-amz-trailer; BadDigest "The CRC32 you specified did not match the calculated checksum."),
// and a hex x-amz-content-sha256 (XAmzContentSHA256Mismatch). All hashers are incremental, so a 5 GiB body
// is checked while it streams to disk.
import { createHash, type Hash } from 'node:crypto';
import zlib from 'node:zlib';
// The SDK's own implementations (a dependency of @aws-sdk/client-s3), so client and emulator agree bit for bit.
import { Crc32cJs, Crc64NvmeJs } from '@aws-sdk/checksums/crc';
import { Xxh3_128Js, Xxh3_64Js, Xxh64Js } from '@aws-sdk/checksums/xxh';
import { AwsError } from '../../types.js';

export const ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256', 'SHA512', 'MD5', 'XXHASH64', 'XXHASH3', 'XXHASH128'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

const DIGEST_BYTES: Record<Algorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
  SHA512: 64,
  MD5: 16,
  XXHASH64: 8,
  XXHASH3: 8,
  XXHASH128: 16,
};

export const headerOf = (a: Algorithm) => `x-amz-checksum-${a.toLowerCase()}`;

export interface Hasher {
  update(b: Uint8Array): void;
  digest(): Promise<Buffer>;
}

export function hasher(a: Algorithm): Hasher {
  switch (a) {
    case 'CRC32': {
      let crc = 0;
      return {
        update: (b) => void (crc = zlib.crc32(b, crc)),
        digest: async () => {
          const out = Buffer.alloc(4);
          out.writeUInt32BE(crc >>> 0);
          return out;
        },
      };
    }
    case 'CRC32C':
    case 'CRC64NVME':
    case 'XXHASH64':
    case 'XXHASH3':
    case 'XXHASH128': {
      const h = new { CRC32C: Crc32cJs, CRC64NVME: Crc64NvmeJs, XXHASH64: Xxh64Js, XXHASH3: Xxh3_64Js, XXHASH128: Xxh3_128Js }[a]();
      return { update: (b) => h.update(b), digest: async () => Buffer.from(await h.digest()) };
    }
    default: {
      const h: Hash = createHash(a.toLowerCase());
      return { update: (b) => void h.update(b), digest: async () => h.digest() };
    }
  }
}

/** What the request asks us to verify, read from its headers before the body is touched. */
export interface Expected {
  /** Content-MD5, raw bytes. */
  md5?: Buffer;
  /** The flexible checksum algorithm to compute (declared by value header, trailer or SDK header). */
  algorithm?: Algorithm;
  /** Its value from the header (base64); a trailer's value arrives after the body. */
  value?: string;
  /** The trailer that will carry the value (aws-chunked). */
  trailer?: string;
  /** Hex x-amz-content-sha256 of a signed payload. */
  sha256Hex?: string;
}

const invalidRequest = (message: string) => new AwsError('InvalidRequest', message, 400);

export function expectedFrom(headers: Record<string, string>): Expected {
  const out: Expected = {};
  const md5 = headers['content-md5'];
  if (md5 !== undefined) {
    const raw = Buffer.from(md5, 'base64');
    if (raw.length !== 16 || raw.toString('base64') !== md5.trim()) {
      throw new AwsError('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400);
    }
    out.md5 = raw;
  }
  const present = ALGORITHMS.filter((a) => headers[headerOf(a)] !== undefined);
  if (present.length > 1) {
    throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  if (present.length === 1) {
    const a = present[0]!;
    const value = headers[headerOf(a)]!.trim();
    if (!isValidValue(a, value)) throw invalidRequest(`Value for ${headerOf(a)} header is invalid.`);
    out.algorithm = a;
    out.value = value;
  }
  const trailer = (headers['x-amz-trailer'] ?? '').trim().toLowerCase();
  if (trailer) {
    const a = ALGORITHMS.find((x) => headerOf(x) === trailer);
    if (!a) throw invalidRequest('The value specified in the x-amz-trailer header is not supported');
    if (out.algorithm && out.algorithm !== a) {
      throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
    }
    out.algorithm = a;
    out.trailer = trailer;
  }
  const sdk = headers['x-amz-sdk-checksum-algorithm']?.toUpperCase();
  if (sdk && !out.algorithm) {
    if (!(ALGORITHMS as readonly string[]).includes(sdk)) {
      throw unsupportedAlgorithm();
    }
    out.algorithm = sdk as Algorithm;
  }
  const sha = headers['x-amz-content-sha256'];
  if (sha && /^[0-9a-f]{64}$/i.test(sha)) out.sha256Hex = sha.toLowerCase();
  return out;
}

export const unsupportedAlgorithm = () =>
  invalidRequest(`Checksum algorithm provided is unsupported. Please try again with any of the valid types: [${ALGORITHMS.join(', ')}]`);

export function isValidValue(a: Algorithm, value: string): boolean {
  const raw = Buffer.from(value, 'base64');
  return raw.length === DIGEST_BYTES[a] && raw.toString('base64') === value;
}

export const badDigest = (a: Algorithm) =>
  new AwsError('BadDigest', `The ${a} you specified did not match the calculated checksum.`, 400);

export const md5Mismatch = () => new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);

export const sha256Mismatch = (client: string, computed: string) =>
  new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
    ClientComputedContentSHA256: client,
    S3ComputedContentSHA256: computed,
  });

/** A stored object checksum, as S3 returns it (x-amz-checksum-<algo>, x-amz-checksum-type). */
export interface StoredChecksum {
  algorithm: Algorithm;
  /** base64; composite multipart values end in `-<parts>`. */
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

/** Response headers for a stored checksum (GetObject/HeadObject with x-amz-checksum-mode: ENABLED). */
export function checksumHeaders(c: StoredChecksum | undefined): Record<string, string> {
  if (!c) return {};
  return { [headerOf(c.algorithm)]: c.value, 'x-amz-checksum-type': c.type };
}
