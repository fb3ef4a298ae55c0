// Main-thread side of the worker source: keeps a few batches requested ahead from each generator thread
// (bounded, so memory stays flat) and hands them out (in order when there is one thread).
import { Worker } from 'node:worker_threads';
import { ExitCode, LakehouseError, type ExitCodeValue } from '../errors.js';
import { seaAssetFile } from '../sea-asset.js';
import type { PackedBatch } from './batch.js';
import type { FromWorker, ToWorker } from './gen-worker.js';
import type { BatchSource, SourceOptions } from './source.js';

/** Batches requested ahead of the sender per worker: ~8 × 500 records ≈ 1 MB for typical records. */
const PREFETCH = 8;

/** One generator thread and the batches it has handed over. */
interface Lane {
  worker: Worker;
  ready: PackedBatch[];
  outstanding: number;
  ended: boolean;
}

/** `workers` threads (default 1). With more than one, each generates its share of `total` from its own
 * random state and batches are taken as they come: only for unseeded runs, where order carries no meaning;
 * a seeded run uses one worker so its records and their order match the inline source. */
export async function createWorkerSource(opts: SourceOptions & { workers?: number }): Promise<BatchSource> {
  const count = Math.max(1, opts.seed === undefined ? (opts.workers ?? 1) : 1);
  const shares = Array.from({ length: count }, (_, i) =>
    Number.isFinite(opts.total) ? Math.floor(opts.total / count) + (i < opts.total % count ? 1 : 0) : null,
  );
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const { workers: _, ...common } = opts;
  const started = await Promise.allSettled(shares.map((total) => startLane({ ...common, total })));
  const lanes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const refused = started.find((r) => r.status === 'rejected');
  if (refused) {
    await Promise.all(lanes.map((l) => l.worker.terminate()));
    throw refused.reason;
  }
  for (const lane of lanes) {
    lane.worker.on('message', (m: FromWorker) => {
      if (m.type === 'batch') {
        lane.outstanding--;
        lane.ready.push(m.batch);
      } else if (m.type === 'end') lane.ended = true;
      else if (m.type === 'error') failure = asError(m);
      wake?.();
    });
    lane.worker.on('error', (e) => {
      failure = e;
      wake?.();
    });
    lane.worker.on('exit', () => {
      if (!lane.ended) failure ??= new Error('generator worker exited early');
      wake?.();
    });
    request(lane);
  }
  let turn = 0;

  return {
    kind: 'worker',
    async next() {
      for (;;) {
        // Round robin over lanes with a batch ready, so the shares drain evenly.
        for (let i = 0; i < lanes.length; i++) {
          const lane = lanes[(turn + i) % lanes.length]!;
          const batch = lane.ready.shift();
          if (batch) {
            turn = (turn + i + 1) % lanes.length;
            request(lane);
            return batch;
          }
        }
        if (failure) throw failure;
        if (lanes.every((l) => l.ended && l.ready.length === 0)) return undefined;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    },
    async close() {
      for (const lane of lanes) lane.ended = true;
      await Promise.all(lanes.map((l) => l.worker.terminate()));
    },
  };
}

async function startLane(workerData: Omit<SourceOptions, 'total'> & { total: number | null }): Promise<Lane> {
  const worker = spawnWorker(workerData);
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`generator worker exited (${code})`)));
    worker.once('message', (m: FromWorker) => {
      if (m.type === 'ready') resolve();
      else reject(asError(m));
    });
  }).catch(async (e) => {
    await worker.terminate();
    throw e;
  });
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  return { worker, ready: [], outstanding: 0, ended: false };
}

function request(lane: Lane): void {
  const want = PREFETCH - lane.ready.length - lane.outstanding;
  // Ask in groups of half the prefetch: fewer messages across the thread boundary.
  if (want >= PREFETCH / 2 && !lane.ended) {
    lane.outstanding += want;
    lane.worker.postMessage({ type: 'more', batches: want } satisfies ToWorker);
  }
}

/** The single binary carries the worker as its own ESM bundle (an SEA asset); built code runs gen-worker.js
 * beside this module; under tsx (tests, dev) the worker thread does not inherit tsx's loader hooks, so it
 * registers them itself before importing the .ts file. */
function spawnWorker(workerData: unknown): Worker {
  const bundled = seaAssetFile('gen-worker.mjs');
  if (bundled) return new Worker(bundled, { workerData });
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./gen-worker.js', import.meta.url), { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./gen-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData });
}

function asError(m: FromWorker): Error {
  if (m.type !== 'error') return new Error(`unexpected message from generator worker: ${m.type}`);
  return new LakehouseError(m.message, (m.exitCode ?? ExitCode.internal) as ExitCodeValue);
}
