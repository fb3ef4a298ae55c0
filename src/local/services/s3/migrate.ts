// From the first layout (objects at `s3/<bucket>/<key>` verbatim, metadata at `s3meta/<bucket>/o/<key>.meta.json`,
// folder keys as bare directories with `s3meta/<bucket>/f/<key>.meta.json`) to layout 2 (layout.ts; metadata
// under `s3meta/buckets/<bucket>/`), once, at open. The old `s3meta` is first renamed `s3meta-v1` whole, so
// a bucket named like a file of the new store (`buckets`, `layout.json`) cannot be mistaken for it. Most objects do not move (their keys are their paths in both layouts); only names the new layout
// escapes (`%`, `\`, control characters) move, folder keys become `%empty` files, and metadata is re-filed by
// key hash. The plan is written first (s3meta/migrate-v2.json) and replayed until done, so a crash mid-way
// neither loses an object nor moves one twice; `s3meta/layout.json` marks the end.
import fs from 'node:fs';
import path from 'node:path';
import { readJson, writeFileAtomic, writeJsonAtomic } from '../../store/atomic.js';
import { within } from '../../store/paths.js';
import { isValidBucketName } from './keys.js';
import { escapeSegment } from './layout.js';
import type { S3Store } from './store.js';

const VERSION = 2;

interface Plan {
  moves: Array<{ bucket: string; key: string; from: string }>;
  folders: Array<{ bucket: string; key: string }>;
  metas: Array<{ bucket: string; key: string; from: string }>;
}

export function migrateIfNeeded(store: S3Store): void {
  const marker = path.join(store.metaRoot, 'layout.json');
  const done = readJson<{ version?: number } | undefined>(marker, undefined);
  if (done?.version === VERSION) return;
  if (done?.version !== undefined) {
    throw new Error(`${store.metaRoot}: S3 layout version ${done.version} is not known to this lakehouse (it knows ${VERSION}); use the lakehouse that wrote it`);
  }
  const v1 = store.metaRoot + '-v1';
  if (fs.existsSync(store.metaRoot) && !fs.existsSync(v1) && !fs.existsSync(path.join(store.metaRoot, 'migrate-v2.json'))) {
    fs.renameSync(store.metaRoot, v1);
  }
  fs.mkdirSync(path.join(store.metaRoot, 'buckets'), { recursive: true, mode: 0o700 });
  if (fs.existsSync(v1)) {
    for (const e of fs.readdirSync(v1, { withFileTypes: true })) {
      if (!e.isDirectory() || !isValidBucketName(e.name)) continue;
      const to = store.bucketMetaDir(e.name);
      if (!fs.existsSync(to)) fs.renameSync(path.join(v1, e.name), to);
    }
  }
  const journal = path.join(store.metaRoot, 'migrate-v2.json');
  let plan = readJson<Plan | undefined>(journal, undefined);
  if (!plan) {
    plan = planFrom(store);
    if (plan.moves.length || plan.folders.length || plan.metas.length) writeJsonAtomic(journal, plan);
  }
  run(store, plan);
  for (const bucket of fs.readdirSync(store.root)) {
    if (!isValidBucketName(bucket)) continue;
    for (const sub of ['o-v1', 'f']) fs.rmSync(within(store.bucketMetaDir(bucket), sub), { recursive: true, force: true });
    pruneEmpty(within(store.root, bucket), true);
  }
  fs.rmSync(v1, { recursive: true, force: true });
  writeJsonAtomic(marker, { version: VERSION });
  fs.rmSync(journal, { force: true });
}

function planFrom(store: S3Store): Plan {
  const plan: Plan = { moves: [], folders: [], metas: [] };
  let buckets: string[] = [];
  try {
    buckets = fs.readdirSync(store.root).filter(isValidBucketName);
  } catch {
    return plan;
  }
  for (const bucket of buckets) {
    const metaDir = store.bucketMetaDir(bucket);
    // Old metadata moves to `o-v1` first so the new `o/` (hash-named) never mixes with it.
    const oldO = path.join(metaDir, 'o');
    if (fs.existsSync(oldO) && !fs.existsSync(path.join(metaDir, 'o-v1'))) fs.renameSync(oldO, path.join(metaDir, 'o-v1'));
    walkFiles(path.join(metaDir, 'o-v1'), '', (rel, full) => {
      if (rel.endsWith('.meta.json')) plan.metas.push({ bucket, key: rel.slice(0, -'.meta.json'.length), from: full });
    });
    walkFiles(path.join(metaDir, 'f'), '', (rel) => {
      if (rel.endsWith('.meta.json')) plan.folders.push({ bucket, key: rel.slice(0, -'.meta.json'.length) + '/' });
    });
    walkFiles(within(store.root, bucket), '', (rel, full) => {
      const same = rel.split('/').every((seg) => escapeSegment(seg).name === seg);
      if (!same) plan.moves.push({ bucket, key: rel, from: full });
    });
  }
  return plan;
}

function run(store: S3Store, plan: Plan): void {
  for (const m of plan.moves) {
    if (fs.existsSync(m.from)) store.layout(m.bucket).place(m.key, m.from);
  }
  for (const f of plan.folders) {
    const layout = store.layout(f.bucket);
    if (layout.find(f.key)) continue;
    const tmp = store.tmpFile();
    writeFileAtomic(tmp, '');
    layout.place(f.key, tmp);
  }
  for (const m of plan.metas.concat(plan.folders.map((f) => ({ ...f, from: '' })))) {
    const file = store.layout(m.bucket).find(m.key);
    if (!file) continue;
    const old = m.from ? readJson<Record<string, unknown> | undefined>(m.from, undefined) : undefined;
    const st = fs.statSync(file);
    // Keep the old metadata only while it still describes the file (same size and time); else it is recomputed.
    const fresh = old && old.size === st.size && old.mtimeMs === st.mtimeMs;
    const meta = fresh ? old : { etag: '"d41d8cd98f00b204e9800998ecf8427e"', size: 0, mtimeMs: st.mtimeMs, lastModified: st.mtimeMs, contentType: 'binary/octet-stream', userMeta: {} };
    if (fresh || st.size === 0) writeJsonAtomic(store.metaFile(m.bucket, m.key), { ...meta, key: m.key });
  }
}

function walkFiles(dir: string, rel: string, visit: (rel: string, full: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walkFiles(full, r, visit);
    else if (e.isFile()) visit(r, full);
  }
}

/** Remove empty directories under `dir` (bottom-up); `keep` spares `dir` itself. */
function pruneEmpty(dir: string, keep: boolean): boolean {
  let empty = true;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && pruneEmpty(path.join(dir, e.name), false)) continue;
    empty = false;
  }
  if (empty && !keep) fs.rmdirSync(dir);
  return empty;
}
