// `produce --wait`: block until what was sent is in the lake and queryable.
// local → the local API's WaitDelivered (wherever the emulator runs); aws → poll an Athena count until it
// reaches baseline + sent.
import type { Clients } from '../aws/clients.js';
import type { Pipeline } from '../config/types.js';
import { ExitCode, LakehouseError } from '../errors.js';
import { athenaScalar } from './athena-count.js';
import { sleep } from './backoff.js';

export interface WaitOptions {
  clients: Clients;
  pipeline: Pipeline;
  /** local only: write Firehose buffers now instead of after their interval/size. */
  flush: boolean;
  timeoutMs: number;
  /** aws: rows to expect on top of `baseline`. */
  expected: number;
  baseline?: number;
  signal?: AbortSignal;
  log(msg: string): void;
}

export function defaultWaitTimeoutMs(p: Pipeline): number {
  return p.delivery.bufferIntervalS * 1000 + 5 * 60_000;
}

export async function waitDelivered(o: WaitOptions): Promise<void> {
  const { clients, pipeline } = o;
  const stream = pipeline.delivery.name;
  if (clients.local) {
    await clients.local.waitDelivered({ deliveryStream: stream, flush: o.flush, timeoutMs: o.timeoutMs, signal: o.signal });
    return;
  }
  if (o.flush) o.log('--flush applies to the local provider only; waiting for the buffer interval');
  await waitViaAthena(o);
}

/** Rows in the table now (the baseline before sending, for --wait on aws). */
export function countRows(clients: Clients, p: Pipeline, signal?: AbortSignal): Promise<number> {
  return athenaScalar(
    {
      athena: clients.athena,
      workgroup: p.athena.workgroup,
      database: p.table.database,
      sql: `SELECT count(*) FROM "${p.table.database}"."${p.table.name}"`,
    },
    signal,
  );
}

async function waitViaAthena(o: WaitOptions): Promise<void> {
  const target = (o.baseline ?? 0) + o.expected;
  const deadline = Date.now() + o.timeoutMs;
  // Firehose writes no earlier than its buffer interval; poll gently after that.
  o.log(`waiting for ${o.expected} records to reach ${o.pipeline.table.database}.${o.pipeline.table.name} (Athena count, up to ${Math.round(o.timeoutMs / 1000)} s)`);
  await sleep(Math.min(o.pipeline.delivery.bufferIntervalS * 1000, o.timeoutMs), o.signal);
  for (;;) {
    const n = await countRows(o.clients, o.pipeline, o.signal);
    if (n >= target) return;
    if (Date.now() >= deadline || o.signal?.aborted) {
      throw new LakehouseError(
        `timed out waiting for delivery: ${n - (o.baseline ?? 0)} of ${o.expected} records are queryable`,
        ExitCode.aws,
        'Firehose may still be buffering or converting; check the error prefix in the bucket for conversion failures',
      );
    }
    o.log(`  ${n - (o.baseline ?? 0)}/${o.expected} queryable`);
    await sleep(15_000, o.signal);
  }
}
