// One HTTP request through serve's gate, in order: request-target form, Host allow-list, signature
// present, declared size; then `100 Continue` (when asked), the body (capped, idle-timed, large S3 uploads
// spooled to a temp file), the emulator, and the response (streamed bodies guarded against a stalled
// reader). Every refusal is answered in the addressed protocol's error shape.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import type http2 from 'node:http2';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Emulator } from '../emulator.js';
import { AwsError, type EmuRequest, type EmuResponse } from '../types.js';
import { authError, isUnsignedAllowed, withoutV2QueryAuth } from './auth.js';
import { BodyAborted, BodyTimeout, BodyTooLarge, readBody, type ReadBody } from './body.js';
import { diskFullError, isDiskFull } from '../store/disk-full.js';
import { bodyLimit, declaredSizeError } from './body-limits.js';
import { hostAllowed } from './hosts.js';
import { stallGuard } from './stall-guard.js';
import type { ServeLimits } from './limits.js';
import { classify, errorFor, type RequestHead, type Target } from './target.js';

export type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

export interface RequestHandlerOptions {
  emulator: Emulator;
  limits: ServeLimits;
  /** The TCP port serve listens on (a Host naming another port is refused); undefined: any port. */
  port?: number;
  /** Where spooled bodies go: `<dataDir>/tmp`. */
  spoolDir: string;
  log?: (line: string) => void;
  /** Called when a request starts and when its response is done (connection bookkeeping). */
  onBusy?: (req: AnyRequest, delta: 1 | -1) => void;
}

/** `(req, res)` for the http and http2 servers; `expectContinue` for their 'checkContinue' event. */
export function createRequestHandler(o: RequestHandlerOptions) {
  return (req: AnyRequest, res: AnyResponse, expectContinue = false): void => {
    o.onBusy?.(req, 1);
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      o.onBusy?.(req, -1);
    };
    res.once('close', finished);
    serveOne(o, req, res, expectContinue).catch((e) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`lakehouse serve internal error: ${e instanceof Error ? e.message : String(e)}`);
      } else res.destroy();
    });
  };
}

function headOf(req: AnyRequest): RequestHead {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith(':') || v === undefined) continue;
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : String(v);
  }
  if (!headers.host && req.headers[':authority']) headers.host = String(req.headers[':authority']);
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers,
  };
}

/** The refusal (if any) decided from the request head alone. */
function gate(o: RequestHandlerOptions, head: RequestHead, target: Target): AwsError | undefined {
  // Only origin-form targets (`/path?query`): an absolute URL is a proxy request, not for us.
  if (!head.path.startsWith('/')) return new AwsError('InvalidRequest', 'The request target must be an absolute path', 400);
  if (!hostAllowed(head.headers.host, o.port)) {
    return new AwsError(
      'InvalidHostHeader',
      `Host ${JSON.stringify(head.headers.host ?? '')} does not address this server (lakehouse serve answers 127.0.0.1, localhost and <bucket>.localhost${o.port ? `, port ${o.port}` : ''})`,
      400,
    );
  }
  // CORS preflights carry no signature by design. serve itself never grants one; S3 answers them (its
  // bucket CORS rules are the seam), and only without a body so nothing else can ride on them.
  if (head.method === 'OPTIONS' && target.protocol === 's3' && !hasBody(head)) return undefined;
  return authError(head, target, Date.now());
}

