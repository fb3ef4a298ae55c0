// Where an object's bytes live: `<dataDir>/s3/<bucket>/<seg>/<seg>/…/<last>`, one directory per key segment,
// so the lake stays a browsable folder of plain files DuckDB reads by path, and Firehose's keys
// (`events/2026/12/02/09/…parquet`) keep exactly their key as their path.
//
// Why this scheme (and not an index of keys → opaque files): the lake must stay readable by path with no
// emulator running, and listing must keep working for files dropped in by hand. Any set of valid keys still
// coexists, because a segment is escaped only where the file system cannot hold it:
//   - `%`, `\` and control characters are percent-escaped as UTF-8 bytes (`%25`, `%5C`, `%0A`); on a
//     case- or normalization-insensitive file system also upper case and non-ASCII; `.` → `%2E`,
//     `..` → `%2E%2E`; an empty segment (`a//b`, the folder key `a/`) → `%empty`.
//   - A segment whose escaped name would pass NAME_MAX → `%long-<sha256>`, its text kept in
//     `<dataDir>/s3meta/buckets/<bucket>/long/<sha256>` (written before the object, so a listing can name it).
//   - A key that is both a file and a folder (`a/b` beside `a/b/c`): the directory keeps the plain name and
//     the object file gets the suffix `%obj` (`a/b%obj`). Escaped names never hold `%` followed by anything
//     but two upper-case hex digits, so no other key's name can end in `%obj` or start with `%empty`/`%long-`.
// A file at the plain name is moved aside (one rename) when a folder of that name is needed; reads look at
// `name%obj` first, then `name`. Metadata lives apart (s3meta, by key hash), so no key collides with it.
// Noncurrent versions (not built yet) can live in their own area beside this one (e.g. `s3versions/`),
// leaving this tree the current view of each bucket.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, writeFileAtomic } from '../../store/atomic.js';
import { within } from '../../store/paths.js';
import { AwsError } from '../../types.js';

export const FILE_SUFFIX = '%obj';
const EMPTY = '%empty';
const LONG = '%long-';
/** Room for FILE_SUFFIX under the usual 255-byte NAME_MAX. */
const MAX_NAME = 240;

const NEEDS_ESCAPE = /[%\\\u0000-\u001f\u007f]/g;
/** On a file system that folds case or Unicode normalization (macOS's default APFS), upper-case letters and
 * every non-ASCII character are escaped too: names are then ASCII with upper case only in `%XX`, so two keys
 * can never fold to the same name. */
const NEEDS_ESCAPE_FOLDING = /[%\\\u0000-\u001fA-Z\u007f-\u{10ffff}]/gu;

const pct = (c: string) => [...Buffer.from(c)].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');

/** File-system name of one key segment (without FILE_SUFFIX); `long` is set when it had to be hashed. */
export function escapeSegment(seg: string, folding = false): { name: string; long?: string } {
  if (seg === '') return { name: EMPTY };
  if (seg === '.') return { name: '%2E' };
  if (seg === '..') return { name: '%2E%2E' };
  const name = seg.replace(folding ? NEEDS_ESCAPE_FOLDING : NEEDS_ESCAPE, pct);
  if (Buffer.byteLength(name) <= MAX_NAME) return { name };
  const hash = createHash('sha256').update(seg).digest('hex');
  return { name: LONG + hash, long: hash };
}

/** The key segment of a directory or file name (FILE_SUFFIX already removed); undefined for a hashed name
 * (the caller looks it up). Escapes are UTF-8 bytes; names not made by escapeSegment (dropped in by hand)
 * decode leniently. */
