// Main-thread side of the worker source: keeps a few batches requested ahead (bounded, so memory stays
// flat) and hands them out in order.
import { Worker } from 'node:worker_threads';
import { ExitCode, LakehouseError, type ExitCodeValue } from '../errors.js';
import { seaAssetFile } from '../sea-asset.js';
import type { PackedBatch } from './batch.js';
import type { FromWorker, ToWorker } from './gen-worker.js';
import type { BatchSource, SourceOptions } from './source.js';

/** Batches requested ahead of the sender: ~8 × 500 records ≈ 1 MB for typical records. */
const PREFETCH = 8;

export async function createWorkerSource(opts: SourceOptions): Promise<BatchSource> {
  const worker = spawnWorker({ ...opts, total: Number.isFinite(opts.total) ? opts.total : null });
  const ready: PackedBatch[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let outstanding = 0;

  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`generator worker exited (${code})`)));
    worker.once('message', (m: FromWorker) => {
      if (m.type === 'ready') resolve();
      else reject(asError(m));
    });
  });
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'batch') {
      outstanding--;
      ready.push(m.batch);
    } else if (m.type === 'end') ended = true;
    else if (m.type === 'error') failure = asError(m);
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', () => {
    if (!ended) failure ??= new Error('generator worker exited early');
    wake?.();
  });

  const request = (): void => {
    const want = PREFETCH - ready.length - outstanding;
    // Ask in groups of half the prefetch: fewer messages across the thread boundary.
    if (want >= PREFETCH / 2 && !ended) {
      outstanding += want;
      worker.postMessage({ type: 'more', batches: want } satisfies ToWorker);
    }
  };
  request();

  return {
    kind: 'worker',
    async next() {
      for (;;) {
        const batch = ready.shift();
        if (batch) {
          request();
          return batch;
        }
        if (failure) throw failure;
        if (ended) return undefined;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    },
    async close() {
      ended = true;
      await worker.terminate();
    },
  };
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
