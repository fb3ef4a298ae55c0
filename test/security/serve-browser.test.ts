// A real browser (headless Chromium, Debian's `chromium`) on a hostile page tries what a drive-by web page
// can do to a local serve: an auto-submitted HTML form that posts an IAM CreateRole, a text/plain
// `fetch` of S3 `?delete` and a PUT in no-cors mode, a fetch that adds an Authorization header (needs a
// CORS preflight), an <img> that loads a forged presigned URL with a side effect, and a read through a
// name rebound to 127.0.0.1 (DNS rebinding, via --host-resolver-rules). The page is served from
// 127.0.0.1 so that the browser's own Private Network Access rules do not help: only serve's rules act.
// Afterwards the object, the bucket and IAM are exactly as before. Second: an HTML object opened from a
// presigned link would run as serve's own origin (no preflight needed); serve's `Content-Security-Policy:
// sandbox` keeps its script from running at all (without the header, the object overwrites another).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { send, signed, startTestServer, type TestServer } from '../local/serve/raw.js';
import { tempDir } from '../support/tmp.js';

function findChromium(): string | undefined {
  for (const c of ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome']) {
    try {
      execFileSync(c, ['--version'], { stdio: 'ignore' });
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}
const CHROMIUM = findChromium();

let t: TestServer;
before(async () => {
  t = await startTestServer();
  assert.equal((await send(t.server, { method: 'PUT', path: '/lake', headers: { authorization: signed() } })).status, 200);
  assert.equal((await send(t.server, { method: 'PUT', path: '/lake/k.txt', headers: { authorization: signed() }, body: 'kept' })).status, 200);
});
after(() => t.close());

function attackPage(serve: string, rebound: string): string {
  const presign =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20260101%2Fus-east-1%2Fiam%2Faws4_request&X-Amz-Date=' +
    new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '') +
    '&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=' + '0'.repeat(64);
  return `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${serve}/" target="sink" enctype="application/x-www-form-urlencoded">
  <input name="Action" value="CreateRole"><input name="Version" value="2010-05-08">
  <input name="RoleName" value="pwned-form"><input name="AssumeRolePolicyDocument" value="{}">
</form>
<script>
const results = {};
async function attempt(name, fn) {
  try {
    const r = await fn();
    results[name] = r.type === 'opaque' ? 'opaque' : r.status + ' ' + (await r.text()).slice(0, 300);
  } catch (e) { results[name] = 'blocked: ' + e.message; }
}
(async () => {
  document.getElementById('f').submit();
  await attempt('delete-text-plain', () => fetch('${serve}/lake?delete', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '<Delete><Object><Key>k.txt</Key></Object></Delete>' }));
  await attempt('put-no-cors', () => fetch('${serve}/lake/k.txt', { method: 'POST', mode: 'no-cors', body: 'pwned' }));
  await attempt('forged-presigned-delete', () => fetch('${serve}/lake?delete&${presign}', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '<Delete><Object><Key>k.txt</Key></Object></Delete>' }));
  await attempt('with-authorization', () => fetch('${serve}/lake/k.txt', { method: 'PUT', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00' }, body: 'pwned' }));
  await attempt('rebound-read', () => fetch('${rebound}/lake/k.txt'));
  await new Promise((resolve) => { const img = new Image(); img.onload = img.onerror = resolve; img.src = '${serve}/?Action=CreateRole&Version=2010-05-08&RoleName=pwned-img&AssumeRolePolicyDocument=%7B%7D&${presign}'; });
  await new Promise((r) => setTimeout(r, 500)); // let the form post land
  await fetch('/results', { method: 'POST', body: JSON.stringify(results) });
})();
</script></body></html>`;
}

/** A local page server (the attacker's) that collects what the page reports to POST /results. */
async function collector(html: () => string) {
  let resolveResults!: (r: Record<string, string>) => void;
  const results = new Promise<Record<string, string>>((r) => (resolveResults = r));
  const page = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/results') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        res.end('ok');
        resolveResults(JSON.parse(body));
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html());
  });
  await new Promise<void>((r) => page.listen(0, '127.0.0.1', () => r()));
  return { port: (page.address() as { port: number }).port, results, close: () => page.close() };
}

