// S3 state on disk. Objects: plain files `<dataDir>/s3/<bucket>/<key>`. Object metadata (etag, content
// type, user metadata) in sidecars `<dataDir>/s3meta/<bucket>/o/<key>.meta.json`, bucket settings in
// `<dataDir>/s3meta/<bucket>/bucket.json`. A file dropped in by another writer has no (or a stale) sidecar:
// its metadata is computed lazily (MD5 etag) so it still lists and reads.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, readJson, writeJsonAtomic } from '../../store/atomic.js';
import { invalidArgument, noSuchBucket } from './errors.js';
import { compareKeys, keySegments, keyToPath } from './keys.js';

export interface ObjectMeta {
  etag: string; // quoted MD5
  size: number;
  mtimeMs: number;
  lastModified: number;
  contentType: string;
  contentEncoding?: string;
  cacheControl?: string;
  contentDisposition?: string;
  /** x-amz-meta-* without the prefix, lower-cased names. */
  userMeta: Record<string, string>;
}

export interface BucketMeta {
  created: number;
  region: string;
  tags?: Array<{ Key: string; Value: string }>;
  /** Raw XML bodies stored as PUT (returned verbatim by GET). */
  encryptionXml?: string;
  publicAccessBlockXml?: string;
}

export type WriteMeta = Omit<ObjectMeta, 'etag' | 'size' | 'mtimeMs' | 'lastModified'>;

const DEFAULT_META: WriteMeta = { contentType: 'binary/octet-stream', userMeta: {} };

export class S3Store {
  readonly root: string;
  private readonly metaRoot: string;
  private readonly tmpDir: string;
  /** Lazily computed etags of files without a valid sidecar, keyed by path. */
  private readonly etagCache = new Map<string, { size: number; mtimeMs: number; etag: string }>();

  constructor(dataDir: string, private readonly now: () => number) {
    this.root = path.join(dataDir, 's3');
    this.metaRoot = path.join(dataDir, 's3meta');
    this.tmpDir = path.join(dataDir, 'tmp');
    fs.mkdirSync(this.root, { recursive: true });
    fs.mkdirSync(this.tmpDir, { recursive: true });
    // Temp files of writes cut by a crash were never acknowledged: drop them (we own the data dir now).
    for (const name of fs.readdirSync(this.tmpDir)) {
      if (name.startsWith('s3-')) fs.rmSync(path.join(this.tmpDir, name), { force: true });
    }
  }

  bucketDir(bucket: string): string {
    return path.join(this.root, bucket);
  }

  bucketExists(bucket: string): boolean {
    try {
      return fs.statSync(this.bucketDir(bucket)).isDirectory();
    } catch {
      return false;
    }
  }

  requireBucket(bucket: string): void {
    if (!this.bucketExists(bucket)) throw noSuchBucket(bucket);
  }

  listBuckets(): string[] {
    return fs
      .readdirSync(this.root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort(compareKeys);
  }

  bucketMeta(bucket: string): BucketMeta {
    const meta = readJson<BucketMeta | undefined>(this.bucketMetaFile(bucket), undefined);
    if (meta) return meta;
    // A directory made by hand is a bucket too.
    return { created: fs.statSync(this.bucketDir(bucket)).birthtimeMs || this.now(), region: 'us-east-1' };
  }

  writeBucketMeta(bucket: string, meta: BucketMeta): void {
    writeJsonAtomic(this.bucketMetaFile(bucket), meta);
  }

  createBucket(bucket: string, region: string): void {
    this.writeBucketMeta(bucket, { created: this.now(), region });
    fs.mkdirSync(this.bucketDir(bucket));
    fsyncDir(this.root);
  }

  deleteBucket(bucket: string): void {
    fs.rmdirSync(this.bucketDir(bucket)); // throws ENOTEMPTY when objects remain
    fs.rmSync(path.join(this.metaRoot, bucket), { recursive: true, force: true });
  }

  bucketIsEmpty(bucket: string): boolean {
    return fs.readdirSync(this.bucketDir(bucket)).length === 0;
  }

  objectPath(bucket: string, key: string): string {
    return keyToPath(this.bucketDir(bucket), key);
  }

  /** A fresh temp file path on the same filesystem as the objects. */
  tmpFile(): string {
    return path.join(this.tmpDir, `s3-${randomUUID()}`);
  }

  /** Write an object durably: tmp file + fsync + rename, then its sidecar. Returns the new metadata. */
  putBytes(bucket: string, key: string, body: Buffer, meta: WriteMeta = DEFAULT_META): ObjectMeta {
    const tmp = this.tmpFile();
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, body);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return this.moveIntoPlace(bucket, key, tmp, meta, md5Etag(body));
  }

