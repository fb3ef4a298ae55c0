// `lakehouse serve`: the embedded emulator on 127.0.0.1 for any AWS client. One port speaks HTTP/1.1
// (AWS CLI, boto3) and h2c with prior knowledge (the JS SDK's Kinesis client): Node 20's http2 server does
// not fall back to HTTP/1.1 on cleartext, so we look at the connection preface and hand the socket over.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ExitCode, LakehouseError } from '../errors.js';
import { ensureDataDir } from './datadir.js';
import { Emulator } from './emulator.js';
import { settingsFromEnv } from './faults.js';
import { tryAcquireLock } from './lock.js';
import type { EmulatorSettings } from './service.js';
import type { EmuRequest } from './types.js';

export interface ServerOptions {
  dataDir: string;
  /** 0 picks a free port (tests). Default 4566. */
  port?: number;
  region?: string;
  settings?: Partial<EmulatorSettings>;
  /** Called with one line per request (serve --debug). */
  log?: (line: string) => void;
}

export interface RunningServer {
  endpoint: string;
  port: number;
  emulator: Emulator;
  /** Stop accepting, drop connections, close the emulator, release the data-dir lock. */
  close(): Promise<void>;
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');
const H2_WINDOW = 16 * 1024 * 1024;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  ensureDataDir(opts.dataDir); // the data-directory policy, before the lock creates anything in it
  const got = tryAcquireLock(opts.dataDir, 'serve');
  if ('owner' in got) {
    const what = got.owner.kind === 'serve' ? `lakehouse serve (pid ${got.owner.pid}, ${got.owner.endpoint ?? 'starting'})` : `lakehouse (pid ${got.owner.pid})`;
    throw new LakehouseError(`${what} already owns the data directory ${opts.dataDir}`, ExitCode.aws);
  }
  let emulator: Emulator;
  try {
    emulator = await Emulator.open({
      dataDir: opts.dataDir,
      region: opts.region,
      settings: { ...settingsFromEnv(), ...opts.settings },
    });
  } catch (e) {
    got.release();
    throw e;
  }
  const onRequest = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => {
    serveOne(emulator, req, res, opts.log).catch((e) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      } else res.destroy?.();
    });
  };
  const h1 = http.createServer({ keepAliveTimeout: 30_000 }, onRequest);
  // Large flow-control windows: a 500-record PutRecords body (~130 KB) would otherwise wait for
  // WINDOW_UPDATE round trips on the default 64 KB window.
  const h2 = http2.createServer({ settings: { initialWindowSize: H2_WINDOW } }, onRequest);
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.Http2Session>();
  h2.on('session', (s) => {
    s.setLocalWindowSize(H2_WINDOW);
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    sniff(socket, (isH2, head) => {
      socket.unshift(head);
      if (isH2) {
        // http2 hands bytes already buffered on the socket to its native session, then reads the handle
        // itself; resuming the JS stream here would steal data from it.
        h2.emit('connection', socket);
      } else {
        h1.emit('connection', socket);
        // The http server attaches its reader on 'connection' but does not resume a paused socket.
        socket.resume();
      }
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(opts.port ?? 4566, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    await emulator.close();
    got.release();
    const code = (e as NodeJS.ErrnoException).code;
    throw new LakehouseError(
      code === 'EADDRINUSE' ? `port ${opts.port} on 127.0.0.1 is already in use` : `cannot listen: ${(e as Error).message}`,
      ExitCode.aws,
      code === 'EADDRINUSE' ? 'pick another with --port' : undefined,
    );
  }
  const port = (tcp.address() as net.AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  got.setEndpoint(endpoint);
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    port,
    emulator,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((r) => tcp.close(() => r()));
        for (const s of sessions) s.destroy();
        for (const s of sockets) s.destroy();
        h1.closeAllConnections();
        await stopped;
        try {
          await emulator.close();
        } finally {
          got.release();
        }
      })();
      return closing;
    },
  };
}

/** Read just enough of the first bytes to tell the h2 preface from an HTTP/1 request line. */
function sniff(socket: net.Socket, done: (isH2: boolean, head: Buffer) => void): void {
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    const n = Math.min(head.length, H2_PREFACE.length);
    const isPrefix = head.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
    if (isPrefix && head.length < H2_PREFACE.length) return; // need more bytes to decide
    socket.off('data', onData);
    socket.off('error', onError);
    socket.pause();
    done(isPrefix, head);
  };
  const onError = () => socket.destroy();
  socket.on('data', onData);
  socket.on('error', onError);
}

async function serveOne(
  emulator: Emulator,
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
  log?: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith(':') || v === undefined) continue;
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : String(v);
  }
  if (!headers.host && req.headers[':authority']) headers.host = String(req.headers[':authority']);
  const emuReq: EmuRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers,
    body: Buffer.concat(chunks),
  };
  const out = await emulator.handle(emuReq);
  const outHeaders: Record<string, string> = { ...out.headers };
  if (out.body instanceof Readable) {
    (res as http.ServerResponse).writeHead(out.status, outHeaders);
    if (emuReq.method === 'HEAD') {
      out.body.destroy();
      res.end();
    } else await pipeline(out.body, res as NodeJS.WritableStream);
  } else {
    const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
    if (outHeaders['content-length'] === undefined) outHeaders['content-length'] = String(body.length);
    (res as http.ServerResponse).writeHead(out.status, outHeaders);
    if (emuReq.method === 'HEAD') res.end();
    else res.end(body);
  }
  if (log) {
    const what = headers['x-amz-target'] ?? `${emuReq.method} ${emuReq.path}${emuReq.query ? '?' + emuReq.query : ''}`;
    log(`${req.httpVersion === '2.0' ? 'h2' : 'h1'} ${what} → ${out.status} (${Date.now() - started} ms)`);
  }
}
