// Sending pace: the user's --rate, lowered while the stream throttles hard and raised again when it stops
// (multiplicative decrease to ~90% of what was just accepted, +10% steps back up). Without it, several
// lanes re-sending into a throttled shard make several retries per record; with it, retries stay a small
// fraction and the stream is kept at what it accepts.
import { TokenBucket } from './rate.js';

const WINDOW_MS = 1000;
const MIN_RATE = 10;
/** Throttled share of the last second above which the stream is over its capacity. A smaller share (a
 * slight overshoot, or random throttling: AWS hiccups, injected faults) is left to retries. Random
 * throttling does not fall when the rate is cut, so cutting on it collapses the rate (30% random
 * throttling once took 20,000 records from 2 s to minutes): only a majority throttled means overload. */
const OVERLOAD_SHARE = 0.5;
/** Throttled records in the window before we believe it. */
const MIN_SAMPLE = 20;

export class Pacer {
  private bucket: TokenBucket | undefined;
  /** Outcomes of the last second: accepted and throttled records. */
  private readonly window: Array<{ t: number; n: number; throttled: number }> = [];
  private lastCut = -Infinity;
  private lastRaise = -Infinity;

  constructor(
    /** The user's --rate, or Infinity. */
    private readonly cap: number,
    private readonly maxTake: number,
    private readonly clock: () => number = () => performance.now(),
    /** false: keep the user's rate whatever the stream says (per-shard pacing already holds the limits). */
    private readonly adaptive = true,
  ) {
    if (Number.isFinite(cap)) this.bucket = new TokenBucket(cap, maxTake, clock);
  }

  /** Current limit in records/s (Infinity: as fast as possible). */
  get limit(): number {
    return this.bucket?.rate ?? Infinity;
  }

  /** Wait for room to send `n` records (at most `maxWaitMs`); false when `signal` aborted first. */
  take(n: number, signal?: AbortSignal, maxWaitMs?: number): Promise<boolean> {
    if (!this.bucket) return Promise.resolve(!signal?.aborted);
    return this.bucket.take(n, signal, maxWaitMs);
  }

  /** Feed back one PutRecords outcome. */
  observe(accepted: number, throttled: number): void {
    if (!this.adaptive) return;
    const now = this.clock();
    this.window.push({ t: now, n: accepted, throttled });
    while (this.window.length && now - this.window[0]!.t > WINDOW_MS) this.window.shift();
    let acceptedInWindow = 0;
    let throttledInWindow = 0;
    for (const w of this.window) {
      acceptedInWindow += w.n;
      throttledInWindow += w.throttled;
    }
    // Judged over the last second, not one response: a small retry round with one failure says little.
    const overloaded = throttledInWindow > OVERLOAD_SHARE * (acceptedInWindow + throttledInWindow) && throttledInWindow >= MIN_SAMPLE;
    if (overloaded) {
      if (now - this.lastCut < WINDOW_MS / 2) return;
      const span = Math.max(250, now - this.window[0]!.t);
      const measured = (acceptedInWindow * 1000) / span;
      this.setLimit(Math.max(MIN_RATE, Math.min(this.limit, measured) * 0.9));
      this.lastCut = now;
    } else if (this.bucket && this.limit < this.cap && now - this.lastCut > WINDOW_MS && now - this.lastRaise > 200) {
      const raised = this.limit * 1.1;
      if (!Number.isFinite(this.cap) && raised > 1e6) this.bucket = undefined;
      else this.setLimit(Math.min(this.cap, raised));
      this.lastRaise = now;
    }
  }

  private setLimit(rate: number): void {
    if (this.bucket) this.bucket.setRate(rate);
    else this.bucket = new TokenBucket(rate, this.maxTake, this.clock);
  }
}
