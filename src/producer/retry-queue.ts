// Records a PutRecords left unaccepted wait here for their backoff (exponential, full jitter, per record),
// then go out again coalesced into full batches by whichever lane is free. One task per failed batch, each
// sleeping through its own backoff rounds, held the lanes: with 30% of records throttled every batch spawned
// one, each lived for seconds of rounds, and the producer fell to a tenth of its rate. Coalesced, retries
// cost about one call per 500 re-sent records, whatever the failure pattern.
import { backoffMs, type RetryPolicy } from './backoff.js';
import type { BatchRecord } from './batch.js';
import type { Leftover } from './send.js';
import type { ProduceStats } from './stats.js';

const PARTIAL_CAP_MS = 400;

interface Waiting {
  rec: BatchRecord;
  /** The retry this will be (1-based). */
  attempt: number;
  due: number;
  code: string;
}

export class RetryQueue {
  private items: Waiting[] = [];
  private readonly attempts = new WeakMap<BatchRecord, number>();
  /** Records refused inside a 200 response back off under a lower ceiling: the stream is answering, and
   * the pacers (per shard, or learnt from throttling) already hold the rate, so long sleeps only stretch
   * the tail (the last records of a 30%-throttled run waited seconds each). */
  private readonly partial: RetryPolicy;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly stats: ProduceStats,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.partial = { ...policy, capMs: Math.min(policy.capMs, PARTIAL_CAP_MS) };
  }

  get size(): number {
    return this.items.length;
  }

  /** Queues what an attempt left; records past the retry budget are given up and counted. */
  add(left: Leftover): void {
    const now = this.clock();
    let exhausted = 0;
    for (const rec of left.records) {
      const attempt = (this.attempts.get(rec) ?? 0) + 1;
      if (attempt > this.policy.maxRetries) {
        exhausted++;
        continue;
      }
      this.attempts.set(rec, attempt);
      this.items.push({ rec, attempt, due: now + backoffMs(attempt, left.whole ? this.policy : this.partial), code: left.code });
    }
    if (exhausted) this.stats.recordGivenUp(`${left.code} (retries exhausted)`, exhausted);
  }

  /**
   * Up to `max` records whose backoff is over. With `min`, fewer are handed out only once the earliest has
   * been due for `lingerMs`: a call has a fixed cost, so retries go out in fuller batches.
   */
  takeDue(max: number, min = 1, lingerMs = 50): BatchRecord[] {
    if (!this.items.length) return [];
    const now = this.clock();
    const due: Waiting[] = [];
    const rest: Waiting[] = [];
    let earliest = Infinity;
    for (const w of this.items) {
      if (w.due <= now && due.length < max) {
        due.push(w);
        earliest = Math.min(earliest, w.due);
      } else rest.push(w);
    }
    if (!due.length || (due.length < min && now - earliest < lingerMs)) return [];
    this.items = rest;
    return due.map((w) => w.rec);
  }

  /** Milliseconds until the next record is due (0 if one is; Infinity when empty). */
  nextDueInMs(): number {
    if (!this.items.length) return Infinity;
    let first = Infinity;
    for (const w of this.items) first = Math.min(first, w.due);
    return Math.max(0, first - this.clock());
  }
}
