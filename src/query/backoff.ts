// Poll delays and an abortable sleep: Athena answers small queries in tens of ms, big ones in minutes,
// so start fast and back off to a steady 1 s.

export function* backoffDelays(firstMs = 50, maxMs = 1000): Generator<number> {
  let d = firstMs;
  for (;;) {
    yield d;
    d = Math.min(d * 2, maxMs);
  }
}

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** Resolves after `ms`, or rejects with Interrupted as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Interrupted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
