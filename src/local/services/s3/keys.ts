// Bucket names and object keys as filesystem paths. Objects are plain files at `<root>/<bucket>/<key>`;
// keys that cannot be a path (`.`/`..`/empty segments, NUL, overlong segments) are refused rather than
// allowed to escape or collide.
import path from 'node:path';
import { invalidArgument, invalidBucketName } from './errors.js';

export function checkBucketName(name: string): void {
  const ok =
    name.length >= 3 &&
    name.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias');
  if (!ok) throw invalidBucketName(name);
}

/** Path segments of a key (a trailing `/` is a "folder" key: its last segment is ''). */
export function keySegments(key: string): string[] {
  if (!key) throw invalidArgument('Object key must not be empty', 'key', key);
  if (Buffer.byteLength(key) > 1024) {
    throw invalidArgument('Your key is too long', 'key', key);
  }
  const segs = key.split('/');
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    const last = i === segs.length - 1;
    if ((s === '' && !(last && i > 0)) || s === '.' || s === '..' || s.includes('\0') || Buffer.byteLength(s) > 255) {
      throw invalidArgument(`The local emulator stores objects as files and cannot store the key "${key}"`, 'key', key);
    }
  }
  return segs;
}

/** Filesystem path of `key` under `bucketDir` (folder keys map to a directory). */
export function keyToPath(bucketDir: string, key: string): string {
  const p = path.join(bucketDir, ...keySegments(key));
  // Defence in depth: the checks above already rule out escapes.
  if (p !== bucketDir && !p.startsWith(bucketDir + path.sep)) throw invalidArgument('Invalid key', 'key', key);
  return p;
}

/** S3 orders keys by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
