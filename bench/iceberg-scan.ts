// scanSelect (one read_parquet per data file with its index/sequence number/partition as constants, columns
// by field id through read_parquet's schema MAP unless the schema never changed, position deletes as NOT IN on a
// BIGINT (file, position) key, equality deletes as a join keeping the newest delete per key) against the floor: a bare read_parquet of the same data files applying no deletes, in the
// same run, DuckDB directly, so the ratio is what reading Iceberg with its deletes costs over plain Parquet.
// Tables of N rows in 10 and 100 data files, then position deletes on 10% of rows, then 10k equality deletes;
// count(*) is checked against the rows that must survive.
//   node --import tsx bench/iceberg-scan.ts [rows=1000000] [runs=7]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Emulator } from '../src/local/emulator.js';
import { commit, createTableMetadata, planScan, scanSelect, writeDataFiles, writeEqualityDeletes, writePositionDeletes, type IcebergEnv, type ScanPlan } from '../src/local/iceberg/index.js';
import { loadTable } from '../src/local/iceberg/table.js';
import { printFigure } from './figure.js';

const rowsN = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 5);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-bench-iceberg-scan-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const emu = await Emulator.open({ dataDir });
const duck = await DuckDBInstance.create(':memory:');
const conn = await duck.connect();
await conn.run(`SET TimeZone = 'UTC'`);
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function timed(sql: string): Promise<{ ms: number; out: string }> {
  const t = performance.now();
  const r = await conn.runAndReadAll(sql);
  return { ms: performance.now() - t, out: JSON.stringify(r.getRowsJS(), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)) };
}

/** The floor: the same data files by column name, no deletes applied. */
function bare(plan: ScanPlan, select: (from: string) => string): string {
  return select(`read_parquet([${plan.data.map((f) => lit(f.path)).join(', ')}])`);
}

try {
  const res = await emu.handle({ method: 'PUT', path: '/lake', query: '', headers: { host: 'localhost' }, body: Buffer.alloc(0) });
  if (res.status !== 200) throw new Error(`CreateBucket ${res.status}`);
  await emu.glue.call!('CreateDatabase', { DatabaseInput: { Name: 'bench' } });
  fs.mkdirSync(path.join(dataDir, 'tmp'), { recursive: true });
  const env: IcebergEnv = { lake: emu.s3, glue: emu.glue, stageDir: path.join(dataDir, 'tmp'), now: Date.now };
  const columns = [{ name: 'id', type: 'bigint' }, { name: 'user_id', type: 'int' }, { name: 'amount', type: 'double' }, { name: 'status', type: 'string' }, { name: 'ts', type: 'timestamp' }];
  const queries = [
    { name: 'count(*)', sql: (from: string) => `SELECT count(*) FROM ${from}` },
    { name: 'filtered aggregate', sql: (from: string) => `SELECT status, count(*), round(sum(amount), 2) FROM ${from} WHERE amount > 100 GROUP BY status ORDER BY status` },
  ];
  for (const nFiles of [10, 100]) {
    const name = `t${nFiles}`;
    const created = await createTableMetadata(env, { name, location: `s3://lake/wh/${name}`, columns, identifierFields: ['id'], partitioning: [{ source: 'id', transform: `bucket[${nFiles}]` }] });
    await emu.glue.call!('CreateTable', { DatabaseName: 'bench', TableInput: created.tableInput });
    let t = performance.now();
    await commit(env, 'bench', name, async (cur) => ({ operation: 'append', add: await writeDataFiles(env, conn, cur,
      `SELECT i::BIGINT AS id, (i % 1000)::INT AS user_id, (i % 10000) / 4.0 AS amount, ['ACTIVE','PENDING','CLOSED'][1 + i % 3] AS status, TIMESTAMP '2026-11-01' + to_seconds(i // 100) AS ts FROM range(${rowsN}) t(i)`) }));
    const writeMs = performance.now() - t;
    printFigure({ name: `writeDataFiles ${rowsN / 1e6}M rows into ${nFiles} bucket partitions`, value: Math.round(writeMs), unit: 'ms' });
    const stages = [
      { label: 'no deletes', live: rowsN, apply: async () => {} },
      { label: 'position deletes on 10% of rows', live: rowsN - rowsN / 10, apply: async () => {
        await commit(env, 'bench', name, async (cur) => {
          const scan = scanSelect(await planScan(env, cur), { withRowIds: true });
          return { operation: 'delete', add: await writePositionDeletes(env, conn, cur, `SELECT "$path" AS file_path, "$pos" AS pos FROM (${scan}) WHERE id % 10 = 1`) };
        });
      } },
      { label: 'position + 10k equality deletes', live: rowsN - rowsN / 10 - 10000, apply: async () => {
        await commit(env, 'bench', name, async (cur) => ({ operation: 'delete', add: await writeEqualityDeletes(env, conn, cur, `SELECT (i * ${Math.floor(rowsN / 10000)})::BIGINT AS id FROM range(10000) t(i)`, ['id']) }));
      } },
    ];
    for (const st of stages) {
      await st.apply();
      const table = await loadTable(env, 'bench', name);
      t = performance.now();
      const plan = await planScan(env, table);
      const planMs = performance.now() - t;
      printFigure({ name: `planScan (manifests), ${nFiles} files, ${st.label}`, value: Math.round(planMs * 10) / 10, unit: 'ms' });
      for (const q of queries) {
        const ours = q.sql(`(${scanSelect(plan)})`);
        const peer = bare(plan, q.sql);
        const [a] = [await timed(ours), await timed(peer)];
        if (q.name === 'count(*)' && a.out !== JSON.stringify([[st.live]])) throw new Error(`${st.label}: scanSelect counted ${a.out}, expected ${st.live}`);
        const xs: number[] = [];
        const ys: number[] = [];
        for (let r = 0; r < runs; r++) {
          xs.push((await timed(ours)).ms);
          ys.push((await timed(peer)).ms);
        }
        const [mx, my] = [median(xs), median(ys)];
        console.log(`${q.name}, ${nFiles} files, ${st.label}: scanSelect ${mx.toFixed(1)} ms, bare ${my.toFixed(1)} ms`);
        printFigure({ name: `scanSelect ${q.name}, ${rowsN / 1e6}M rows, ${nFiles} files, ${st.label}`, value: Math.round(mx * 10) / 10, unit: 'ms', peer: `bare read_parquet, no deletes ${my.toFixed(1)} ms`, ratio: Math.round((mx / my) * 100) / 100 });
      }
    }
  }
} finally {
  conn.closeSync();
  duck.closeSync();
  await emu.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
