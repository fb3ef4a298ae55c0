// The web console's HTTP server, on 127.0.0.1 only, with serve's rules for a browser-reachable port:
// the Host must be this server (no DNS rebinding), cross-site requests are refused (Sec-Fetch-Site, Origin),
// and nothing is answered without this run's secret: the URL printed by `lakehouse console` carries it once,
// it becomes an HttpOnly SameSite=Strict cookie (named per port: cookies are shared across ports), and the
// address bar is cleaned. Pages get a strict Content-Security-Policy (no inline script, no framing).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as api from './api.js';
import { APP_CSS, APP_HTML } from './assets/page.js';
import { APP_JS } from './assets/app.js';

export interface ConsoleServer {
  /** The URL to open, with the one-time token. */
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
};

export async function startConsole(deps: api.ApiDeps, o: { port?: number } = {}): Promise<ConsoleServer> {
  const token = randomBytes(24).toString('base64url');
  let port = 0;
  const cookieName = () => `lakehouse_console_${port}`;
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e) => send(res, 500, { error: (e as Error).message }));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const refusal = gate(req, port);
    if (refusal) return send(res, 403, { error: refusal });
    const given = url.searchParams.get('token');
    if (given !== null && req.method === 'GET' && url.pathname === '/') {
      if (!same(given, token)) return send(res, 403, { error: 'This console link is not valid (it changes every run): open the one `lakehouse console` printed.' });
      res.writeHead(303, { ...SECURITY_HEADERS, location: '/', 'set-cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/` });
      return void res.end();
    }
    if (!same(cookieOf(req, cookieName()) ?? '', token)) {
      return send(res, 401, { error: 'Open the console with the link `lakehouse console` printed (it carries this run\'s key).' });
    }
    if (req.method === 'GET' && url.pathname === '/') return asset(res, 'text/html; charset=utf-8', APP_HTML);
    if (req.method === 'GET' && url.pathname === '/app.js') return asset(res, 'text/javascript; charset=utf-8', APP_JS);
    if (req.method === 'GET' && url.pathname === '/app.css') return asset(res, 'text/css; charset=utf-8', APP_CSS);
    try {
      const out = await route(req, url);
      if (out === undefined) return send(res, 404, { error: `No such page: ${url.pathname}` });
      if (out instanceof Download) {
        res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${out.name}"`, 'content-length': out.body.length });
        return void res.end(out.body);
      }
      send(res, 200, out);
    } catch (e) {
      if (e instanceof api.ApiError) return send(res, e.status, { error: e.message });
      // An AWS (or emulator) refusal: say what it said, as a gateway error.
      send(res, 502, { error: (e as Error).message, code: (e as { name?: string }).name });
    }
  }

  async function route(req: http.IncomingMessage, url: URL): Promise<unknown> {
    const p = url.pathname;
    const q = (k: string) => url.searchParams.get(k) ?? '';
    if (req.method === 'POST' && p === '/api/query') {
      const body = await readJson(req);
      return api.startQuery(deps, String(body.sql ?? ''));
    }
    if (req.method !== 'GET') return undefined;
    if (p === '/api/overview') return api.overview(deps);
    if (p === '/api/metrics') return api.metrics(deps, Number(q('minutes')));
    if (p === '/api/lake') return api.lake(deps, q('prefix'), q('next'));
    if (p === '/api/parquet') return api.parquet(deps, q('key'));
    if (p === '/api/table') return api.table(deps);
    if (p === '/api/history') return api.history(deps);
    const m = /^\/api\/query\/([0-9a-zA-Z-]{1,128})(\/results|\/csv)?$/.exec(p);
    if (m && !m[2]) return api.queryState(deps, m[1]!);
    if (m && m[2] === '/results') return api.results(deps, m[1]!, q('next'));
    if (m && m[2] === '/csv') {
      const f = await api.csv(deps, m[1]!);
      return new Download(f.name, f.body);
    }
    return undefined;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

class Download {
  constructor(readonly name: string, readonly body: Uint8Array) {}
}

/** Why a request is refused before anything else: wrong Host, or sent by another site. */
export function gate(req: http.IncomingMessage, port: number): string | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return `Host ${host || '(none)'} is not this console (only 127.0.0.1:${port})`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Cross-site request refused (Sec-Fetch-Site: ${site})`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return `Cross-origin request refused (Origin: ${origin})`;
  // A state-changing request must say where it comes from (browsers always send Origin on POST).
  if (req.method !== 'GET' && req.method !== 'HEAD' && origin === undefined) return 'A POST without Origin is refused';
  return undefined;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOf(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new api.ApiError(415, 'Send JSON');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1024 * 1024) throw new api.ApiError(413, 'Request too large');
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new api.ApiError(400, 'Malformed JSON');
  }
}

function asset(res: http.ServerResponse, type: string, body: string): void {
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
