// S3 through `serve`, this checkout's layout beside the previous one (commit 1e8fdc6, checked out into a git
// worktree under the OS temp dir on first run): PutObject/GetObject of 1 KiB and 64 MiB with the JS SDK
// (default checksums on), and a full ListObjectsV2 of 100,000 keys (paginated, 1,000 per page).
// The 100k keys are written straight into each layout's files (with valid metadata) because 100k fsync'd PUTs
// would take minutes; what is measured is the listing. Run: node --import tsx bench/s3.ts
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { printFigure } from './figure.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OLD_COMMIT = '1e8fdc6';
const OLD_TREE = path.join(os.tmpdir(), `lakehouse-bench-s3-${OLD_COMMIT}`);
const SMALL_N = 200;
const BIG = 64 * 1024 * 1024;
const BIG_N = 2;
const LIST_KEYS = 100_000;

function oldCheckout(): string {
  if (!fs.existsSync(path.join(OLD_TREE, 'src/local/server.ts'))) {
    execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', '--force', OLD_TREE, OLD_COMMIT], { stdio: 'ignore' });
  }
  if (!fs.existsSync(path.join(OLD_TREE, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(OLD_TREE, 'node_modules'));
  return OLD_TREE;
}

// serve children die with the bench, even when it is interrupted.
const children = new Set<ReturnType<typeof spawn>>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

async function serve(tree: string, dataDir: string) {
  const code = `import(${JSON.stringify(path.join(tree, 'src/local/server.ts'))}).then(async (m) => { const s = await m.startServer({ dataDir: ${JSON.stringify(dataDir)}, port: 0 }); console.log('ENDPOINT ' + s.endpoint); process.on('SIGTERM', () => s.close().then(() => process.exit(0))); })`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: tree, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ENDPOINT (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (c) => reject(new Error(`serve (${tree}) exited ${c}: ${out}`)));
  });
  return { endpoint, stop: () => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) };
}

const client = (endpoint: string) =>
  new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 't', secretAccessKey: 't' } });

async function timeIt(n: number, f: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  return (performance.now() - t0) / 1000;
}

/** 100k keys as plain files with metadata in the layout's own format (old: sidecar per key path; new: by hash). */
function populate(dataDir: string, layout: 'old' | 'new') {
  const bucketDir = path.join(dataDir, 's3', 'list');
  for (let i = 0; i < LIST_KEYS; i++) {
    const key = `events/dt=2026-12-${String(1 + (i % 10)).padStart(2, '0')}/part-${String(i).padStart(6, '0')}.parquet`;
    const file = path.join(bucketDir, ...key.split('/'));
    if (i < 10) fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'x');
    const st = fs.statSync(file);
    const meta = { etag: '"9dd4e461268c8034f5c8564e155c67a6"', size: 1, mtimeMs: st.mtimeMs, lastModified: st.mtimeMs, contentType: 'binary/octet-stream', userMeta: {} };
    if (layout === 'old') {
      const side = path.join(dataDir, 's3meta', 'list', 'o', ...key.split('/')) + '.meta.json';
      if (i < 10) fs.mkdirSync(path.dirname(side), { recursive: true });
      fs.writeFileSync(side, JSON.stringify(meta));
    } else {
      const h = createHash('sha256').update(key).digest('hex');
      const side = path.join(dataDir, 's3meta', 'buckets', 'list', 'o', h.slice(0, 2), `${h}.json`);
      fs.mkdirSync(path.dirname(side), { recursive: true });
      fs.writeFileSync(side, JSON.stringify({ key, ...meta }));
    }
  }
}

async function measure(label: string, tree: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lh-bench-s3-${label}-`));
  const out: Record<string, number> = {};
  try {
    let s = await serve(tree, dataDir);
    let s3 = client(s.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'list' }));
    const small = Buffer.alloc(1024, 'a');
    out.put1k = SMALL_N / (await timeIt(SMALL_N, (i) => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `small/${i}`, Body: small }))));
    out.get1k = SMALL_N / (await timeIt(SMALL_N, async (i) => (await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `small/${i}` }))).Body!.transformToByteArray()));
    const big = Buffer.alloc(BIG, 'b');
    out.put64m = (BIG_N * 64) / (await timeIt(BIG_N, (i) => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `big/${i}`, Body: big }))));
    out.get64m = (BIG_N * 64) / (await timeIt(BIG_N, async (i) => (await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `big/${i}` }))).Body!.transformToByteArray()));
    s3.destroy();
    await s.stop();
    const p0 = performance.now();
    populate(dataDir, label === 'previous' ? 'old' : 'new');
    console.log(`${label}: wrote ${LIST_KEYS} keys in ${((performance.now() - p0) / 1000).toFixed(1)} s`);
    s = await serve(tree, dataDir);
    s3 = client(s.endpoint);
    let listed = 0;
    out.list100k = await timeIt(1, async () => {
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: 'list', ContinuationToken: token }));
        listed += page.KeyCount ?? 0;
        token = page.NextContinuationToken;
      } while (token);
    });
    if (listed !== LIST_KEYS) throw new Error(`${label}: listed ${listed} keys, expected ${LIST_KEYS}`);
    s3.destroy();
    await s.stop();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

const now = await measure('layout 2', ROOT);
const before = await measure('previous', oldCheckout());
const rows: Array<[string, keyof typeof now, string, boolean]> = [
  ['PutObject 1 KiB', 'put1k', 'ops/s', true],
  ['GetObject 1 KiB', 'get1k', 'ops/s', true],
  ['PutObject 64 MiB', 'put64m', 'MiB/s', true],
  ['GetObject 64 MiB', 'get64m', 'MiB/s', true],
  ['ListObjectsV2 100k keys (100 pages)', 'list100k', 's', false],
];
console.log(`\n${'S3 via serve'.padEnd(38)}${'layout 2'.padStart(12)}${'previous'.padStart(12)}`);
for (const [name, k, unit, higherIsBetter] of rows) {
  const [a, b] = [now[k]!, before[k]!];
  console.log(`${name.padEnd(38)}${a.toFixed(1).padStart(12)}${b.toFixed(1).padStart(12)}  ${unit}`);
  printFigure({ name: `S3 ${name}`, value: +a.toFixed(1), unit, peer: `previous layout (${OLD_COMMIT})`, ratio: +(higherIsBetter ? a / b : b / a).toFixed(2) });
}
