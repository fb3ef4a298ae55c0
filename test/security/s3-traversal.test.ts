// S3 names as an attacker would send them (issue 11): traversal-shaped bucket names, keys, copy sources,
// virtual-host Host values, multi-object delete keys and upload ids; plain, percent-encoded and
// double-encoded; path- and virtual-host style. Sent over `serve` with raw HTTP so no SDK normalises them.
// Proof: sentinel files outside the data dir and inside its emulator state (glue/, kinesis/, s3meta/, tmp/)
// are never read (their text never comes back), written or deleted; no file appears outside the data dir;
// no request answers 5xx; and every key that was accepted lives inside its bucket and reads back by name.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/local/server.js';
import { send, signed, type RawRequest } from '../local/serve/raw.js';
import { tempDir } from '../support/tmp.js';

const SECRET = 'SENTINEL-TEXT-must-never-be-served';
let root: string;
let dataDir: string;
let server: RunningServer;
let sentinels: string[];

function snapshot(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) snapshot(p, out);
    else out.set(p, createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
  }
  return out;
}

/** Everything outside the data dir, and the data dir's emulator state except S3's own bucket areas. */
function guarded(): Map<string, string> {
  const all = snapshot(root);
  for (const p of [...all.keys()]) {
    const rel = path.relative(dataDir, p);
    if (rel.startsWith('..')) continue; // outside the data dir: always guarded
    if (sentinels.includes(p)) continue;
    all.delete(p); // inside: only the planted sentinels are compared (the emulator writes its own state)
  }
  return all;
}

const req = (r: RawRequest) =>
  send(server, { ...r, headers: { authorization: signed(), ...r.headers } });

before(async () => {
  root = tempDir('lh-s3-trav-');
  dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir, { mode: 0o700 });
  server = await startServer({ dataDir, port: 0 });
  sentinels = [];
  for (const rel of ['outside/secret.txt', 'secret.txt', 'data/glue/sentinel.json', 'data/kinesis/sentinel', 'data/s3meta/sentinel', 'data/tmp/sentinel', 'data/sentinel']) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, SECRET);
    sentinels.push(p);
  }
  assert.equal((await req({ method: 'PUT', path: '/lake' })).status, 200);
  assert.equal((await req({ method: 'PUT', path: '/lake/k.txt', body: 'kept' })).status, 200);
});

