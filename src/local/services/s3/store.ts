// S3 state on disk. Object bytes: the browsable tree `<dataDir>/s3/<bucket>/…` (layout.ts says how any key
// maps to a path). Object metadata (etag, content type, user metadata, checksum): one JSON per key at
// `<dataDir>/s3meta/buckets/<bucket>/o/<sha256(key)[0,2]>/<sha256(key)>.json`, named by hash so no key can
// collide with it; bucket settings in `<dataDir>/s3meta/buckets/<bucket>/bucket.json` (no bucket name can
// reach `s3meta/layout.json` or other files of the store). A file dropped in by another writer
// has no (or a stale) metadata file: its metadata is computed lazily (MD5 etag) so it still lists and reads.
// Every path is built from validated names through `within` (store/paths.ts).
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, readJson, writeJsonAtomic } from '../../store/atomic.js';
import { within } from '../../store/paths.js';
import type { StoredChecksum } from './checksums.js';
import { noSuchBucket } from './errors.js';
import { compareKeys, isValidBucketName } from './keys.js';
import { BucketLayout } from './layout.js';
import { migrateIfNeeded } from './migrate.js';
import { beforeReplace } from './versions-store.js';
import { DirCache, KeyWalker, type WalkOptions } from './walk.js';

export interface ObjectMeta {
  etag: string; // quoted MD5 (or multipart `"<md5 of md5s>-<n>"`)
  size: number;
  mtimeMs: number;
  lastModified: number;
  contentType: string;
  contentEncoding?: string;
  cacheControl?: string;
  contentDisposition?: string;
  /** x-amz-meta-* without the prefix, lower-cased names. */
  userMeta: Record<string, string>;
  checksum?: StoredChecksum;
  /** Multipart objects: each part's size, in order (part-number reads, GetObjectAttributes). */
  parts?: number[];
  /** Multipart objects uploaded with a checksum algorithm: each part's checksum (base64), in order. */
  partChecksums?: string[];
  /** Object tags (PutObjectTagging, x-amz-tagging). */
  tags?: Array<{ Key: string; Value: string }>;
  /** Set once the bucket has been versioned: the object's version id (`null` when written while Suspended). */
  versionId?: string;
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
  readonly metaRoot: string;
  private readonly tmpDir: string;
  /** Lazily computed etags of files without a valid metadata file, keyed by path. */
  private readonly etagCache = new Map<string, { size: number; mtimeMs: number; etag: string }>();
  private readonly dirs: DirCache;
  /** The file system folds case or Unicode normalization: names are escaped so keys never fold together. */
  readonly folding: boolean;

  /** `maintain: false` opens without housekeeping (no temp-file sweep, no migration): for readers that do
   * not own the data directory. */
  constructor(dataDir: string, private readonly now: () => number, opts: { maintain?: boolean } = {}) {
    this.root = path.join(dataDir, 's3');
    this.metaRoot = path.join(dataDir, 's3meta');
    this.tmpDir = path.join(dataDir, 'tmp');
    this.dirs = new DirCache((dir, hash) => this.longText(path.relative(this.root, dir).split(path.sep)[0]!, hash));
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
    fs.mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
    const recorded = readJson<{ folding?: boolean } | undefined>(path.join(this.metaRoot, 'layout.json'), undefined);
    this.folding = recorded ? !!recorded.folding : opts.maintain !== false && foldsNames(this.root);
    if (opts.maintain === false) return;
    // Temp files of writes cut by a crash were never acknowledged: drop them (we own the data dir now).
    for (const name of fs.readdirSync(this.tmpDir)) {
      if (name.startsWith('s3-')) fs.rmSync(path.join(this.tmpDir, name), { force: true });
    }
    migrateIfNeeded(this);
  }

  layout(bucket: string): BucketLayout {
    return new BucketLayout(within(this.root, bucket), within(this.metaRoot, 'buckets', bucket, 'long'), this.folding);
  }

  bucketDir(bucket: string): string {
    return within(this.root, bucket);
  }

  bucketExists(bucket: string): boolean {
    if (!isValidBucketName(bucket)) return false;
    try {
      return fs.lstatSync(this.bucketDir(bucket)).isDirectory();
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
      .filter((d) => d.isDirectory() && isValidBucketName(d.name))
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
    fs.mkdirSync(this.bucketDir(bucket), { mode: 0o700 });
    fsyncDir(this.root);
  }

  deleteBucket(bucket: string): void {
    // Only empty directories can remain (bucketIsEmpty was checked): remove them, then the bucket's metadata.
    fs.rmSync(this.bucketDir(bucket), { recursive: true });
    fsyncDir(this.root);
    fs.rmSync(this.bucketMetaDir(bucket), { recursive: true, force: true });
    this.dirs.clear();
  }

  bucketIsEmpty(bucket: string): boolean {
    return this.walker(bucket).next() === undefined;
  }

  /** The object's file if it exists, else where a plain write would put it. */
  objectPath(bucket: string, key: string): string {
    const l = this.layout(bucket);
    return l.find(key) ?? l.candidates(key).plain;
  }

  /** A fresh temp file path on the same filesystem as the objects. */
  tmpFile(): string {
    return path.join(this.tmpDir, `s3-${randomUUID()}`);
  }

  /** Write an object durably: tmp file + fsync + rename, then its metadata. Returns the new metadata. */
  putBytes(bucket: string, key: string, body: Buffer, meta: WriteMeta = DEFAULT_META): ObjectMeta {
    const tmp = this.tmpFile();
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, body);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return this.moveIntoPlace(bucket, key, tmp, meta, md5Etag(body));
  }