export function unescapeName(name: string): string | undefined {
  if (name === EMPTY) return '';
  if (name.startsWith(LONG)) return undefined;
  return name.replace(/(?:%[0-9A-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

export function longHashOf(name: string): string | undefined {
  return name.startsWith(LONG) ? name.slice(LONG.length) : undefined;
}

/** Paths of one bucket's tree. */
export class BucketLayout {
  constructor(
    /** `<dataDir>/s3/<bucket>` */
    readonly dir: string,
    /** `<dataDir>/s3meta/buckets/<bucket>/long`: texts of hashed segments. */
    readonly longDir: string,
    /** The file system folds case or normalization (see NEEDS_ESCAPE_FOLDING). */
    readonly folding = false,
  ) {}

  /** Directory names and the file's base name of a key. */
  private names(key: string): { dirs: string[]; file: string; longs: Array<{ hash: string; seg: string }> } {
    const segs = key.split('/');
    const longs: Array<{ hash: string; seg: string }> = [];
    const names = segs.map((s) => {
      const e = escapeSegment(s, this.folding);
      if (e.long) longs.push({ hash: e.long, seg: s });
      return e.name;
    });
    return { dirs: names.slice(0, -1), file: names[names.length - 1]!, longs };
  }

  /** The two places the object file may be: plain name and plain name + FILE_SUFFIX. */
  candidates(key: string): { plain: string; suffixed: string } {
    const { dirs, file } = this.names(key);
    return { plain: within(this.dir, ...dirs, file), suffixed: within(this.dir, ...dirs, file + FILE_SUFFIX) };
  }

  /** The object's file, or undefined. Only regular files count (a symlink dropped in is never followed). */
  find(key: string): string | undefined {
    const { plain, suffixed } = this.candidates(key);
    if (!this.realDirInside(plain)) return undefined;
    if (isFile(suffixed)) return suffixed;
    if (isFile(plain)) return plain;
    return undefined;
  }

  /** The object's folder, resolved, is inside the bucket's: a symlinked folder put into the tree by hand
   * (S3 never makes one) cannot lead a read or a delete outside it. */
  private realDirInside(p: string): boolean {
    try {
      const real = fs.realpathSync(path.dirname(p));
      const top = fs.realpathSync(this.dir);
      return real === top || real.startsWith(top + path.sep);
    } catch {
      return false; // the folder does not exist: no object
    }
  }

  /** Rename `tmp` into place as `key`: directories made (a file in the way moved aside to its suffixed
   * name), then one atomic rename, then the directory fsync'd. Returns the object's path. */
  place(key: string, tmp: string): string {
    const { dirs, file, longs } = this.names(key);
    for (const l of longs) {
      const f = within(this.longDir, l.hash);
      if (!fs.existsSync(f)) writeFileAtomic(f, l.seg);
    }
    let cur = this.dir;
    for (const name of dirs) {
      const next = within(cur, name);
      const st = lstat(next);
      if (st?.isDirectory()) {
        cur = next;
        continue;
      }
      if (st?.isFile()) fs.renameSync(next, next + FILE_SUFFIX); // the object `…/name` keeps its bytes
      else if (st) {
        // Only by hand (a symlink, a socket…): never followed, refused in words that say why.
        throw new AwsError('InvalidRequest', `The local emulator will not store under ${path.relative(this.dir, next)}: it is not a folder the emulator made (a symlink or special file put there by hand)`, 400);
      }
      fs.mkdirSync(next, { mode: 0o700 });
      fsyncDir(cur);
      cur = next;
    }
    const plain = within(cur, file);
    const suffixed = within(cur, file + FILE_SUFFIX);
    const dest = lstat(plain)?.isDirectory() || lstat(suffixed) ? suffixed : plain;
    fs.renameSync(tmp, dest);
    fsyncDir(cur);
    return dest;
  }

  /** Remove the object's file(s) and the directories that become empty. True when something was removed. */
  remove(key: string): boolean {
    const { plain, suffixed } = this.candidates(key);
    if (!this.realDirInside(plain)) return false;
    let removed = false;
    for (const p of [suffixed, plain]) {
      if (!isFile(p)) continue;
      fs.unlinkSync(p);
      removed = true;
    }
    if (removed) {
      let dir = path.dirname(plain);
      while (dir.startsWith(this.dir + path.sep)) {
        try {
          fs.rmdirSync(dir);
        } catch {
          break; // not empty (or gone): stop pruning
        }
        dir = path.dirname(dir);
      }
      fsyncDir(dir);
    }
    return removed;
  }
}

function lstat(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function isFile(p: string): boolean {
  return lstat(p)?.isFile() ?? false;
}