function hasBody(head: RequestHead): boolean {
  const length = head.headers['content-length'];
  return head.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

async function serveOne(o: RequestHandlerOptions, req: AnyRequest, res: AnyResponse, expectContinue: boolean): Promise<void> {
  const started = Date.now();
  const head = headOf(req);
  const target = classify(head);
  const refuse = (err: AwsError) => errorFor(target, err, randomUUID(), head.method);
  let out: EmuResponse | undefined;
  let read: ReadBody | undefined;
  let bodyComplete = !hasBody(head);
  try {
    const limit = bodyLimit(target, head.headers, o.limits.maxUploadBytes);
    let refused = gate(o, head, target) ?? declaredSizeError(target, head.headers, limit, o.limits.maxUploadBytes);
    // A Query request names its action in the body: an unsigned one waits for it, since AWS takes two STS
    // actions unsigned (isUnsignedAllowed).
    let unsigned: AwsError | undefined;
    if (refused?.code === 'MissingAuthenticationToken' && target.protocol === 'query') [unsigned, refused] = [refused, undefined];
    if (refused) out = refuse(refused);
    else {
      if (expectContinue) res.writeContinue();
      const length = Number(head.headers['content-length'] ?? NaN);
      const spool = target.protocol === 's3' && target.upload && !(length <= o.limits.spoolAboveBytes);
      try {
        read = await readBody(req, { max: limit.max, idleMs: o.limits.bodyIdleTimeoutMs, spoolDir: spool ? o.spoolDir : undefined });
        bodyComplete = true;
      } catch (e) {
        if (e instanceof BodyAborted) return;
        if (e instanceof BodyTooLarge) out = refuse(limit.error(e.received));
        else if (e instanceof BodyTimeout) out = refuse(requestTimeout(target));
        else if (isDiskFull(e)) out = refuse(diskFullError(e, o.spoolDir)); // spooling hit a full disk: 503 naming it
        else throw e;
      }
      if (read && unsigned && !isUnsignedAllowed(head, read.body)) out = refuse(unsigned);
      else if (read) {
        const query = target.protocol === 's3' && head.headers.authorization === undefined ? withoutV2QueryAuth(head.query) : head.query;
        const emuReq: EmuRequest = { ...head, query, body: read.body, bodyFile: read.bodyFile };
        out = await o.emulator.handle(emuReq);
      }
    }
    await respond(o, req, res, head, out!, bodyComplete);
  } finally {
    if (read?.bodyFile) fs.rmSync(read.bodyFile.path, { force: true });
  }
  if (o.log) {
    const what = head.headers['x-amz-target'] ?? `${head.method} ${head.path}${head.query ? '?' + head.query : ''}`;
    o.log(`${req.httpVersion === '2.0' ? 'h2' : 'h1'} ${what} → ${out!.status} (${Date.now() - started} ms)`);
  }
}

function requestTimeout(target: Target): AwsError {
  if (target.protocol === 's3') {
    return new AwsError(
      'RequestTimeout',
      'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.',
      400,
    );
  }
  return new AwsError(target.protocol === 'query' ? 'RequestTimeout' : 'RequestTimeoutException', 'Request body not received within the timeout period.', 408);
}

async function respond(o: RequestHandlerOptions, req: AnyRequest, res: AnyResponse, head: RequestHead, out: EmuResponse, bodyComplete: boolean) {
  // An HTML object opened in a browser (a presigned link) would otherwise run with serve's own origin,
  // where it could send Authorization headers without a preflight and, since signatures are not
  // verified, use the whole API. `sandbox` gives such a page an opaque origin instead; SDKs ignore it.
  const headers: Record<string, string> = { 'content-security-policy': 'sandbox', 'x-content-type-options': 'nosniff', ...out.headers };
  const h1 = req.httpVersion !== '2.0';
  // A body we did not read stays unread: close the connection after the answer rather than read
  // (possibly gigabytes) to keep it alive.
  if (!bodyComplete && h1) headers.connection = 'close';
  if (out.body instanceof Readable) {
    res.writeHead(out.status, headers);
    if (head.method === 'HEAD') {
      out.body.destroy();
      res.end();
      return;
    }
    // A reader that stops reading would hold the stream and its file open: end it after the idle timeout.
    const guard = stallGuard(o.limits.bodyIdleTimeoutMs, () => res.destroy());
    try {
      await pipeline(out.body, guard.meter, res as NodeJS.WritableStream);
    } finally {
      guard.stop();
    }
    return;
  }
  const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
  if (headers['content-length'] === undefined) headers['content-length'] = String(body.length);
  res.writeHead(out.status, headers);
  if (head.method === 'HEAD') res.end();
  else res.end(body);
  if (!bodyComplete && !h1) {
    // HTTP/2: reset only this stream (the session and its other streams go on).
    res.once('finish', () => (req as http2.Http2ServerRequest).stream.close());
  }
}

