// One HTTP/1.1 request on a session socket → the emulator's `handle` → the response, as serve does for TCP.
// The socket is reachable only by its owner (0600 in a 0700 folder), which no browser or other user can
// reach: that is why serve's Host allow-list and "signed requests only" rules have nothing to add here
// (they guard a TCP port any local program and any web page can address).
import type http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EmuRequest, EmuResponse } from '../types.js';

/** In-memory body cap: lakehouse's own commands send API calls, not large uploads (those go through serve). */
const MAX_BODY = 64 * 1024 * 1024;

export type Handle = (req: EmuRequest) => Promise<EmuResponse>;

export async function bridge(handle: Handle, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) {
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
      res.end(`request body over ${MAX_BODY} bytes: use lakehouse serve for large uploads\n`);
      return;
    }
    chunks.push(c);
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const emuReq: EmuRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers,
    body: Buffer.concat(chunks),
  };
  const out = await handle(emuReq);
  const outHeaders: Record<string, string> = { ...out.headers };
  if (out.body instanceof Readable) {
    res.writeHead(out.status, outHeaders);
    if (emuReq.method === 'HEAD') {
      out.body.destroy();
      res.end();
    } else await pipeline(out.body, res);
    return;
  }
  const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
  if (outHeaders['content-length'] === undefined) outHeaders['content-length'] = String(body.length);
  res.writeHead(out.status, outHeaders);
  res.end(emuReq.method === 'HEAD' ? undefined : body);
}
