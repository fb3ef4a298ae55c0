// Which HTTP version the aws provider's Kinesis client speaks. The JS SDK's Kinesis client defaults to
// HTTP/2, and to a plain http:// endpoint it sends HTTP/2 with prior knowledge (h2c): real AWS and
// `lakehouse serve` accept that, while moto, most emulators and proxies speak HTTP/1.1 only and answer
// "PRI * HTTP/2.0" with 505. So:
//   - no custom endpoint (AWS itself): the SDK's default, HTTP/2;
//   - a custom endpoint: ask the server once, on the first request (h2c preface over http://, ALPN over
//     https://), and use HTTP/2 only if it answers as an HTTP/2 server;
//   - LAKEHOUSE_HTTP=1.1 or 2 (or ClientOptions.http) forces either, with no probe.
// The other six clients already speak HTTP/1.1 by default and are left alone.
import net from 'node:net';
import tls from 'node:tls';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandler, HttpRequest } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';

export type HttpVersionSetting = 'auto' | '1.1' | '2';

/** Parses LAKEHOUSE_HTTP (or an option): auto (default), 1.1 (also 1, http1), 2 (also h2, http2). */
export function parseHttpSetting(raw: string | undefined): HttpVersionSetting {
  const v = (raw ?? '').trim().toLowerCase();
  if (!v || v === 'auto') return 'auto';
  if (['1', '1.1', 'http1', 'http/1.1', 'h1'].includes(v)) return '1.1';
  if (['2', 'h2', 'h2c', 'http2', 'http/2'].includes(v)) return '2';
  throw new Error(`LAKEHOUSE_HTTP=${raw}: expected auto, 1.1 or 2`);
}

const PREFACE = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
  // An empty SETTINGS frame: length 0, type 0x4, flags 0, stream 0.
  Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]),
]);

/** Does the server at `endpoint` speak HTTP/2? Never throws: anything unclear means HTTP/1.1. */
export async function speaksHttp2(endpoint: string, timeoutMs = 2000): Promise<boolean> {
  const url = new URL(endpoint);
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise<boolean>((resolve) => {
    let settled = false;
    const done = (h2: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(h2);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    const socket: net.Socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['h2', 'http/1.1'] }, () =>
          done((socket as tls.TLSSocket).alpnProtocol === 'h2'),
        )
      : net.connect({ host, port }, () => socket.write(PREFACE));
    // An HTTP/2 server's first frame is its SETTINGS (type 0x4 at byte 3); an HTTP/1.1 server answers
    // with a status line ("HTTP/1.1 505", "HTTP/1.0 400") or closes.
    socket.once('data', (b: Buffer) => done(b.length >= 4 && b[3] === 0x04 && !b.subarray(0, 5).equals(Buffer.from('HTTP/'))));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** Remembered per endpoint for the life of the process: one probe, however many clients. */
const verdicts = new Map<string, Promise<boolean>>();

function probeOnce(endpoint: string): Promise<boolean> {
  const origin = new URL(endpoint).origin;
  let v = verdicts.get(origin);
  if (!v) verdicts.set(origin, (v = speaksHttp2(origin)));
  return v;
}

type Configs = Record<string, unknown>;

/**
 * A request handler that picks HTTP/2 or HTTP/1.1 on its first request (probe above) and keeps it.
 * It presents the HTTP/2 handler's settings (disableConcurrentStreams…) so code tuning the Kinesis
 * client's sessions (producer/connections.ts) works whichever version was chosen.
 */
export class NegotiatingHandler implements HttpHandler<Configs> {
  /** Read by the SDK's host-header middleware: h2 gets `:authority`, HTTP/1.1 `host` (fixed up in handle too). */
  get metadata(): { handlerProtocol: string } {
    return { handlerProtocol: this.version === '2' ? 'h2' : 'http/1.1' };
  }
  private readonly pending: Configs = {};
  private chosen?: Promise<HttpHandler<Configs>>;
  private handler?: HttpHandler<Configs>;

  constructor(private readonly endpoint: string) {}

  private pick(): Promise<HttpHandler<Configs>> {
    this.chosen ??= probeOnce(this.endpoint).then((h2) => {
      const h = (h2 ? new NodeHttp2Handler({ ...this.pending }) : new NodeHttpHandler({})) as unknown as HttpHandler<Configs>;
      this.handler = h;
      return h;
    });
    return this.chosen;
  }

  /** The version in use after the first request: '2', '1.1', or undefined before. */
  get version(): '2' | '1.1' | undefined {
    if (!this.handler) return undefined;
    return this.handler instanceof NodeHttp2Handler ? '2' : '1.1';
  }

  async handle(request: HttpRequest, options?: HttpHandlerOptions) {
    const h = this.handler ?? (await this.pick());
    // The first request was built before the choice: move the authority to the header this version uses.
    const headers = request.headers;
    if (this.version === '2' && headers.host && !headers[':authority']) {
      headers[':authority'] = headers.host;
      delete headers.host;
    } else if (this.version === '1.1' && headers[':authority']) {
      headers.host ??= headers[':authority'];
      delete headers[':authority'];
    }
    return h.handle(request, options);
  }

  updateHttpClientConfig(key: string, value: unknown): void {
    this.pending[key] = value;
    if (this.handler instanceof NodeHttp2Handler) this.handler.updateHttpClientConfig(key as never, value as never);
  }

  httpHandlerConfigs(): Configs {
    return { disableConcurrentStreams: true, ...this.pending };
  }

  destroy(): void {
    this.handler?.destroy?.();
  }
}

/**
 * The requestHandler for the Kinesis client, or undefined to keep the SDK's default (HTTP/2 to AWS).
 * Other clients keep theirs (HTTP/1.1) unless HTTP/2 is forced.
 */
export function kinesisHandler(endpoint: string | undefined, setting: HttpVersionSetting): HttpHandler<Configs> | undefined {
  if (setting === '1.1') return new NodeHttpHandler({}) as unknown as HttpHandler<Configs>;
  if (setting === '2' || !endpoint) return undefined;
  return new NegotiatingHandler(endpoint);
}
