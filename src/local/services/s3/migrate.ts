// From the first layout (objects at `s3/<bucket>/<key>` verbatim, metadata at `s3meta/<bucket>/o/<key>.meta.json`,
// folder keys as bare directories with `s3meta/<bucket>/f/<key>.meta.json`) to layout 2 (layout.ts; metadata
// under `s3meta/buckets/<bucket>/`), once, at open. The old per-bucket folders are first gathered into
// `s3meta/.v1` (a name no bucket can have), so a bucket named like a folder of the new store (`buckets`)
// cannot be mistaken for it. Most objects do not move (their keys are their paths in both layouts); only names the new layout
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

/** `afterStep` is a crash point for tests: it may throw to cut the migration short after any step. */
export function migrateIfNeeded(store: S3Store, hooks: { afterStep?: (step: string) => void } = {}): void {
  const step = hooks.afterStep ?? (() => {});
  const marker = path.join(store.metaRoot, 'layout.json');
  const done = readJson<{ version?: number } | undefined>(marker, undefined);
  if (done?.version === VERSION) return;
  if (done?.version !== undefined) {
    throw new Error(`${store.metaRoot}: S3 layout version ${done.version} is not known to this lakehouse (it knows ${VERSION}); use the lakehouse that wrote it`);
  }
  const v1 = moveOldMetaAside(store);
  const journal = path.join(store.metaRoot, 'migrate-v2.json');
  let plan = readJson<Plan | undefined>(journal, undefined);
  if (!plan) {
    plan = planFrom(store);
    if (plan.moves.length || plan.folders.length || plan.metas.length) writeJsonAtomic(journal, plan);
  }
  step('planned');
  run(store, plan, step);
  for (const bucket of fs.readdirSync(store.root)) {
    if (!isValidBucketName(bucket)) continue;
    for (const sub of ['o-v1', 'f']) fs.rmSync(within(store.bucketMetaDir(bucket), sub), { recursive: true, force: true });
    pruneEmpty(within(store.root, bucket), true);
  }
  fs.rmSync(v1, { recursive: true, force: true });
  writeJsonAtomic(marker, store.folding ? { version: VERSION, folding: true } : { version: VERSION });
  fs.rmSync(journal, { force: true });
}

/** Old `s3meta/<bucket>/` folders → `s3meta/.v1/<bucket>/` (gathered in `.v1.tmp`, renamed when all are in,
 * so a crash mid-way resumes) → `s3meta/buckets/<bucket>/`. Returns the `.v1` folder (removed at the end). */
function moveOldMetaAside(store: S3Store): string {
  const v1 = path.join(store.metaRoot, '.v1');
  const gathering = path.join(store.metaRoot, '.v1.tmp');
  fs.mkdirSync(store.metaRoot, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(v1)) {
    fs.mkdirSync(gathering, { recursive: true, mode: 0o700 });
    for (const e of fs.readdirSync(store.metaRoot, { withFileTypes: true })) {
      if (e.isDirectory() && isValidBucketName(e.name)) fs.renameSync(path.join(store.metaRoot, e.name), path.join(gathering, e.name));
    }
    fs.renameSync(gathering, v1);
  }
  fs.mkdirSync(path.join(store.metaRoot, 'buckets'), { recursive: true, mode: 0o700 });
  for (const e of fs.readdirSync(v1, { withFileTypes: true })) {
    const to = store.bucketMetaDir(e.name);
    if (e.isDirectory() && isValidBucketName(e.name) && !fs.existsSync(to)) fs.renameSync(path.join(v1, e.name), to);
  }
  return v1;
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
      const same = rel.split('/').every((seg) => escapeSegment(seg, store.folding).name === seg);
      if (!same) plan.moves.push({ bucket, key: rel, from: full });
    });
  }
  return plan;
}

function run(store: S3Store, plan: Plan, step: (name: string) => void): void {
  for (const m of plan.moves) {
    if (fs.existsSync(m.from)) store.layout(m.bucket).place(m.key, m.from);
    step(`moved ${m.key}`);
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
