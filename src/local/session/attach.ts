// The other side of a session socket: attach to a host (a control connection kept open for this process's
// life), an HTTP agent whose connections go to the socket (for the AWS SDK's NodeHttpHandler), and a small
// JSON call for the local API.
import http from 'node:http';
import net from 'node:net';
import { ATTACH_MAGIC, type ClientInfo } from './control.js';

export interface Attachment {
  socket: string;
  /** Called once if the host goes away (its socket closes without our detach). */
  onLost(cb: () => void): void;
  detach(): void;
}

/** Attach, or 'closing' when the host is shutting down (or gone): the caller looks at the lock again. */
export function attach(socketPath: string, me: ClientInfo, timeoutMs = 10_000): Promise<Attachment | 'closing'> {
  return new Promise((resolve) => {
    const sock = net.createConnection(socketPath);
    let answer = '';
    let settled = false;
    let lost: (() => void) | undefined;
    let detached = false;
    const done = (v: Attachment | 'closing') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(v);
    };
    const timer = setTimeout(() => {
      sock.destroy();
      done('closing');
    }, timeoutMs);
    sock.on('connect', () => sock.write(`${ATTACH_MAGIC}${JSON.stringify(me)}\n`));
    sock.on('data', (c: Buffer) => {
      if (settled) return;
      answer += c.toString('utf8');
      if (!answer.includes('\n')) return;
      if (!answer.startsWith('OK')) {
        sock.destroy();
        return done('closing');
      }
      // The control connection must not keep this process alive once its work is done.
      sock.unref();
      done({
        socket: socketPath,
        onLost: (cb) => void (lost = cb),
        detach() {
          detached = true;
          sock.end();
          sock.destroy();
        },
      });
    });
    sock.on('error', () => done('closing'));
    sock.on('close', () => {
      done('closing');
      if (!detached) lost?.();
    });
  });
}

/** An http.Agent whose every connection is a new connection to the unix socket (keep-alive pooled). */
export class SocketAgent extends http.Agent {
  constructor(readonly socketPath: string) {
    super({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 1000 });
  }

  // Returning the socket is enough: the Agent waits for it to connect (and reports its errors).
  override createConnection(): net.Socket {
    return net.createConnection(this.socketPath);
  }
}

/** POST one JSON request over the socket; the status and body as received. */
export function postJsonOverSocket(
  agent: http.Agent,
  headers: Record<string, string>,
  body: string,
  signal?: AbortSignal,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: 'localhost.lakehouse', path: '/', method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
