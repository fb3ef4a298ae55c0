// Worker-thread side of the worker source: generate and pack batches on request, transfer them out.
import { parentPort, workerData } from 'node:worker_threads';
import { BatchPacker, type PackedBatch } from './batch.js';
import { createGenerator } from './generator.js';
import type { SourceOptions } from './source.js';

export type ToWorker = { type: 'more'; batches: number };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'batch'; batch: PackedBatch }
  | { type: 'end' }
  | { type: 'error'; message: string; exitCode?: number };

const opts = workerData as SourceOptions & { total: number | null };
const port = parentPort!;

try {
  const gen = await createGenerator(opts.fields, opts.partitionKey, {
    seed: opts.seed,
    seededStartMs: opts.seededStartMs,
  });
  const packer = new BatchPacker(gen, opts.total ?? Infinity);
  port.on('message', (msg: ToWorker) => {
    try {
      for (let i = 0; i < msg.batches; i++) {
        const batch = packer.next(opts.batchRecords);
        if (!batch) {
          port.postMessage({ type: 'end' } satisfies FromWorker);
          return;
        }
        // Serialized by the packer, here off the sending thread (the SDK's serializer was its largest cost).
        const json = own(batch.recordsJson!);
        const bytes = own(batch.bytes);
        const out: PackedBatch = { ...batch, bytes, recordsJson: json };
        port.postMessage({ type: 'batch', batch: out } satisfies FromWorker, [
          bytes.buffer as ArrayBuffer,
          json.buffer as ArrayBuffer,
          out.ends.buffer as ArrayBuffer,
        ]);
      }
    } catch (e) {
      port.postMessage(errorMessage(e));
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
} catch (e) {
  port.postMessage(errorMessage(e));
}

/** Small Buffers are slices of a shared pool: copy those so the transfer detaches nothing else. */
function own(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
}

function errorMessage(e: unknown): FromWorker {
  return { type: 'error', message: (e as Error).message, exitCode: (e as { exitCode?: number }).exitCode };
}
