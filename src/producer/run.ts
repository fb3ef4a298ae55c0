// `produce` core: batches from a source, several PutRecords in flight, an optional rate limit, until the
// amount is produced, the duration is over or the signal aborts (in-flight batches still finish).
import { availableParallelism } from 'node:os';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Field } from '../config/types.js';
import { DEFAULT_RETRY, sleep, type RetryPolicy } from './backoff.js';
import { toEntries, type BatchRecord } from './batch.js';
import { MAX_RECORDS_PER_REQUEST } from './limits.js';
import { Pacer } from './pacer.js';
import type { DirectPutTarget } from './firehose-send.js';
import { batchRecordsForRate } from './rate.js';
import { entriesJson } from './records-json.js';
import { RetryQueue } from './retry-queue.js';
import { putOnce } from './send.js';
import { shareHttpSessions } from './connections.js';
import { ShardPacer } from './shard-pacer.js';
import { createSource } from './source.js';
import { recordsSource } from './from-file.js';
import type { RecordGenerator } from './generator.js';
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
  /** Keep the records' order on each shard (a change stream: a key's delete must not land before its
   * insert): one call in flight, and no fresh batch while failed records wait for their retry. */
  ordered?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Generate on a worker thread: 'auto' does it for large unthrottled runs on ≥ 2 cores. */
  useWorker?: boolean | 'auto';
  signal?: AbortSignal;
  /** Shared with a progress reporter; a fresh one by default. */
  stats?: ProduceStats;
  onAccepted?: (records: BatchRecord[]) => void | Promise<void>;
  /** The stream enforces Kinesis' per-shard write limits (AWS; local with enforce_shard_limits): pace each
   * shard under them (shard-pacer.ts) instead of learning the rate from throttling. */
  shardLimits?: boolean;
  /** Send these records (produce --from) instead of generating; `amount` is how many. */
  records?: RecordGenerator;
  /** source direct_put: Firehose PutRecordBatch to this delivery stream instead of the Kinesis stream. */
  directPut?: DirectPutTarget;
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
  // Direct PUT has no shards: Firehose's throughput quota shows as ServiceUnavailableException, which the pacer learns from.
  const shardPacer = opts.shardLimits && !opts.directPut ? new ShardPacer(opts.kinesis, opts.streamName, MAX_RECORDS_PER_REQUEST) : undefined;
  await shardPacer?.refresh(opts.signal).catch(() => undefined);
  // Paced per shard: batches of ~0.1 s of the stream's capacity, so each shard gets a steady flow.
  const shardBatch = shardPacer?.shards ? Math.max(10, shardPacer.shards * 100) : Infinity;
  const batchRecords = Math.min(batchRecordsForRate(opts.rate), shardBatch);
  // --from: the file's records instead of generated ones.
  const source = opts.records ? recordsSource(opts.records, total, batchRecords) : await createSource({
    fields: opts.fields,
    partitionKey: opts.partitionKey,
    seed: opts.seed,
    seededStartMs: opts.seededStartMs,
    total,
    batchRecords,
    useWorker: wantWorker(opts, total),
    workers: workerCount(opts),
  });
  shareHttpSessions(opts.directPut?.firehose ?? opts.kinesis);
  const pacer = new Pacer(opts.rate ?? Infinity, batchRecords, undefined, !shardPacer?.shards);
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
  const sendCtx = { kinesis: opts.kinesis, streamName: opts.streamName, stats, retry, pacer, onAccepted: opts.onAccepted, directPut: opts.directPut };
  // Failed records wait in one queue for their backoff and go out again coalesced (retry-queue.ts); lanes
  // send due retries first, and stop taking fresh batches while the queue is full, so a throttled stream
  // pushes back on generation and memory stays flat.
  const concurrency = opts.ordered ? 1 : Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  const queue = new RetryQueue(retry, stats);
  const maxQueued = concurrency * 2 * MAX_RECORDS_PER_REQUEST;
  let sourceDone = false;
  const lane = async (): Promise<void> => {
    try {
      while (fatal === undefined) {
        // Once nothing fresh is coming, anything due goes at once; before, retries gather into fuller calls.
        const draining = sourceDone || stop.signal.aborted;
        const due = queue.takeDue(MAX_RECORDS_PER_REQUEST, draining ? 1 : Math.ceil(batchRecords / 2));
        if (due.length) {
          // Re-sends count against the pace too (else they storm a throttled shard), but never wait longer
          // than one backoff ceiling for it, so a stream that accepts nothing still exhausts the budget.
          await pacer.take(due.length, undefined, retry.capMs);
          if (shardPacer) await shardPacer.take(due, undefined, retry.capMs);
          stats.retried += due.length;
          // Serialized here as the packer does fresh batches: the SDK's serializer costs the sending thread more.
          queue.add(await putOnce(sendCtx, due, opts.directPut ? undefined : entriesJson(due)));
          continue;
        }
        if (draining && queue.size === 0) break;
        if (draining || queue.size >= maxQueued || (opts.ordered && queue.size > 0)) {
          await sleep(Math.min(50, Math.max(1, queue.nextDueInMs())));
          continue;
        }
        if (!(await pacer.take(batchRecords, stop.signal))) continue;
        const batch = await nextBatch();
        if (!batch) {
          sourceDone = true;
          continue;
        }
        stats.generated += batch.keys.length + batch.oversized;
        if (batch.oversized) stats.recordGivenUp('RecordTooLarge', batch.oversized);
        if (batch.keys.length === 0) continue;
        const entries = toEntries(batch);
        // Generated already: on a stop it is still sent (unpaced) rather than lost from the counts.
        if (shardPacer) await shardPacer.take(entries, stop.signal);
        queue.add(await putOnce(sendCtx, entries, batch.recordsJson));
      }
    } catch (e) {
      // A call failed for good, or generation failed (e.g. a value that does not fit its column).
      fail(e);
    }
  };

  await Promise.all(Array.from({ length: concurrency }, lane));
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
  const target = opts.directPut ? opts.directPut.deliveryStreamName : opts.streamName;
  return { summary: summarize(stats, target, interrupted, undefined, opts.directPut ? 'PutRecordBatch' : undefined), error };
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
