// Keys of a bucket in S3 order (UTF-8 bytes), read lazily from the layout's tree (layout.ts), so a page of
// ListObjectsV2 reads only the directories it needs: subtrees wholly before the start key, outside the
// prefix, or inside a common prefix already returned are never opened.
//
// Why a depth-first walk yields sorted keys: in a directory, a file entry stands for the key `<seg>` and a
// directory for keys `<seg>/…`. Sorting entries by `<seg>` (files) and `<seg>/` (directories) as bytes
// orders their key ranges, because no segment contains `/`: one sort string is a prefix of another only when
// a file `x` precedes the folder `x/`, and `x` is smaller than every key under it.
import fs from 'node:fs';
import path from 'node:path';
import { FILE_SUFFIX, longHashOf, unescapeName } from './layout.js';

interface Entry {
  /** Sort string as bytes: `<seg>` or `<seg>/`. */
  sort: Buffer;
  seg: string;
  dir: boolean;
  path: string;
}

/** Sorted entries of a directory; a settled directory's list is cached (see DirCache). */
export class DirCache {
  private readonly cache = new Map<string, { mtimeMs: number; entries: Entry[] }>();
  private size = 0;

  /** `longText(dir, hash)`: the segment text of a hashed name found in `dir`. */
  constructor(private readonly longText: (dir: string, hash: string) => string | undefined) {}

  /** Forget a directory this process just changed. */
  invalidate(dir: string): void {
    const hit = this.cache.get(dir);
    if (!hit) return;
    this.size -= hit.entries.length;
    this.cache.delete(dir);
  }

  clear(): void {
    this.cache.clear();
    this.size = 0;
  }

  entries(dir: string): Entry[] {
    let st: fs.Stats;
    try {
      st = fs.statSync(dir);
    } catch {
      return [];
    }
    const hit = this.cache.get(dir);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit.entries;
    const entries = this.read(dir);
    // Only cache a directory whose last change is not recent: file times are coarse, so a change made by
    // another writer within the same tick as our read would otherwise go unseen until the next change.
    if (Date.now() - st.mtimeMs > 2000) {
      this.invalidate(dir);
      if (this.size + entries.length > 2_000_000) this.clear();
      this.cache.set(dir, { mtimeMs: st.mtimeMs, entries });
      this.size += entries.length;
    }
    return entries;
  }

  private read(dir: string): Entry[] {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    const bySort = new Map<string, Entry>();
    for (const d of dirents) {
      const isDir = d.isDirectory();
      if (!isDir && !d.isFile()) continue; // symlinks, sockets…: never objects
      let name = d.name;
      const suffixed = !isDir && name.endsWith(FILE_SUFFIX);
      if (suffixed) name = name.slice(0, -FILE_SUFFIX.length);
      const hash = longHashOf(name);
      const seg = hash ? this.longText(dir, hash) : unescapeName(name);
      if (seg === undefined) continue; // a hashed name whose text is gone: unnamed, so not listed
      const sortKey = isDir ? seg + '/' : seg;
      const prev = bySort.get(sortKey);
      // A plain file beside its suffixed twin (only by hand or a cut-off rename): the suffixed one is current.
      if (prev && !isDir && !suffixed) continue;
      bySort.set(sortKey, { sort: Buffer.from(sortKey), seg, dir: isDir, path: path.join(dir, d.name) });
    }
    return [...bySort.values()].sort((a, b) => Buffer.compare(a.sort, b.sort));
  }
}

export interface WalkOptions {
  prefix?: string;
  /** Only keys strictly after this one. */
  after?: string;
  /** Skip every key starting with this (a common prefix already returned). */
  skipPrefix?: string;
}

/** A cursor over a bucket's keys in order; `skip(p)` drops every further key that starts with `p`. */
export class KeyWalker {
  private readonly stack: Array<{ entries: Entry[]; i: number; keyPrefix: string }> = [];
  private skipPrefix: string | undefined;
  private readonly prefix: string;
  private readonly after: Buffer | undefined;

  constructor(private readonly cache: DirCache, root: string, opts: WalkOptions = {}) {
    this.prefix = opts.prefix ?? '';
    this.after = opts.after ? Buffer.from(opts.after) : undefined;
    this.skipPrefix = opts.skipPrefix;
    this.stack.push({ entries: cache.entries(root), i: 0, keyPrefix: '' });
  }

  skip(prefix: string): void {
    this.skipPrefix = prefix;
  }

  next(): { key: string; path: string } | undefined {
    while (this.stack.length) {
      const top = this.stack[this.stack.length - 1]!;
      if (top.i >= top.entries.length) {
        this.stack.pop();
        continue;
      }
      const e = top.entries[top.i++]!;
      const key = top.keyPrefix + e.seg;
      if (e.dir) {
        const under = key + '/';
        if (!(under.startsWith(this.prefix) || this.prefix.startsWith(under))) {
          if (compareStr(under, this.prefix) > 0) return this.done();
          continue;
        }
        if (this.skipPrefix !== undefined && under.startsWith(this.skipPrefix)) continue;
        if (this.after && wholly(Buffer.from(under), this.after)) continue;
        this.stack.push({ entries: this.cache.entries(e.path), i: 0, keyPrefix: under });
        continue;
      }
      if (!key.startsWith(this.prefix)) {
        if (compareStr(key, this.prefix) > 0) return this.done();
        continue;
      }
      if (this.skipPrefix !== undefined && key.startsWith(this.skipPrefix)) continue;
      if (this.after && Buffer.compare(Buffer.from(key), this.after) <= 0) continue;
      return { key, path: e.path };
    }
    return undefined;
  }

  private done(): undefined {
    this.stack.length = 0;
    return undefined;
  }
}

/** True when every key starting with `p` sorts at or before `after` (p < after and p not a prefix of it). */
function wholly(p: Buffer, after: Buffer): boolean {
  return Buffer.compare(p, after) < 0 && !(after.length >= p.length && after.subarray(0, p.length).equals(p));
}

function compareStr(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
