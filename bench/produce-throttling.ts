// bench/produce-throttling: the producer when the stream throttles, through the in-process emulator.
// (1) Shard limits off, 2 shards, 200,000 records with 0%, 10% and 30% of PutRecords records throttled
//     (LAKEHOUSE_FAULTS syntax): records/s, and as a share of the unthrottled run.
// (2) The emulated shard limit (1,000 records/s per shard, 2 shards), paced per shard as on AWS, 0% and 30%
//     throttled: records/s as a share of the 2,000/s limit, and retries per 100 records.
// (3) Through `lakehouse serve` (its own process) with mixed faults — 20% of records throttled, 5% internal
//     failures, 2% of every Kinesis call 503 — 150,000 records: does it finish, at what rate.
// Env: BENCH_THROTTLE_N (200,000), BENCH_THROTTLE_LIMIT_N (16,000), BENCH_THROTTLE_SERVE_N (150,000).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateStreamCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { openClients } from '../src/aws/clients.js';
import { produce } from '../src/producer/run.js';
import type { Field } from '../src/config/types.js';
import { printFigure } from './figure.js';

const SERVE_N = Number(process.env.BENCH_THROTTLE_SERVE_N ?? 150_000);
const MIXED = 'kinesis:PutRecords=0.2:throttle,kinesis:PutRecords=0.05:500,kinesis:*=0.02:503';

const N = Number(process.env.BENCH_THROTTLE_N ?? 200_000);
const LIMIT_N = Number(process.env.BENCH_THROTTLE_LIMIT_N ?? 16_000);
const SHARDS = 2;

const fields: Field[] = [
  { name: 'uuid', type: 'string', gen: { kind: 'uuid' } },
  { name: 'status', type: 'string', gen: { kind: 'pick', values: ['Active', 'Inactive'] } },
] as Field[];

interface Run {
  recordsPerSecond: number;
  retriedPer100: number;
  accepted: number;
  failed: number;
}

async function run(amount: number, throttled: number, limits: boolean): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-bench-throttle-'));
  const faults = throttled ? `kinesis:PutRecords=${throttled}:throttle` : '';
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir, faults, enforceShardLimits: limits });
  try {
    await c.kinesis.send(new CreateStreamCommand({ StreamName: 'bench', ShardCount: SHARDS }));
    await waitUntilStreamExists({ client: c.kinesis, maxWaitTime: 60, minDelay: 1 }, { StreamName: 'bench' });
    const { summary } = await produce({ kinesis: c.kinesis, streamName: 'bench', fields, partitionKey: 'uuid', amount, shardLimits: limits });
    return {
      recordsPerSecond: Math.round(summary.recordsPerSecond),
      retriedPer100: Math.round((summary.retried / Math.max(1, summary.accepted)) * 1000) / 10,
      accepted: summary.accepted,
      failed: summary.failed,
    };
  } finally {
    await c.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const line = (label: string, r: Run, extra = '') =>
  console.log(`${label.padEnd(44)} ${String(r.recordsPerSecond).padStart(7)} rec/s  ${String(r.retriedPer100).padStart(5)} retries/100  ${r.accepted}/${r.failed} acc/failed${extra}`);

console.log(`(1) shard limits off, ${SHARDS} shards, ${N.toLocaleString('en-US')} records`);
const base = await run(N, 0, false);
line('0% throttled', base);
printFigure({ name: 'produce, 0% throttled (no shard limits)', value: base.recordsPerSecond, unit: 'records/s' });
for (const t of [0.1, 0.3]) {
  const r = await run(N, t, false);
  const share = Math.round((r.recordsPerSecond / base.recordsPerSecond) * 100) / 100;
  line(`${t * 100}% throttled`, r, `  ${Math.round(share * 100)}% of unthrottled`);
  printFigure({ name: `produce, ${t * 100}% throttled (no shard limits)`, value: r.recordsPerSecond, unit: 'records/s', peer: '0% throttled', ratio: share });
  printFigure({ name: `retries per 100 records, ${t * 100}% throttled`, value: r.retriedPer100, unit: 'retries' });
}

const limit = SHARDS * 1000;
console.log(`(2) emulated shard limit: ${SHARDS} shards × 1,000 records/s, paced per shard, ${LIMIT_N.toLocaleString('en-US')} records`);
const atLimit = await run(LIMIT_N, 0, true);
line('0% throttled', atLimit, `  ${Math.round((atLimit.recordsPerSecond / limit) * 100)}% of the limit`);
printFigure({ name: 'produce at the shard limit, 0% throttled', value: Math.round((atLimit.recordsPerSecond / limit) * 100), unit: '% of limit' });
printFigure({ name: 'retries per 100 records at the shard limit', value: atLimit.retriedPer100, unit: 'retries' });
const atLimit30 = await run(LIMIT_N, 0.3, true);
line('30% throttled', atLimit30, `  ${Math.round((atLimit30.recordsPerSecond / limit) * 100)}% of the limit, ${Math.round((atLimit30.recordsPerSecond / atLimit.recordsPerSecond) * 100)}% of unthrottled`);
printFigure({
  name: 'produce at the shard limit, 30% throttled',
  value: Math.round((atLimit30.recordsPerSecond / limit) * 100),
  unit: '% of limit',
  peer: '0% throttled at the limit',
  ratio: Math.round((atLimit30.recordsPerSecond / atLimit.recordsPerSecond) * 100) / 100,
});
printFigure({ name: 'retries per 100 records at the limit, 30% throttled', value: atLimit30.retriedPer100, unit: 'retries' });

console.log(`(3) via lakehouse serve with mixed faults (${MIXED}), ${SERVE_N.toLocaleString('en-US')} records`);
{
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-bench-serve-'));
  const bin = path.join(import.meta.dirname, '../src/cli/bin.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', bin, 'serve', '--data-dir', dataDir, '--port', '0'], {
    env: { ...process.env, LAKEHOUSE_FAULTS: MIXED },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (m) resolve(m[0]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    const c = await openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: endpoint });
    try {
      // The 2% 503s hit CreateStream and its waiter too: retry them here.
      for (let i = 0; i < 20; i++) {
        try {
          await c.kinesis.send(new CreateStreamCommand({ StreamName: 'bench', ShardCount: SHARDS }));
          break;
        } catch (e) {
          if ((e as Error).name === 'ResourceInUseException') break;
        }
      }
      await waitUntilStreamExists({ client: c.kinesis, maxWaitTime: 60, minDelay: 1 }, { StreamName: 'bench' });
      const { summary } = await produce({ kinesis: c.kinesis, streamName: 'bench', fields, partitionKey: 'uuid', amount: SERVE_N });
      const r: Run = {
        recordsPerSecond: Math.round(summary.recordsPerSecond),
        retriedPer100: Math.round((summary.retried / Math.max(1, summary.accepted)) * 1000) / 10,
        accepted: summary.accepted,
        failed: summary.failed,
      };
      line('mixed faults via serve', r, `  in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
      printFigure({ name: `produce ${SERVE_N} via serve, mixed faults`, value: r.recordsPerSecond, unit: 'records/s', note: `${r.accepted} accepted, ${r.failed} failed` });
    } finally {
      await c.close();
    }
  } finally {
    // Wait for serve to close before its data directory goes.
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