  /** Move an already written temp file into place as the object (Firehose, CopyObject). */
  moveIntoPlace(bucket: string, key: string, tmp: string, meta: WriteMeta = DEFAULT_META, etag?: string): ObjectMeta {
    this.requireBucket(bucket);
    const segs = keySegments(key);
    const dest = this.objectPath(bucket, key);
    try {
      if (segs[segs.length - 1] === '') {
        // A "folder" key: only empty bodies can be kept (as the directory itself).
        if (fs.statSync(tmp).size > 0) throw invalidArgument(`The local emulator cannot store data under the folder key "${key}"`);
        fs.mkdirSync(dest, { recursive: true });
        fs.rmSync(tmp);
      } else {
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.renameSync(tmp, dest);
      }
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOTEMPTY') {
        throw invalidArgument(`The local emulator cannot store "${key}" beside a key that is its folder or file`, 'key', key);
      }
      throw e;
    }
    fsyncDir(path.dirname(dest));
    const st = fs.statSync(dest);
    const full: ObjectMeta = {
      ...meta,
      etag: etag ?? (st.isDirectory() ? md5Etag(Buffer.alloc(0)) : md5File(dest)),
      size: st.isDirectory() ? 0 : st.size,
      mtimeMs: st.mtimeMs,
      lastModified: this.now(),
    };
    writeJsonAtomic(this.sidecar(bucket, key), full);
    return full;
  }

  /** Metadata of an existing object, or undefined. */
  head(bucket: string, key: string): ObjectMeta | undefined {
    this.requireBucket(bucket);
    const p = this.objectPath(bucket, key);
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return undefined;
    }
    const folderKey = key.endsWith('/');
    if (st.isDirectory() !== folderKey) return undefined;
    const side = readJson<ObjectMeta | undefined>(this.sidecar(bucket, key), undefined);
    if (folderKey) return side; // a directory is an object only when created as a folder key
    if (side && side.size === st.size && side.mtimeMs === st.mtimeMs) return side;
    return { ...DEFAULT_META, etag: this.lazyEtag(p, st), size: st.size, mtimeMs: st.mtimeMs, lastModified: st.mtimeMs };
  }

  /** Remove an object (no error when absent) and the directories it leaves empty. */
  delete(bucket: string, key: string): void {
    this.requireBucket(bucket);
    const p = this.objectPath(bucket, key);
    const folderKey = key.endsWith('/');
    try {
      if (folderKey) fs.rmdirSync(p);
      else fs.unlinkSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EISDIR' && code !== 'ENOTDIR' && code !== 'EEXIST') throw e;
    }
    fs.rmSync(this.sidecar(bucket, key), { force: true });
    this.pruneEmptyDirs(bucket, path.dirname(p));
  }

  /** Every key of a bucket under `prefix`, sorted by UTF-8 bytes. Walks only the prefix's directory. */
  keys(bucket: string, prefix = ''): Array<{ key: string; path: string }> {
    const bucketDir = this.bucketDir(bucket);
    const dirPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const out: Array<{ key: string; path: string }> = [];
    const walk = (dir: string, keyPrefix: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const key = keyPrefix + e.name;
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (fs.existsSync(this.sidecar(bucket, key + '/'))) out.push({ key: key + '/', path: full });
          walk(full, key + '/');
        } else if (e.isFile() || e.isSymbolicLink()) {
          out.push({ key, path: full });
        }
      }
    };
    if (dirPart) {
      try {
        walk(this.objectPath(bucket, dirPart + '/'), dirPart + '/');
      } catch {
        // A prefix that cannot be a path has no objects.
      }
    } else walk(bucketDir, '');
    return out.filter((o) => o.key.startsWith(prefix)).sort((a, b) => compareKeys(a.key, b.key));
  }

  private lazyEtag(p: string, st: fs.Stats): string {
    const hit = this.etagCache.get(p);
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.etag;
    const etag = md5File(p);
    this.etagCache.set(p, { size: st.size, mtimeMs: st.mtimeMs, etag });
    return etag;
  }

  private pruneEmptyDirs(bucket: string, dir: string): void {
    const bucketDir = this.bucketDir(bucket);
    while (dir.startsWith(bucketDir + path.sep)) {
      const rel = path.relative(bucketDir, dir).split(path.sep).join('/');
      if (fs.existsSync(this.sidecar(bucket, rel + '/'))) return; // a folder key keeps its directory
      try {
        fs.rmdirSync(dir);
      } catch {
        return;
      }
      dir = path.dirname(dir);
    }
  }

  private sidecar(bucket: string, key: string): string {
    // Folder keys ("a/") get their own tree so their sidecars never collide with a key's.
    if (key.endsWith('/')) return path.join(this.metaRoot, bucket, 'f', ...keySegments(key.slice(0, -1))) + '.meta.json';
    return path.join(this.metaRoot, bucket, 'o', ...keySegments(key)) + '.meta.json';
  }

  private bucketMetaFile(bucket: string): string {
    return path.join(this.metaRoot, bucket, 'bucket.json');
  }
}

export function md5Etag(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

export function md5File(p: string): string {
  const hash = createHash('md5');
  const fd = fs.openSync(p, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return `"${hash.digest('hex')}"`;
}

