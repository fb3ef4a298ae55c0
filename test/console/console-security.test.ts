// The console's gate, as an attacker would try it: another Host (DNS rebinding), no key, a wrong key,
// cross-site and cross-origin requests, a POST without Origin; then in headless Chromium a hostile page on
// another port, opened by a user whose browser holds the console's cookie, tries to read the API and to
// start a query (fetch with credentials, an auto-submitted form). Nothing it tries reaches the AWS clients:
// the clients here count every call they are asked to make.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import type { ApiDeps } from '../../src/console/api.js';
import { startConsole } from '../../src/console/server.js';
import { tempDirForFile } from '../support/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
const dir = tempDirForFile('lh-console-sec-');
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Clients that only count: every API route starts with an SDK call, so 0 calls = nothing got through. */
function countingDeps(): { deps: ApiDeps; calls: string[] } {
  const calls: string[] = [];
  const client = (name: string) => ({ send: async (cmd: object) => { calls.push(`${name}:${cmd.constructor.name}`); throw new Error('counted'); }, config: {} });
  const deps = {
    clients: { s3: client('s3'), glue: client('glue'), athena: client('athena'), kinesis: client('kinesis'), firehose: client('firehose') },
    pipeline: { athena: { workgroup: 'wg', outputLocation: 's3://b/r/' }, table: { database: 'd', name: 't' }, bucket: { name: 'b' } },
    rctx: {},
    cw: client('cloudwatch'),
  } as unknown as ApiDeps;
  return { deps, calls };
}

function request(port: number, o: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: o.path, method: o.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...o.headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

test('the gate: Host, key, cross-site, cross-origin and Origin-less POST are refused; the link sets a strict cookie', async () => {
  const { deps, calls } = countingDeps();
  const con = await startConsole(deps);
  try {
    const port = con.port;
    const token = new URL(con.url).searchParams.get('token')!;
    const cookieName = `lakehouse_console_${port}`;
    assert.equal((await request(port, { path: '/api/overview', headers: { host: `evil.example:${port}` } })).status, 403, 'DNS rebinding: another Host');
    assert.equal((await request(port, { path: '/api/overview' })).status, 401, 'no key');
    assert.equal((await request(port, { path: '/app.js' })).status, 401, 'not even the script without the key');
    assert.equal((await request(port, { path: `/?token=${token.slice(1)}x` })).status, 403, 'a wrong key');
    const ok = await request(port, { path: `/?token=${token}` });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, '/');
    assert.deepEqual(ok.headers['set-cookie'], [`${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`]);
    const cookie = `${cookieName}=${token}`;
    const page = await request(port, { path: '/', headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'.*frame-ancestors 'none'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal((await request(port, { path: '/api/overview', headers: { cookie: `lakehouse_console_1=${token}` } })).status, 401, 'another port\'s cookie name');
    assert.equal((await request(port, { path: '/api/lake', headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status, 403);
    assert.equal((await request(port, { path: '/api/lake', headers: { cookie, 'sec-fetch-site': 'same-site' } })).status, 403);
    assert.equal((await request(port, { path: '/api/lake', headers: { cookie, origin: 'http://127.0.0.1:1' } })).status, 403);
    const post = { path: '/api/query', method: 'POST', body: '{"sql":"SELECT 1"}' };
    assert.equal((await request(port, { ...post, headers: { cookie, 'content-type': 'application/json' } })).status, 403, 'POST without Origin');
    assert.equal((await request(port, { ...post, headers: { cookie, origin: `http://127.0.0.1:${port}`, 'content-type': 'text/plain' } })).status, 415, 'a simple (form/text) POST');
    assert.deepEqual(calls, [], 'nothing reached the AWS clients');
    // The same request from the console's own page gets through to the clients.
    const allowed = await request(port, { ...post, headers: { cookie, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' } });
    assert.equal(allowed.status, 502);
    assert.deepEqual(calls, ['athena:StartQueryExecutionCommand']);
  } finally {
    await con.close();
  }
});

test('a hostile page in headless Chromium, with the console cookie in the browser, reaches nothing', { skip: fs.existsSync(CHROMIUM) ? false : 'chromium not installed (make test-deps)', timeout: 90_000 }, async (t) => {
  const { deps, calls } = countingDeps();
  const con = await startConsole(deps);
  t.after(() => con.close());
  const target = con.origin;
  const hostile = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><body>
<form id="f" method="POST" action="${target}/api/query" enctype="text/plain" target="sink"><input name='{"sql":"SELECT 1","x":"' value='"}'></form>
<iframe name="sink"></iframe>
<img src="${target}/api/query/abc/csv">
<script>
const out = [];
Promise.allSettled([
  fetch('${target}/api/overview', { credentials: 'include' }).then(r => r.text()),
  fetch('${target}/api/query', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{"sql":"SELECT 1"}' }).then(r => r.text()),
  fetch('${target}/api/lake', { mode: 'no-cors', credentials: 'include' }),
]).then((r) => { document.getElementById('f').submit(); setTimeout(() => { document.title = JSON.stringify(r.map(x => x.status === 'fulfilled' ? 'read:' + String(x.value).slice(0, 40) : 'blocked')); }, 1500); });
</script></body>`);
  });
  await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', () => r()));
  t.after(() => hostile.close());
  const hostileUrl = `http://localhost:${(hostile.address() as AddressInfo).port}/`;

  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  t.after(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(con.url); // the user opened the console: the browser now holds its cookie
  assert.equal((await context.cookies()).filter((c) => c.name.startsWith('lakehouse_console_')).length, 1);
  await page.goto(hostileUrl);
  await page.waitForFunction(() => document.title.startsWith('['), undefined, { timeout: 20_000 });
  const results = JSON.parse(await page.title()) as string[];
  assert.equal(results[0], 'blocked', 'the API cannot be read cross-origin');
  assert.equal(results[1], 'blocked', 'a JSON POST with credentials is not let through');
  assert.deepEqual(calls, [], 'no request from the hostile page reached the AWS clients');
});
