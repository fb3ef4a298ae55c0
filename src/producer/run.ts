// `produce` core: batches from a source, several PutRecords in flight, an optional rate limit, until the
// amount is produced, the duration is over or the signal aborts (in-flight batches still finish).
import { availableParallelism } from 'node:os';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Field } from '../config/types.js';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import { toEntries, type BatchRecord } from './batch.js';
import { Pacer } from './pacer.js';
import { batchRecordsForRate } from './rate.js';
import { putOnce, retryLeftover } from './send.js';
import { shareHttpSessions } from './connections.js';
import { createSource } from './source.js';
import { ProduceStats, summarize, type ProduceSummary } from './stats.js';

export interface ProduceOptions {
  kinesis: KinesisClient;
  streamName: string;
  fields: Field[];
  partitionKey?: string;
  /** Records to produce; ignored when `durationMs` is set. */
  amount?: number;
  /** Produce until this much time has passed (or the signal aborts). */
  durationMs?: number;
  /** Records per second, steady. */
  rate?: number;
  seed?: string | number;
  seededStartMs?: number;
  /** PutRecords calls in flight. */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Generate on a worker thread: 'auto' does it for large unthrottled runs on ≥ 2 cores. */
  useWorker?: boolean | 'auto';
  signal?: AbortSignal;
  /** Shared with a progress reporter; a fresh one by default. */
  stats?: ProduceStats;
  onAccepted?: (records: BatchRecord[]) => void | Promise<void>;
}

export const DEFAULT_CONCURRENCY = 4;

export interface ProduceResult {
  summary: ProduceSummary;
  /** A call failed for good (no such stream, access denied…): production stopped early. */
  error?: unknown;
}

export async function produce(opts: ProduceOptions): Promise<ProduceResult> {
  const stats = opts.stats ?? new ProduceStats();
  const total = opts.durationMs !== undefined ? Infinity : (opts.amount ?? 1000);
  const batchRecords = batchRecordsForRate(opts.rate);
  const source = await createSource({
    fields: opts.fields,
    partitionKey: opts.partitionKey,
    seed: opts.seed,
    seededStartMs: opts.seededStartMs,
    total,
    batchRecords,
    useWorker: wantWorker(opts, total),
    workers: workerCount(opts),
  });
  shareHttpSessions(opts.kinesis);
  const pacer = new Pacer(opts.rate ?? Infinity, batchRecords);
  const retry = { ...DEFAULT_RETRY, ...opts.retry };

  // `stop` ends the taking of new batches: Ctrl-C, the duration, or a fatal error.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  const timer = opts.durationMs !== undefined ? setTimeout(onAbort, opts.durationMs) : undefined;

  // Source calls must not overlap: chain them.
  let chain: Promise<unknown> = Promise.resolve();
  const nextBatch = () => {
    const p = chain.then(() => source.next());
    chain = p.catch(() => undefined);
    return p;
  };

  let fatal: unknown;
  const fail = (e: unknown): void => {
    fatal ??= e;
    stop.abort();
  };
  const sendCtx = { kinesis: opts.kinesis, streamName: opts.streamName, stats, retry, pacer, onAccepted: opts.onAccepted };
  // Retries run detached so a lane goes on with fresh batches while failed records wait out their backoff;
  // bounded, so a throttled stream pushes back on the lanes and memory stays flat.
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  const maxRetrying = concurrency * 4;
  const retrying = new Set<Promise<void>>();
  const lane = async (): Promise<void> => {
    try {
      while (!stop.signal.aborted) {
        if (!(await pacer.take(batchRecords, stop.signal))) break;
        const batch = await nextBatch();
        if (!batch) break;
        stats.generated += batch.keys.length + batch.oversized;
        if (batch.oversized) stats.recordGivenUp('RecordTooLarge', batch.oversized);
        if (batch.keys.length === 0) continue;
        const left = await putOnce(sendCtx, toEntries(batch), batch.recordsJson);
        if (left.records.length === 0) continue;
        const task: Promise<void> = retryLeftover(sendCtx, left)
          .catch(fail)
          .finally(() => retrying.delete(task));
        retrying.add(task);
        while (retrying.size > maxRetrying) await Promise.race(retrying);
      }
    } catch (e) {
      // A call failed for good, or generation failed (e.g. a value that does not fit its column).
      fail(e);
    }
  };

  await Promise.all(Array.from({ length: concurrency }, lane));
  while (retrying.size) await Promise.allSettled([...retrying]);
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onAbort);
  await source.close();
  const error = fatal;
  if (error) {
    // Records of the batch that hit the error were neither accepted nor given up yet.
    const unresolved = stats.generated - stats.accepted - stats.failed;
    const err = error as { code?: string; name?: string };
    if (unresolved > 0) stats.recordGivenUp(err.code ?? err.name ?? 'Error', unresolved);
  }
  const interrupted = opts.signal?.aborted === true && (opts.durationMs !== undefined || stats.generated < total);
  return { summary: summarize(stats, opts.streamName, interrupted), error };
}

/** Generator threads. Faker is the largest cost, so with cores to spare an unthrottled unseeded run uses two;
 * on 2 cores the sender and one generator already fill the machine (a second one measured ~5% more CPU for
 * no more records/s). Seeded runs keep one so the record order is reproducible. */
function workerCount(opts: ProduceOptions): number {
  const env = Number(process.env.LAKEHOUSE_PRODUCER_WORKERS);
  if (Number.isInteger(env) && env >= 1) return env;
  return opts.seed === undefined && !opts.rate && availableParallelism() >= 4 ? 2 : 1;
}

function wantWorker(opts: ProduceOptions, total: number): boolean {
  if (opts.useWorker !== undefined && opts.useWorker !== 'auto') return opts.useWorker;
  if (process.env.LAKEHOUSE_PRODUCER_WORKER === '0') return false;
  if (availableParallelism() < 2) return false;
  const big = total >= 20_000 || (opts.durationMs ?? 0) >= 2_000;
  const fast = !opts.rate || opts.rate >= 20_000;
  return big && fast;
}
