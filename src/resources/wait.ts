// Polling until AWS reaches a state, with a bounded wait; and bounded retry with exponential backoff.
import { AwsCallError } from '../errors.js';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface WaitOptions {
  intervalMs: number;
  /** Give up after this long (AWS: Firehose takes minutes to become ACTIVE). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Calls `check` until it returns true. */
export async function waitUntil(what: string, check: () => Promise<boolean>, o: WaitOptions): Promise<void> {
  const deadline = Date.now() + (o.timeoutMs ?? 15 * 60_000);
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new AwsCallError(`Timed out waiting for ${what}`, 'Timeout');
    await sleep(o.intervalMs, o.signal);
  }
}

/** Retries `fn` while `retryable(error)` holds, at most `attempts` times, doubling the delay. */
export async function retrying<T>(
  fn: () => Promise<T>,
  retryable: (e: unknown) => boolean,
  o: { attempts: number; baseMs: number; maxMs?: number; signal?: AbortSignal },
): Promise<T> {
  let delay = o.baseMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= o.attempts || !retryable(e)) throw e;
      await sleep(delay, o.signal);
      delay = Math.min(delay * 2, o.maxMs ?? 30_000);
    }
  }
}
