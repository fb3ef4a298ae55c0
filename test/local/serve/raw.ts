// Raw HTTP against `serve` for tests that must send what no SDK would (foreign Host, no signature,
// prototype action names, stalled heads): node http with the Host header under the test's control, and
// plain TCP sockets for byte-level requests.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/local/server.js';
import { tempDir } from '../../support/tmp.js';

/** A SigV4-shaped Authorization header (serve checks the shape, not the signature). */
export function signed(service = 's3'): string {
  return `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One HTTP/1.1 request on its own connection; `headers.host` (if given) is sent as is. */
export function send(server: RunningServer, r: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = { host: `127.0.0.1:${server.port}`, ...r.headers };
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method: r.method ?? 'GET', path: r.path ?? '/', headers, setHost: false, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Bytes out on a fresh TCP connection; everything the server sends until it closes (or `ms` passes). */
export function exchange(server: RunningServer, bytes: string | Buffer, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      s.destroy();
      resolve(text);
    }, ms);
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    s.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    s.write(bytes);
  });
}

/** Resolves when the socket is closed by the other side. */
export function closed(s: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed) return resolve();
    s.on('error', () => {});
    s.once('close', () => resolve());
  });
}

export function connect(server: RunningServer): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = tempDir('lh-serve-sec-');
  const server = await startServer({ dataDir, port: 0, ...opts });
  return {
    server,
    dataDir,
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `lakehouse serve` as its own process (for measuring its memory): endpoint, pid, stop. */
export async function spawnServe(dataDir: string, opts: { openFiles?: number } = {}): Promise<{ endpoint: string; pid: number; stop(): Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const path = await import('node:path');
  const root = path.resolve(import.meta.dirname, '../../..');
  const argv = [process.execPath, '--import', 'tsx', path.join(root, 'src/cli/bin.ts'), 'serve', '--port', '0', '--data-dir', dataDir];
  // With `openFiles`, under a lowered open-file limit (sh's ulimit, then exec: the pid stays serve's).
  const [cmd, args] = opts.openFiles
    ? ['/bin/sh', ['-c', `ulimit -n ${opts.openFiles} && exec "$@"`, 'sh', ...argv]]
    : [argv[0], argv.slice(1)];
  const child = spawn(cmd, args as string[], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
  return {
    endpoint,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** VmHWM (peak resident set) and VmRSS of a process, in MiB (Linux /proc). */
export function memoryMiB(pid: number): { peak: number; rss: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
}
