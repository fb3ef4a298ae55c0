// Retry pacing: exponential backoff with full jitter (sleep a uniform time in [0, min(cap, base·2^n)]),
// which spreads retries of many writers instead of synchronising them on the same throttled second.
export interface RetryPolicy {
  /** Retry rounds per batch after the first attempt; past it the remaining records are given up. */
  maxRetries: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 12, baseMs: 50, capMs: 2000 };

/** Delay before retry number `retry` (1-based). */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/** setTimeout as a promise; resolves early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
