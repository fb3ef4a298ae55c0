// `produce --changes`: a change stream for an Iceberg table with unique keys, as a CDC feed looks. Records
// come from the spec's generator; each carries its operation in the spec's operation field: first inserts of
// new keys, then a mix of inserts (60%), updates (30%: fresh values under a live key) and deletes (10%: a
// live key, which then leaves the live set). The live keys are a bounded set (when full, one is forgotten to make room and never
// touched again), so memory stays flat however long it runs. Every change of a key uses the key as the Kinesis
// partition key: one shard sees all changes of a key, in order (Firehose applies the last one in a batch).
import type { RecordGenerator } from './generator.js';
import { createRng } from './random.js';

export type Operation = 'insert' | 'update' | 'delete';

export interface ChangeCounts {
  insert: number;
  update: number;
  delete: number;
}

export interface ChangeOptions {
  /** The unique key fields (table.unique_keys). */
  keys: string[];
  /** The record key carrying the operation (table.operation_field). */
  operationField: string;
  seed?: string | number;
  /** Live keys remembered for updates and deletes (default 10,000). */
  maxLiveKeys?: number;
  /** Inserts before the first update or delete (default 100, or fewer live keys than that). */
  warmup?: number;
  mix?: { update: number; delete: number };
}

export const DEFAULT_MIX = { update: 0.3, delete: 0.1 };
export const DEFAULT_MAX_LIVE_KEYS = 10_000;

export interface ChangeGenerator extends RecordGenerator {
  readonly counts: ChangeCounts;
  /** Keys currently remembered as live (inserted or updated, not deleted). */
  readonly liveKeys: number;
}

/** Wraps a record generator: every record becomes an insert, update or delete (see the file comment). */
export function changeStream(base: RecordGenerator, opts: ChangeOptions): ChangeGenerator {
  const rng = createRng(opts.seed === undefined ? undefined : `${opts.seed}:changes`);
  const mix = opts.mix ?? DEFAULT_MIX;
  const max = Math.max(1, opts.maxLiveKeys ?? DEFAULT_MAX_LIVE_KEYS);
  const warmup = Math.min(opts.warmup ?? 100, max);
  // Live keys: the key values of each (as JSON values), in a ring so the oldest is forgotten first.
  const live: Array<Record<string, unknown>> = [];
  const index = new Map<string, number>();
  const counts: ChangeCounts = { insert: 0, update: 0, delete: 0 };
  const id = (k: Record<string, unknown>) => JSON.stringify(opts.keys.map((n) => k[n]));
  const remember = (k: Record<string, unknown>) => {
    if (index.has(id(k))) return;
    if (live.length >= max) forget(0);
    index.set(id(k), live.length);
    live.push(k);
  };
  const forget = (i: number) => {
    const last = live.pop()!;
    index.delete(id(i < live.length ? live[i]! : last));
    if (i < live.length) {
      live[i] = last;
      index.set(id(last), i);
    }
  };
  let generated = 0;
  return {
    get generated() {
      return generated;
    },
    get counts() {
      return counts;
    },
    get liveKeys() {
      return live.length;
    },
    next() {
      const rec = JSON.parse(base.next().data) as Record<string, unknown>;
      generated++;
      let op: Operation = 'insert';
      if (live.length >= warmup && live.length > 0) {
        const r = rng.next();
        if (r < mix.delete) op = 'delete';
        else if (r < mix.delete + mix.update) op = 'update';
      }
      let key: Record<string, unknown>;
      if (op === 'insert') {
        key = Object.fromEntries(opts.keys.map((n) => [n, rec[n]]));
        // A generated key that is already live (a small pick list): that is an update of it.
        if (index.has(id(key))) op = 'update';
        remember(key);
      } else {
        const i = Math.floor(rng.next() * live.length);
        key = live[i]!;
        Object.assign(rec, key);
        if (op === 'delete') forget(i);
      }
      counts[op]++;
      rec[opts.operationField] = op;
      const partitionKey = opts.keys.map((n) => String(key[n] ?? '')).join('|') || '_';
      return { data: JSON.stringify(rec) + '\n', partitionKey: partitionKey.slice(0, 256) };
    },
  };
}
