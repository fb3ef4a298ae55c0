// Change records/s into an Apache Iceberg table: N change records (40% inserts first, then updates 65%,
// deletes 20%, new inserts 15% of earlier keys) are put through Kinesis PutRecords (2 shards) while the
// buffers hold them, then the emulator is reopened and timed until waitDelivered({flush}) says everything is
// committed (routing, rows by the table schema, equality deletes, one Iceberg commit per shard batch).
// Peer, same run: the same records delivered as plain Hive Parquet (ExtendedS3 with Parquet conversion).
//   node --import tsx bench/delivery-iceberg.ts [records=100000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { openLocalForTest, type LocalTestClients } from '../test/support/local-clients.js';
import { createPipeline } from '../test/local/firehose/pipeline-setup.js';
import { createIcebergPipeline, type IcebergPipeline } from '../test/delivery/iceberg-setup.js';
import { printFigure } from './figure.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
process.env.LAKEHOUSE_KINESIS_TRANSITION_MS ??= '20';

const N = Number(process.argv[2] ?? 100_000);
const T0 = Date.UTC(2026, 11, 1) * 1000;

function records(): Array<Record<string, unknown>> {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const alive: string[] = [];
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < N; i++) {
    const base = { v: i, ts: T0 + Math.floor(rand() * 10 * 86_400_000_000), note: `note ${i} ${'x'.repeat(40)}` };
    const r = rand();
    if (i < N * 0.4 || r >= 0.85 || alive.length === 0) {
      const id = `k${i}`;
      alive.push(id);
      out.push({ id, ...base, op: 'insert' });
    } else if (r < 0.65) out.push({ id: alive[Math.floor(rand() * alive.length)], ...base, op: 'update' });
    else {
      const at = Math.floor(rand() * alive.length);
      const id = alive[at];
      alive[at] = alive[alive.length - 1]!;
      alive.pop();
      out.push({ id, ...base, op: 'delete' });
    }
  }
  return out;
}

async function put(c: LocalTestClients, stream: string, list: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    await c.kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: chunk.map((r) => ({ Data: Buffer.from(JSON.stringify(r)), PartitionKey: String(r.id) })) }));
  }
}

async function run(kind: 'iceberg' | 'hive', sizeMBs: number, list: Array<Record<string, unknown>>): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-bench-iceberg-'));
  let c = await openLocalForTest({ dataDir });
  try {
    if (kind === 'iceberg') {
      const pipe: IcebergPipeline = {
        stream: 'cdc', shards: 2, bucket: 'bench-lake', database: 'bench', table: 'accounts', deliveryStream: 'bench',
        columns: [{ name: 'id', type: 'string' }, { name: 'v', type: 'bigint' }, { name: 'ts', type: 'timestamp' }, { name: 'note', type: 'string' }],
        uniqueKeys: ['id'], query: '{operation: .op}', partitioning: [{ source: 'ts', transform: 'day' }], intervalSeconds: 900, sizeMBs,
      };
      c = await createIcebergPipeline(c, pipe);
    } else {
      await createPipeline(c, {
        stream: 'cdc', shards: 2, bucket: 'bench-lake', database: 'bench', table: 'accounts', deliveryStream: 'bench',
        columns: [{ Name: 'id', Type: 'string' }, { Name: 'v', Type: 'bigint' }, { Name: 'ts', Type: 'bigint' }, { Name: 'note', Type: 'string' }],
        intervalSeconds: 900,
      });
    }
    await put(c, 'cdc', list);
    // Start over from a closed emulator so the figure covers the whole stream → table path.
    await c.close();
    c = await openLocalForTest({ dataDir });
    const t = performance.now();
    await c.emulator!.firehose.waitDelivered({ flush: true, timeoutMs: 900_000 });
    const seconds = (performance.now() - t) / 1000;
    console.log(`${kind}${kind === 'iceberg' ? ` (${sizeMBs} MB buffers)` : ''}: ${N} change records in ${seconds.toFixed(2)} s = ${Math.round(N / seconds).toLocaleString('en-US')} records/s`);
    return N / seconds;
  } finally {
    await c.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const list = records();
const hive = await run('hive', 128, list);
const iceberg = await run('iceberg', 64, list);
const small = await run('iceberg', 1, list);
const note = `${N} change records (inserts, updates, deletes by key), 2 Kinesis shards, load average ${os.loadavg()[0]!.toFixed(1)}`;
printFigure({ name: 'Firehose → Iceberg (64 MB buffers), change records', value: Math.round(iceberg), unit: 'records/s', peer: 'Hive Parquet delivery', ratio: Number((iceberg / hive).toFixed(2)), note });
printFigure({ name: 'Firehose → Iceberg (1 MB buffers: a commit per MB), change records', value: Math.round(small), unit: 'records/s', peer: 'Hive Parquet delivery', ratio: Number((small / hive).toFixed(2)), note });
