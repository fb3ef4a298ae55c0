// `produce --dry-run`: the records `produce` would send, as JSON lines on stdout, and nothing sent (no
// stream, no clients: it works before `up`). Generated with the same generator and seed as a real run, or
// the checked records of --from.
import type { Field } from '../config/types.js';
import { createGenerator, type RecordGenerator } from './generator.js';

export interface DryRunOptions {
  fields: Field[];
  partitionKey?: string;
  seed?: string;
  amount: number;
  /** --from: these instead of generated ones. */
  records?: RecordGenerator;
  write(chunk: string): Promise<void>;
  signal?: AbortSignal;
}

/** Writes the records; returns how many. */
export async function dryRun(o: DryRunOptions): Promise<number> {
  const gen = o.records ?? (await createGenerator(o.fields, o.partitionKey, { seed: o.seed }));
  let chunk = '';
  let n = 0;
  for (; n < o.amount && !o.signal?.aborted; n++) {
    chunk += gen.next().data;
    if (chunk.length >= 64 * 1024) {
      await o.write(chunk);
      chunk = '';
    }
  }
  if (chunk) await o.write(chunk);
  return n;
}
