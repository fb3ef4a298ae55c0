// S3 names by AWS's rules, checked on every action before anything touches the file system: bucket names
// (general purpose bucket rules), object keys (1–1024 UTF-8 bytes) and multipart upload ids. The storage
// layout (layout.ts) then maps any valid key to a path; store/paths.ts `within` is the second wall.
import { invalidArgument, invalidBucketName, noSuchBucket } from './errors.js';
import { AwsError } from '../../types.js';

const DNS_NAME = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
/** Names older us-east-1 buckets could have (uppercase, underscores, up to 255). */
const LEGACY_NAME = /^[A-Za-z0-9._-]{3,255}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** True when `name` may be a general purpose bucket created today. */
export function isValidBucketName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= 63 &&
    DNS_NAME.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !RESERVED_PREFIXES.some((p) => name.startsWith(p)) &&
    !RESERVED_SUFFIXES.some((s) => name.endsWith(s))
  );
}

/** CreateBucket: AWS's naming rules, InvalidBucketName (400) otherwise. */
export function checkBucketName(name: string): void {
  if (!isValidBucketName(name)) throw invalidBucketName(name);
}

/** Any other action: a name no bucket can have is InvalidBucketName (400); a legacy-style name (uppercase,
 * underscores, longer than 63) that could name an old us-east-1 bucket elsewhere is NoSuchBucket (404) here,
 * since no bucket of ours can have it. Either way it never reaches the file system. */
export function requireValidBucketName(name: string): void {
  if (isValidBucketName(name)) return;
  if (LEGACY_NAME.test(name) && !name.includes('..') && !/^\.|\.$/.test(name)) throw noSuchBucket(name);
  throw invalidBucketName(name);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Object keys: 1–1024 bytes of UTF-8. Every such key is storable (see layout.ts). */
export function checkKey(key: string): void {
  if (!key) throw invalidArgument('Object key must not be empty', 'key', key);
  if (Buffer.byteLength(key) > 1024) throw new AwsError('KeyTooLongError', 'Your key is too long', 400, { Size: Buffer.byteLength(key), MaxSizeAllowed: 1024 });
  if (LONE_SURROGATE.test(key)) throw invalidArgument('Object key is not valid UTF-8', 'key', key);
}

/** Upload ids are ours (random UUIDs); anything else names no upload. */
export function isUploadId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}

/** S3 orders keys by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
