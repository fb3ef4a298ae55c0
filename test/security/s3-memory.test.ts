// Memory bound of `lakehouse serve` (issue 11): a 1 GiB object uploaded in ONE PutObject (boto3 streaming
// it from a file) and downloaded again keeps serve's resident memory under 300 MB. serve spools the body to
// <dataDir>/tmp, S3 hashes it from there and renames it into place; GetObject streams from the file.
// The figure is sampled from /proc/<pid>/status (VmRSS every 100 ms, and VmHWM, the kernel's peak).
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDirForFile } from '../support/tmp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/bin.ts');
const BOUND_MB = 300;
const SIZE = 1024 * 1024 * 1024;

const PY = PYTHON_WITH_BOTO3;

const SCRIPT = String.raw`
import hashlib, json, sys, boto3
from botocore.config import Config
ep, path = sys.argv[1], sys.argv[2]
s3 = boto3.client('s3', endpoint_url=ep, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t',
                  config=Config(retries={'max_attempts': 1}, read_timeout=300))
s3.create_bucket(Bucket='big')
with open(path, 'rb') as f:
    put = s3.put_object(Bucket='big', Key='one/gib.bin', Body=f)
body = s3.get_object(Bucket='big', Key='one/gib.bin')['Body']
md5, n = hashlib.md5(), 0
for chunk in body.iter_chunks(1 << 20):
    md5.update(chunk)
    n += len(chunk)
print(json.dumps({'etag': put['ETag'], 'md5': md5.hexdigest(), 'bytes': n}))
`;
import { PYTHON_WITH_BOTO3 } from '../support/boto3.js';

function rssMb(pid: number): { rss: number; hwm: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

test(`serve stays under ${BOUND_MB} MB RSS while a 1 GiB object goes up in one PUT and comes back`, { skip: (!PY || !fs.existsSync('/proc/self/status')) && 'needs python3 with boto3 and /proc' }, async (t) => {
  const dir = tempDirForFile('lh-s3-mem-');
  const dataDir = path.join(dir, 'data');
  const file = path.join(dir, 'gib.bin');
  // Sparse: no disk for the source, yet every byte is read and sent.
  fs.writeFileSync(file, 'first bytes');
  fs.truncateSync(file, SIZE);
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /endpoint is (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
    });
    const idle = rssMb(child.pid!);
    let peak = idle.rss;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssMb(child.pid!).rss);
      } catch {
        /* exited */
      }
    }, 100);
    let result: { etag: string; md5: string; bytes: number };
    try {
      result = JSON.parse(
        await new Promise<string>((resolve, reject) =>
          execFile(PY!, ['-c', SCRIPT, endpoint, file], { timeout: 240_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) =>
            err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
          ),
        ),
      );
    } finally {
      clearInterval(sampler);
    }
    const end = rssMb(child.pid!);
    t.diagnostic(`serve RSS: idle ${idle.rss.toFixed(0)} MB, peak sampled ${peak.toFixed(0)} MB, VmHWM ${end.hwm.toFixed(0)} MB (bound ${BOUND_MB} MB)`);
    assert.equal(result.bytes, SIZE);
    assert.equal(result.etag, `"${result.md5}"`, 'the bytes that came back are the bytes that went up');
    assert.ok(end.hwm < BOUND_MB, `VmHWM ${end.hwm} MB`);
    assert.ok(peak < BOUND_MB, `peak ${peak} MB`);
    // The object is one plain file in the lake; no spool file is left behind.
    assert.equal(fs.statSync(path.join(dataDir, 's3', 'big', 'one', 'gib.bin')).size, SIZE);
    assert.deepEqual(fs.readdirSync(path.join(dataDir, 'tmp')).filter((n) => !n.startsWith('.')), []);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});
