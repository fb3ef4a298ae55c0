// --rate: a token bucket refilled at R tokens/s holding at most a fraction of a second, so a pause (a
// throttled stretch, a slow call) is not followed by a burst above the asked rate.
import { sleep } from './backoff.js';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private capacity = 0;

  constructor(
    private ratePerSecond: number,
    /** Largest single take (a batch); the bucket holds at least this much. */
    private readonly maxTake: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.setRate(ratePerSecond);
    this.tokens = maxTake;
    this.last = clock();
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  setRate(ratePerSecond: number): void {
    this.refill();
    this.ratePerSecond = ratePerSecond;
    this.capacity = Math.max(this.maxTake, ratePerSecond / 10);
  }

  /** Wait until `n` tokens are available and take them. Returns early when `signal` aborts (then false).
   * After `maxWaitMs` the tokens are taken anyway (the bucket goes into debt, so the average rate holds). */
  async take(n: number, signal?: AbortSignal, maxWaitMs = Infinity): Promise<boolean> {
    const deadline = this.clock() + maxWaitMs;
    for (;;) {
      if (signal?.aborted) return false;
      this.refill();
      if (this.tokens >= n || this.clock() >= deadline) {
        this.tokens -= n;
        return true;
      }
      const waitMs = ((n - this.tokens) / this.ratePerSecond) * 1000;
      await sleep(Math.max(1, Math.min(waitMs, deadline - this.clock())), signal);
    }
  }

  private refill(): void {
    const now = this.clock();
    if (this.last === undefined) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }
}

/** Records per batch for a rate: about 20 batches a second so the stream sees a steady flow. */
export function batchRecordsForRate(rate: number | undefined, max = 500): number {
  if (!rate || !Number.isFinite(rate)) return max;
  return Math.max(1, Math.min(max, Math.floor(rate / 20)));
}