/** Headless Chromium on `url` until `done` settles. */
async function browse<T>(url: string, done: Promise<T>): Promise<T> {
  const profile = tempDir('lh-chromium-');
  const browser = spawn(
    CHROMIUM!,
    [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions',
      `--user-data-dir=${profile}`, '--host-resolver-rules=MAP rebound.test 127.0.0.1', url,
    ],
    // Its own process group, so that the renderer and zygote processes end with it.
    { stdio: 'ignore', detached: true },
  );
  try {
    return await done;
  } finally {
    const exited = new Promise((r) => (browser.exitCode !== null || browser.signalCode !== null ? r(null) : browser.once('exit', r)));
    try {
      process.kill(-browser.pid!, 'SIGKILL');
    } catch {
      browser.kill('SIGKILL');
    }
    await exited;
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

test('a hostile page in headless Chromium changes nothing', { skip: CHROMIUM ? false : 'chromium not installed (apt-get install -y chromium)', timeout: 90_000 }, async () => {
  const serve = `http://127.0.0.1:${t.server.port}`;
  const rebound = `http://rebound.test:${t.server.port}`;
  const page = await collector(() => attackPage(serve, rebound));
  try {
    const got = await browse(`http://127.0.0.1:${page.port}/`, page.results);
    // What the browser saw: opaque (no-cors) answers, or a blocked preflight / refused Host.
    assert.match(got['with-authorization'], /^blocked/, 'a request with Authorization needs a preflight serve never grants');
    assert.match(got['rebound-read'], /^blocked/, 'cross-origin read without CORS');
    for (const k of ['delete-text-plain', 'put-no-cors', 'forged-presigned-delete']) assert.equal(got[k], 'opaque', k);
  } finally {
    page.close();
  }
  // What serve did: nothing.
  const obj = await send(t.server, { path: '/lake/k.txt', headers: { authorization: signed() } });
  assert.equal(obj.text, 'kept');
  const list = await send(t.server, { path: '/lake?list-type=2', headers: { authorization: signed() } });
  assert.deepEqual([...list.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]), ['k.txt']);
  for (const role of ['pwned-form', 'pwned-img']) {
    const r = await send(t.server, {
      method: 'POST',
      headers: { authorization: signed('iam'), 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=GetRole&Version=2010-05-08&RoleName=${role}`,
    });
    assert.match(r.text, /NoSuchEntity/, role);
  }
  // And a rebound name is refused even where the browser would allow the request (a same-origin page).
  const rebind = await send(t.server, { path: '/lake/k.txt', headers: { host: `rebound.test:${t.server.port}`, authorization: signed() } });
  assert.equal(rebind.status, 400);
});

test('an HTML object opened from a presigned link runs sandboxed: its script cannot use the API as serve\'s origin', { skip: CHROMIUM ? false : 'chromium not installed', timeout: 90_000 }, async () => {
  // The object's script would PUT over k.txt with a synchronous same-origin XHR (no preflight needed from
  // serve's own origin) before the parser reaches the <img> that tells the test the page was rendered.
  let loaded!: () => void;
  const rendered = new Promise<void>((r) => (loaded = r));
  const beacon = http.createServer((req, res) => {
    res.end();
    if (req.url === '/loaded') loaded();
  });
  await new Promise<void>((r) => beacon.listen(0, '127.0.0.1', () => r()));
  const port = (beacon.address() as { port: number }).port;
  const auth = 'AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00';
  const html =
    `<!doctype html><script>try { const x = new XMLHttpRequest(); x.open('PUT', '/lake/k.txt', false); ` +
    `x.setRequestHeader('authorization', '${auth}'); x.send('pwned'); } catch (e) {}</script>` +
    `<img src="http://127.0.0.1:${port}/loaded">`;
  const put = await send(t.server, { method: 'PUT', path: '/lake/page.html', headers: { authorization: signed(), 'content-type': 'text/html' }, body: html });
  assert.equal(put.status, 200);
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const link =
    `http://127.0.0.1:${t.server.port}/lake/page.html?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20260101%2Fus-east-1%2Fs3%2Faws4_request` +
    `&X-Amz-Date=${amzDate}&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=${'0'.repeat(64)}`;
  try {
    await browse(link, rendered);
  } finally {
    beacon.close();
  }
  assert.equal((await send(t.server, { path: '/lake/k.txt', headers: { authorization: signed() } })).text, 'kept');
});
