// Where batches come from: generated inline on the sending thread, or on a worker thread so generation
// (Faker is ~5 µs a record) overlaps the SDK's serialization and the in-process emulator on a second core.
// Either way records come out in the same order, so `--seed` gives the same records.
import type { Field } from '../config/types.js';
import { BatchPacker, type PackedBatch } from './batch.js';
import { createGenerator } from './generator.js';

export interface BatchSource {
  /** The next batch, or undefined when every record was handed out. Calls must not overlap. */
  next(): Promise<PackedBatch | undefined>;
  close(): Promise<void>;
  readonly kind: 'inline' | 'worker';
}

export interface SourceOptions {
  fields: Field[];
  partitionKey?: string;
  seed?: string | number;
  seededStartMs?: number;
  /** Records in all; Infinity until stopped. */
  total: number;
  /** Records per batch (≤ 500). */
  batchRecords: number;
}

export async function createInlineSource(opts: SourceOptions): Promise<BatchSource> {
  const gen = await createGenerator(opts.fields, opts.partitionKey, {
    seed: opts.seed,
    seededStartMs: opts.seededStartMs,
  });
  const packer = new BatchPacker(gen, opts.total);
  return {
    kind: 'inline',
    next: async () => packer.next(opts.batchRecords),
    close: async () => {},
  };
}

/** A worker-thread source, or the inline one when a worker cannot start (e.g. inside a bundle without the
 * worker file). */
export async function createSource(opts: SourceOptions & { useWorker: boolean; workers?: number }): Promise<BatchSource> {
  if (opts.useWorker) {
    try {
      const { createWorkerSource } = await import('./worker-source.js');
      return await createWorkerSource(opts);
    } catch {
      // fall through: generation on this thread is slower but correct
    }
  }
  return createInlineSource(opts);
}
