// Writing rendered rows to stdout with backpressure, and treating a closed pipe (`| head`) as the reader
// having seen enough rather than as a crash.
import type { Writable } from 'node:stream';

export class OutputClosed extends Error {
  constructor() {
    super('output closed');
  }
}

export function streamWriter(stream: Writable): (chunk: string) => Promise<void> {
  let closed = false;
  let wake: (() => void) | undefined;
  // Stays attached: a late EPIPE after the last write must not become an unhandled 'error' event.
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') return;
    closed = true;
    wake?.();
  });
  return async (chunk) => {
    if (closed) throw new OutputClosed();
    if (!chunk) return;
    if (!stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        stream.once('drain', resolve);
      });
      wake = undefined;
    }
    if (closed) throw new OutputClosed();
  };
}
