// A lakehouse command that opened the data directory hosts its emulator for the others: it listens on a
// private unix socket (recorded in the lock) where other lakehouse processes attach (control connections,
// see control.ts) and send ordinary AWS HTTP requests. The host does not go away while someone is attached:
// when its own command is done it waits for them (Ctrl-C stops waiting; they then take over the data dir).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { classify, parseHello, type ClientInfo } from './control.js';
import { bridge, type Handle } from './http-bridge.js';

export interface SessionHost {
  readonly socket: string;
  /** Processes attached right now. */
  attached(): ClientInfo[];
  /** Wait until nobody is attached (calling `onWait` once if someone is), then stop listening. */
  close(onWait?: (clients: ClientInfo[]) => void): Promise<void>;
  /** Stop at once (the emulator failed to open): drop every connection. */
  abort(): void;
}

/** A connection that has not said what it is within this long is dropped. */
const SILENT_MS = 30_000;

export async function hostSession(handle: Handle, socketPath: string, opts: { silentMs?: number } = {}): Promise<SessionHost> {
  const clients = new Map<net.Socket, ClientInfo>();
  let closing = false; // past the waiting phase: refuse new attachments
  let idle: (() => void) | undefined;
  // Idle keep-alive connections of attached processes are cheap; closing them late makes the race between a
  // client reusing one and the server closing it rare (the SDK re-sends then; the request was never read).
  const http1 = http.createServer({ keepAliveTimeout: 300_000, headersTimeout: 60_000, requestTimeout: 0 }, (req, res) => {
    bridge(handle, req, res).catch((e) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      } else res.destroy();
    });
  });
  const server = net.createServer((socket) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const kind = classify(head);
      if (!kind) return;
      socket.off('data', onData);
      if (kind === 'http') {
        // The http server keeps its own timeouts; ours (for a silent connection) must not cut a long
        // request such as WaitDelivered.
        socket.setTimeout(0);
        socket.pause();
        socket.unshift(head);
        http1.emit('connection', socket);
        socket.resume();
        return;
      }
      control(socket, head);
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    // A connection that says nothing is dropped (the http server has its own timeouts once handed over).
    socket.setTimeout(opts.silentMs ?? SILENT_MS, () => {
      if (!clients.has(socket)) socket.destroy();
    });
  });
  const control = (socket: net.Socket, head: Buffer) => {
    let text = head.toString('utf8');
    const onLine = () => {
      const nl = text.indexOf('\n');
      if (nl < 0) return false;
      const info = parseHello(text.slice(0, nl));
      if (!info || closing) {
        socket.end(info ? 'CLOSING\n' : 'BAD\n');
        return true;
      }
      clients.set(socket, info);
      socket.setTimeout(0);
      socket.write('OK\n');
      socket.on('close', () => {
        clients.delete(socket);
        if (clients.size === 0) idle?.();
      });
      return true;
    };
    if (onLine()) return;
    if (text.length > 4096) return void socket.destroy();
    const more = (c: Buffer) => {
      text += c.toString('utf8');
      if (text.length > 4096) socket.destroy();
      else if (onLine()) socket.off('data', more);
    };
    socket.on('data', more);
  };
  await listenPrivately(server, socketPath);
  return {
    socket: socketPath,
    attached: () => [...clients.values()],
    async close(onWait) {
      if (clients.size > 0) {
        onWait?.([...clients.values()]);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            resolve();
          };
          idle = stop;
          // Ctrl-C while waiting: stop waiting; attached processes take the data dir over on their next call.
          process.once('SIGINT', stop);
          if (clients.size === 0) stop();
        });
      }
      closing = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of clients.keys()) s.destroy();
        http1.closeIdleConnections();
        // Connections busy with a request close once it is answered.
        const t = setInterval(() => http1.closeIdleConnections(), 50);
        server.once('close', () => clearInterval(t));
      });
      http1.closeAllConnections();
      fs.rmSync(socketPath, { force: true });
    },
    abort() {
      closing = true;
      server.close();
      for (const s of clients.keys()) s.destroy();
      http1.closeAllConnections();
      fs.rmSync(socketPath, { force: true });
    },
  };
}

/** Listen with a 0600 socket from the start (umask around bind), replacing a stale socket file. */
async function listenPrivately(server: net.Server, socketPath: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        const old = process.umask(0o177);
        try {
          server.listen(socketPath, () => {
            server.off('error', reject);
            resolve();
          });
        } finally {
          process.umask(old);
        }
      });
      fs.chmodSync(socketPath, 0o600);
      return;
    } catch (e) {
      // We hold the data-dir lock, so a socket file already there belongs to a host that died.
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 0) throw e;
      fs.rmSync(socketPath, { force: true });
    }
  }
}