  /** Move an already written temp file into place as the object (uploads, Firehose, CopyObject). */
  moveIntoPlace(bucket: string, key: string, tmp: string, meta: WriteMeta = DEFAULT_META, etag?: string): ObjectMeta {
    try {
      this.requireBucket(bucket);
      fs.chmodSync(tmp, 0o600);
      // A versioned bucket keeps the object being replaced (versions-store.ts); others change nothing.
      const versionId = beforeReplace(this, bucket, key);
      const dest = this.layout(bucket).place(key, tmp);
      this.invalidateUp(bucket, path.dirname(dest));
      const st = fs.statSync(dest);
      const { versionId: _old, ...rest } = meta as ObjectMeta;
      const full: ObjectMeta = { ...rest, etag: etag ?? md5File(dest), size: st.size, mtimeMs: st.mtimeMs, lastModified: this.now(), ...(versionId ? { versionId } : {}) };
      writeJsonAtomic(this.metaFile(bucket, key), { key, ...full });
      return full;
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  }

  /** Metadata of an existing object, or undefined. */
  head(bucket: string, key: string): ObjectMeta | undefined {
    this.requireBucket(bucket);
    const p = this.layout(bucket).find(key);
    return p === undefined ? undefined : this.metaAt(bucket, key, p);
  }

  /** Metadata of the object whose file is `p` (from a listing). */
  metaAt(bucket: string, key: string, p: string): ObjectMeta | undefined {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return undefined;
    }
    const side = readJson<(ObjectMeta & { key: string }) | undefined>(this.metaFile(bucket, key), undefined);
    if (side && side.key === key && side.size === st.size && side.mtimeMs === st.mtimeMs) {
      const { key: _k, ...meta } = side;
      return meta;
    }
    return { ...DEFAULT_META, etag: this.lazyEtag(p, st), size: st.size, mtimeMs: st.mtimeMs, lastModified: st.mtimeMs };
  }

  /** Remove an object (no error when absent) and the directories it leaves empty. */
  delete(bucket: string, key: string): void {
    this.requireBucket(bucket);
    const l = this.layout(bucket);
    const { plain } = l.candidates(key);
    l.remove(key);
    this.invalidateUp(bucket, path.dirname(plain));
    fs.rmSync(this.metaFile(bucket, key), { force: true });
  }

  /** A cursor over the bucket's keys in S3 order. */
  walker(bucket: string, opts: WalkOptions = {}): KeyWalker {
    return new KeyWalker(this.dirs, this.bucketDir(bucket), opts);
  }

  /** Every key under `prefix` with its file, sorted by UTF-8 bytes (internal callers: Firehose, Athena). */
  keys(bucket: string, prefix = ''): Array<{ key: string; path: string }> {
    const w = this.walker(bucket, { prefix });
    const out: Array<{ key: string; path: string }> = [];
    for (let o = w.next(); o; o = w.next()) out.push(o);
    return out;
  }

  private longText(bucket: string, hash: string): string | undefined {
    try {
      return fs.readFileSync(within(this.bucketMetaDir(bucket), 'long', hash), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Our own changes to a directory (and the parents a mkdir or prune touched) drop their cached listing. */
  invalidateUp(bucket: string, dir: string): void {
    const top = this.bucketDir(bucket);
    for (let d = dir; d.startsWith(top); d = path.dirname(d)) {
      this.dirs.invalidate(d);
      if (d === top) break;
    }
  }

  private lazyEtag(p: string, st: fs.Stats): string {
    const hit = this.etagCache.get(p);
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.etag;
    const etag = md5File(p);
    this.etagCache.set(p, { size: st.size, mtimeMs: st.mtimeMs, etag });
    return etag;
  }

  metaFile(bucket: string, key: string): string {
    const h = createHash('sha256').update(key).digest('hex');
    return within(this.bucketMetaDir(bucket), 'o', h.slice(0, 2), `${h}.json`);
  }

  /** `s3meta/buckets/<bucket>`: everything the store keeps about one bucket besides its objects. */
  bucketMetaDir(bucket: string): string {
    return within(this.metaRoot, 'buckets', bucket);
  }

  private bucketMetaFile(bucket: string): string {
    return within(this.bucketMetaDir(bucket), 'bucket.json');
  }
}

/** Whether `dir`'s file system treats names that differ in case or Unicode normalization as one (macOS's
 * default APFS does). Probe files start with `.`, which no bucket name can. */
export function foldsNames(dir: string): boolean {
  const base = path.join(dir, `.lh-probe-${process.pid}-`);
  const pairs = [['Aa', 'aa'], ['\u00e9', 'e\u0301']];
  try {
    return pairs.some(([a, b]) => {
      fs.writeFileSync(base + a, '');
      try {
        return fs.existsSync(base + b);
      } finally {
        fs.rmSync(base + a, { force: true });
      }
    });
  } catch {
    return false;
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
