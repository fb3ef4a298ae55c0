// A real HTTPS server on 127.0.0.1 (self-signed certificate made by openssl) that records the requests it gets,
// for Firehose HTTP endpoint delivery tests. `respond` decides each answer (default: AWS's success contract);
// it may answer later (a promise), as a slow endpoint does, or 'reset' to drop the connection without answering.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface Answer {
  status: number;
  body: string;
}

export interface HttpsEndpoint {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** AWS's success answer: 200 with the request's requestId and a timestamp. */
export function success(req: ReceivedRequest, requestId: string): Answer {
  return { status: 200, body: JSON.stringify({ requestId, timestamp: Date.now() }) };
}

export async function startHttpsEndpoint(respond: (req: ReceivedRequest, requestId: string) => Answer | 'reset' | Promise<Answer> = success): Promise<HttpsEndpoint> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-https-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const received: ReceivedRequest[] = [];
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ReceivedRequest = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      received.push(r);
      void Promise.resolve(respond(r, String(req.headers['x-amz-firehose-request-id']))).then((answer) => {
        if (answer === 'reset') return req.socket.destroy();
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(answer.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        fs.rmSync(dir, { recursive: true, force: true });
      }),
  };
}
