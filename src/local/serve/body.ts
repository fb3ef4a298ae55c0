// Reads a request body with a size cap and an idle timeout, into memory or, for large S3 uploads, into a
// temp file `<dataDir>/tmp/req-<uuid>` (0600) so that no body is ever held whole beyond its limit.
// Backpressure: the file write stream paces the socket, so a 3 GB chunked PUT costs a few buffers of memory.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The body went past its limit; `received` bytes were counted when it was stopped. */
export class BodyTooLarge extends Error {
  constructor(readonly received: number) {
    super(`request body over the limit after ${received} bytes`);
  }
}

/** No body byte arrived for the idle timeout. */
export class BodyTimeout extends Error {
  constructor() {
    super('request body idle timeout');
  }
}

export interface BodyOptions {
  max: number;
  idleMs: number;
  /** Stream to a file in this directory instead of memory. */
  spoolDir?: string;
}

export interface ReadBody {
  body: Buffer;
  bodyFile?: { path: string; size: number };
}

/** The client went away before the body was complete. */
export class BodyAborted extends Error {
  constructor() {
    super('client closed the connection before the request body was complete');
  }
}

/** A request stream: http.IncomingMessage or http2's compat request. */
type BodySource = Readable & { complete?: boolean };

export async function readBody(req: BodySource, o: BodyOptions): Promise<ReadBody> {
  let received = 0;
  let timer: NodeJS.Timeout | undefined;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      timer?.refresh();
      if (received > o.max) done(new BodyTooLarge(received));
      else done(null, chunk);
    },
  });
  // The timer destroys the counter, which rejects the pipeline below with BodyTimeout.
  timer = setTimeout(() => counter.destroy(new BodyTimeout()), o.idleMs);
  // Not pipeline(req, …): on an error it would destroy the request and with it the socket, before serve
  // could answer EntityTooLarge / RequestTimeout. The request is unpiped and left to the caller instead.
  const onClose = () => {
    if (!req.complete) counter.destroy(new BodyAborted());
  };
  req.once('close', onClose);
  req.pipe(counter);
  const cleanup = () => {
    clearTimeout(timer);
    req.off('close', onClose);
    req.unpipe(counter);
  };
  if (!o.spoolDir) {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
    });
    try {
      await pipeline(counter, sink);
    } finally {
      cleanup();
    }
    return { body: Buffer.concat(chunks) };
  }
  fs.mkdirSync(o.spoolDir, { recursive: true, mode: 0o700 });
  const file = path.join(o.spoolDir, `req-${randomUUID()}`);
  try {
    await pipeline(counter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  } finally {
    cleanup();
  }
  return { body: Buffer.alloc(0), bodyFile: { path: file, size: received } };
}
