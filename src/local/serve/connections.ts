// Serve's connection layer: one port speaks HTTP/1.1 (AWS CLI, boto3) and h2c with prior knowledge (the JS
// SDK's Kinesis client). Node 20's http2 server does not fall back to HTTP/1.1 on cleartext, so the first
// bytes are sniffed for the HTTP/2 preface and the socket is handed to an http2 or an http server.
// Every phase of a connection has a bound: sniffing and request heads (headersTimeout), idle keep-alive
// connections and HTTP/2 sessions with no stream in flight (idleTimeout), bodies (bodyIdleTimeout, in
// request.ts), and the number of connections (at the cap, the longest-idle one makes room).
import http from 'node:http';
import http2 from 'node:http2';
import type net from 'node:net';
import type { ServeLimits } from './limits.js';
import { createRequestHandler, type AnyRequest, type RequestHandlerOptions } from './request.js';

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');
// Large flow-control windows: a 500-record PutRecords body (~130 KB) would otherwise wait for
// WINDOW_UPDATE round trips on the default 64 KB window.
const H2_WINDOW = 16 * 1024 * 1024;

interface Conn {
  socket: net.Socket;
  session?: http2.Http2Session;
  /** Requests (HTTP/1.1) or streams (HTTP/2) in flight. */
  busy: number;
  /** When it last became idle (accepted, or its last request finished). */
  idleSince: number;
  phase: 'sniff' | 'h1' | 'h2';
}

export interface ConnectionServer {
  /** Take a freshly accepted socket (TCP, or a unix socket for in-machine hosts). */
  accept(socket: net.Socket): void;
  /** Open connections now (tests and --debug). */
  readonly size: number;
  /** Drop every connection and stop the timers. */
  close(): void;
}

export function createConnectionServer(opts: Omit<RequestHandlerOptions, 'onBusy'>): ConnectionServer {
  const limits: ServeLimits = opts.limits;
  const conns = new Map<net.Socket, Conn>();
  const bySession = new WeakMap<http2.Http2Session, Conn>();
  const connOf = (req: AnyRequest): Conn | undefined =>
    req.httpVersion === '2.0' ? bySession.get((req as http2.Http2ServerRequest).stream.session!) : conns.get((req as http.IncomingMessage).socket);
  const onRequest = createRequestHandler({
    ...opts,
    onBusy(req, delta) {
      const c = connOf(req);
      if (!c) return;
      c.busy += delta;
      if (c.busy === 0) c.idleSince = Date.now();
    },
  });
  const h1 = http.createServer(
    {
      keepAliveTimeout: limits.idleTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      // No total-request deadline: a 5 GiB upload may take long; bodies have an idle timeout instead,
      // and a long-running call (LakehouseWaitDelivered) may legitimately hold a request open.
      requestTimeout: 0,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => onRequest(req, res),
  );
  h1.on('checkContinue', (req, res) => onRequest(req, res, true));
  // 128 concurrent streams per session (what AWS's HTTP/2 endpoints advertise); each stream in flight holds
  // a body buffer, so an unbounded number would undo the per-request limits.
  const h2 = http2.createServer({ settings: { initialWindowSize: H2_WINDOW, maxConcurrentStreams: 128 } }, (req, res) => onRequest(req, res));
  h2.on('checkContinue', (req, res) => onRequest(req, res, true));
  // http2 creates the session synchronously inside emit('connection'); `attaching` names its connection.
  let attaching: Conn | undefined;
  h2.on('session', (s) => {
    s.setLocalWindowSize(H2_WINDOW);
    if (attaching) {
      attaching.session = s;
      bySession.set(s, attaching);
    }
  });

  // One sweeper closes what the servers' own timers do not cover: sniffing sockets, idle HTTP/2 sessions
  // (including half-open ones that sent a preface and nothing else), and, as a backstop, idle HTTP/1.1.
  const sweepEvery = Math.max(50, Math.min(1000, Math.min(limits.headersTimeoutMs, limits.idleTimeoutMs) / 4));
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const c of conns.values()) {
      if (c.busy > 0) continue;
      const idle = now - c.idleSince;
      if (c.phase === 'sniff' && idle > limits.headersTimeoutMs) c.socket.destroy();
      else if (c.phase === 'h2' && idle > limits.idleTimeoutMs) closeSession(c);
      else if (c.phase === 'h1' && idle > limits.idleTimeoutMs + limits.headersTimeoutMs) c.socket.destroy();
    }
  }, sweepEvery);
  sweeper.unref();

  /** At the cap: close the connection idle the longest; false when every one has a request in flight. */
  const makeRoom = (): boolean => {
    let victim: Conn | undefined;
    for (const c of conns.values()) if (c.busy === 0 && (!victim || c.idleSince < victim.idleSince)) victim = c;
    if (!victim) return false;
    conns.delete(victim.socket);
    if (victim.session) closeSession(victim);
    else victim.socket.destroy();
    return true;
  };

  return {
    accept(socket) {
      if (conns.size >= limits.maxConnections && !makeRoom()) {
        socket.destroy();
        return;
      }
      const c: Conn = { socket, busy: 0, idleSince: Date.now(), phase: 'sniff' };
      conns.set(socket, c);
      socket.setNoDelay?.(true);
      socket.on('close', () => conns.delete(socket));
      sniff(socket, (isH2, head) => {
        c.phase = isH2 ? 'h2' : 'h1';
        socket.unshift(head);
        if (isH2) {
          // http2 hands bytes already buffered on the socket to its native session, then reads the handle
          // itself; resuming the JS stream here would steal data from it.
          attaching = c;
          h2.emit('connection', socket);
          attaching = undefined;
        } else {
          h1.emit('connection', socket);
          // The http server attaches its reader on 'connection' but does not resume a paused socket.
          socket.resume();
        }
      });
    },
    get size() {
      return conns.size;
    },
    close() {
      clearInterval(sweeper);
      for (const c of conns.values()) {
        c.session?.destroy();
        c.socket.destroy();
      }
      conns.clear();
      h1.closeAllConnections();
    },
  };
}

/** GOAWAY, then the socket goes if the peer does not close it promptly. */
function closeSession(c: Conn): void {
  const s = c.session;
  if (!s || s.closed || s.destroyed) {
    c.socket.destroy();
    return;
  }
  s.close();
  setTimeout(() => s.destroy(), 1000).unref();
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