after(async () => {
  await server?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

// Each names the way up to a sentinel; the test encodes them once and twice.
const UPWARDS = [
  '..',
  '../..',
  '../outside/secret.txt',
  '../../outside/secret.txt',
  '../secret.txt',
  '../glue/sentinel.json',
  '../../glue/sentinel.json',
  '../../../../../../../../etc/passwd',
  '..\\..\\outside\\secret.txt',
  '/etc/passwd',
  '.',
  'glue',
  's3meta',
  'tmp',
  'sentinel',
  '../s3meta/sentinel',
  '../tmp/sentinel',
  '..\u0000/secret.txt',
];

const enc = (s: string) => encodeURIComponent(s);
const encDots = (s: string) => s.replace(/\./g, '%2E').replace(/\//g, '%2F');
// Raw forms with bytes no HTTP client sends unescaped (NUL, controls) are left out; their encodings stay.
const forms = (s: string) =>
  [...new Set([s, enc(s), encDots(s), enc(enc(s)), s.replace(/\.\./g, '%2e%2e'), s.replace(/\//g, '%5C')])].filter((f) => !/[\u0000-\u0020\u007f]/.test(f));

function noLeak(res: { status: number; text: string }, what: string) {
  assert.ok(res.status < 500, `${what} → ${res.status} ${res.text.slice(0, 200)}`);
  assert.ok(!res.text.includes(SECRET), `${what} leaked a sentinel`);
}

test('bucket position: every traversal name is refused before the file system, in both URL styles', async () => {
  const before = guarded();
  for (const name of UPWARDS) {
    for (const form of forms(name)) {
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['GET', '?list-type=2', undefined],
        ['HEAD', '', undefined],
        ['PUT', '', undefined],
        ['DELETE', '', undefined],
        ['GET', '/secret.txt', undefined],
        ['PUT', '/secret.txt', 'overwritten'],
        ['DELETE', '/secret.txt', undefined],
        ['POST', '?delete', '<Delete><Object><Key>secret.txt</Key></Object></Delete>'],
      ] as const) {
        const p = `/${form}${suffix}`;
        const res = await req({ method, path: p, body });
        noLeak(res, `${method} ${p}`);
        // `glue`, `tmp`, `s3meta`… are valid bucket names: such buckets live under s3/, beside nothing of ours.
        if (/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(form) && !form.includes('..')) continue;
        if (res.status < 300) assert.fail(`${method} ${p} → ${res.status}: a traversal-shaped bucket was accepted`);
      }
      // Virtual-host style: the same names in the Host header (serve's Host allow-list or S3's name check refuse).
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const host = `${form}.localhost:${server.port}`;
        const res = await req({ method, path: '/secret.txt', headers: { host }, body: method === 'PUT' ? 'overwritten' : undefined });
        noLeak(res, `${method} Host ${host}`);
        if (!/^(glue|s3meta|tmp|sentinel)$/.test(form)) assert.ok(res.status >= 400, `${method} Host ${host} → ${res.status}`);
      }
    }
  }
  assert.deepEqual(guarded(), before, 'no guarded file changed');
});

test('key position: traversal keys are ordinary keys, stored inside the bucket and read back by name', async () => {
  const before = guarded();
  for (const name of UPWARDS) {
    for (const form of forms(name)) {
      const p = `/lake/${form}`;
      const get = await req({ method: 'GET', path: p });
      noLeak(get, `GET ${p}`);
      const put = await req({ method: 'PUT', path: p, body: `object ${form}` });
      noLeak(put, `PUT ${p}`);
      if (put.status !== 200) continue; // e.g. an undecodable %00 form: refused, fine
      const back = await req({ method: 'GET', path: p });
      assert.equal(back.text, `object ${form}`, `GET ${p} after PUT`);
      const del = await req({ method: 'DELETE', path: p });
      assert.equal(del.status, 204, `DELETE ${p}`);
    }
  }
  // Virtual-host style, with the key in the path.
  for (const name of UPWARDS) {
    const res = await req({ method: 'PUT', path: `/${enc(name)}`, headers: { host: `lake.localhost:${server.port}` }, body: 'vhost' });
    noLeak(res, `PUT vhost /${enc(name)}`);
  }
  assert.deepEqual(guarded(), before, 'no guarded file changed');
  // Everything written went under the bucket's directory.
  for (const p of snapshot(path.join(dataDir, 's3')).keys()) assert.ok(p.startsWith(path.join(dataDir, 's3', 'lake') + path.sep), p);
});

test('copy source, multi-object delete keys and upload ids cannot name a file outside the bucket', async () => {
  const before = guarded();
  for (const name of UPWARDS) {
    for (const form of forms(name)) {
      for (const source of [form, `lake/${form}`, `/lake/${form}`, `${form}/k.txt`, `/${form}/secret.txt`, `lake/${form}?versionId=x`]) {
        const res = await req({ method: 'PUT', path: '/lake/copied', headers: { 'x-amz-copy-source': source } });
        noLeak(res, `copy from ${source}`);
        if (res.status === 200) {
          // Only an object of the bucket (a key the previous test stored under a traversal-shaped name) copies.
          const copied = await req({ method: 'GET', path: '/lake/copied' });
          assert.ok(['kept', 'vhost'].includes(copied.text), `copy from ${source} copied ${JSON.stringify(copied.text.slice(0, 60))}`);
        } else assert.ok(res.status >= 400 && res.status < 500, `copy from ${source} → ${res.status}`);
      }
      for (const id of [form, `${form}/upload.json`]) {
        for (const [method, q] of [['PUT', `partNumber=1&uploadId=${enc(id)}`], ['POST', `uploadId=${enc(id)}`], ['DELETE', `uploadId=${enc(id)}`]] as const) {
          const res = await req({ method, path: `/lake/k.txt?${q}`, body: method === 'POST' ? '<CompleteMultipartUpload/>' : method === 'PUT' ? 'x' : undefined });
          noLeak(res, `${method} upload id ${id}`);
          assert.equal(res.status, 404, `${method} upload id ${id}: ${res.text}`);
          assert.match(res.text, /NoSuchUpload/);
        }
      }
    }
    const xmlKey = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\u0000/g, '');
    const del = await req({
      method: 'POST',
      path: '/lake?delete',
      headers: { 'content-type': 'application/xml' },
      body: `<Delete><Object><Key>${xmlKey}</Key></Object><Object><Key>${xmlKey}/../k.txt</Key></Object></Delete>`,
    });
    noLeak(del, `DeleteObjects ${name}`);
  }
  assert.deepEqual(guarded(), before, 'no guarded file changed');
  for (const s of sentinels) assert.equal(fs.readFileSync(s, 'utf8'), SECRET);
  // The bucket's own object and the emulator are untouched.
  assert.equal((await req({ method: 'GET', path: '/lake/k.txt' })).text, 'kept');
  const list = await req({ method: 'GET', path: '/' });
  assert.match(list.text, /<Name>lake<\/Name>/);
});

test('a symlinked folder dropped into a bucket by hand leads no read, write or delete outside', async () => {
  const before = guarded();
  fs.symlinkSync(path.join(root, 'outside'), path.join(dataDir, 's3', 'lake', 'link'));
  try {
    const get = await req({ method: 'GET', path: '/lake/link/secret.txt' });
    noLeak(get, 'GET through a symlinked folder');
    assert.equal(get.status, 404);
    const del = await req({ method: 'DELETE', path: '/lake/link/secret.txt' });
    assert.ok(del.status < 500, del.text);
    const put = await req({ method: 'PUT', path: '/lake/link/secret.txt', body: 'overwritten' });
    noLeak(put, 'PUT through a symlinked folder');
    assert.notEqual(put.status, 200);
    const list = await req({ method: 'GET', path: '/lake?list-type=2&prefix=link' });
    assert.ok(!list.text.includes('secret.txt'), list.text);
  } finally {
    fs.rmSync(path.join(dataDir, 's3', 'lake', 'link'));
  }
  assert.deepEqual(guarded(), before, 'no guarded file changed');
});
