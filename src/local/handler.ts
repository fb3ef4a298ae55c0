// The in-process SDK requestHandler for the `local` provider: takes the serialized (signed) HttpRequest
// from an AWS SDK v3 client, hands it to the embedded emulator, and returns its answer as an HttpResponse.
// No sockets. Response bodies are Readable streams because that is what the SDK's node runtime expects
// (S3 GetObject's Body is a stream mixin over it). An abort signal that fires while a streamed body is
// still being read (S3 GetObject, Kinesis SubscribeToShard) destroys that stream, as closing the socket
// would over HTTP: the reader sees an AbortError and the emulator stops producing (the subscription ends).
import { PassThrough, Readable } from 'node:stream';
import { HttpResponse, type HttpHandler, type HttpHandlerOptions, type HttpRequest } from '@smithy/protocol-http';
import type { Emulator } from './emulator.js';
import type { EmuRequest } from './types.js';

/** RFC 3986 encoding as the SDK signs it (encodeURIComponent leaves !'()* alone). */
function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function buildQuery(query: HttpRequest['query'] | undefined): string {
  const parts: string[] = [];
  for (const key of Object.keys(query ?? {}).sort()) {
    const value = query![key];
    const k = escapeUri(key);
    if (value === null || value === undefined) parts.push(k);
    else if (Array.isArray(value)) for (const v of value) parts.push(`${k}=${escapeUri(v)}`);
    else parts.push(`${k}=${escapeUri(value)}`);
  }
  return parts.join('&');
}

/** Collect a request body the SDK may hand us as string, bytes, Node stream or web stream/Blob. */
export async function collectBody(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (typeof (body as Blob).arrayBuffer === 'function' && typeof (body as Blob).size === 'number') {
    return Buffer.from(await (body as Blob).arrayBuffer());
  }
  if (typeof (body as any)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }
  if (typeof (body as ReadableStream).getReader === 'function') {
    return collectBody(Readable.fromWeb(body as any));
  }
  throw new TypeError(`unsupported request body type: ${Object.prototype.toString.call(body)}`);
}

export class LocalHttpHandler implements HttpHandler<{}> {
  readonly metadata = { handlerProtocol: 'local' };

  constructor(private readonly emulator: Emulator) {}

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    if (options?.abortSignal?.aborted) throw abortError();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = String(v);
    if (!headers.host) headers.host = request.port ? `${request.hostname}:${request.port}` : request.hostname;
    const req: EmuRequest = {
      method: request.method.toUpperCase(),
      path: request.path || '/',
      query: buildQuery(request.query),
      headers,
      body: await collectBody(request.body),
    };
    const res = await this.emulator.handle(req);
    if (options?.abortSignal?.aborted) {
      if (res.body instanceof Readable) res.body.destroy();
      throw abortError();
    }
    const outHeaders: Record<string, string> = { ...res.headers };
    if (res.body instanceof Readable) {
      if (options?.abortSignal) closeOnAbort(res.body, options.abortSignal);
      return { response: new HttpResponse({ statusCode: res.status, headers: outHeaders, body: res.body }) };
    }
    const body = typeof res.body === 'string' ? Buffer.from(res.body, 'utf8') : res.body;
    if (outHeaders['content-length'] === undefined && req.method !== 'HEAD') outHeaders['content-length'] = String(body.length);
    return {
      response: new HttpResponse({
        statusCode: res.status,
        headers: outHeaders,
        body: bodyStream(body),
      }),
    };
  }

  updateHttpClientConfig(): void {
    // Nothing to configure: there is no connection pool or timeout in-process.
  }

  httpHandlerConfigs(): {} {
    return {};
  }

  destroy(): void {
    // The emulator's lifetime is owned by openClients' close(), not by each client.
  }
}

/** A byte-mode (not object-mode) stream, as a socket would give. */
function bodyStream(body: Buffer): Readable {
  const stream = new PassThrough();
  stream.end(body);
  return stream;
}

/** Destroys `body` with an AbortError when `signal` fires before the body ends. */
function closeOnAbort(body: Readable, signal: NonNullable<HttpHandlerOptions['abortSignal']>): void {
  const onAbort = () => body.destroy(abortError());
  // The SDK's signal is a DOM AbortSignal or smithy's own (only `onabort`).
  const target = signal as unknown as EventTarget;
  if (typeof target.addEventListener === 'function') {
    target.addEventListener('abort', onAbort, { once: true });
    body.once('close', () => target.removeEventListener('abort', onAbort));
  } else {
    const previous = signal.onabort;
    signal.onabort = function (this: unknown, ...args: unknown[]) {
      onAbort();
      if (typeof previous === 'function') (previous as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof signal.onabort;
  }
}

function abortError(): Error {
  const e = new Error('Request aborted');
  e.name = 'AbortError';
  return e;
}
