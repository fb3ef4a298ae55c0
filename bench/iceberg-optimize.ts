// OPTIMIZE … REWRITE DATA USING BIN_PACK on an Iceberg table of N small files with 1% of rows deleted (position
// deletes, as Athena's DELETE writes them), through the Athena API (start → poll → SUCCEEDED). The table is
// built through Athena too: N INSERTs of `rows` rows each (one data file per INSERT), then one DELETE. Peer, in
// the same run: DuckDB alone reading the same N files with the same deletes applied (anti-join on file + row
// position) and writing them as one zstd Parquet file, i.e. the rewrite's data work without Iceberg's bookkeeping.
// Also the count(*) query time before and after the OPTIMIZE (what compaction buys readers). Usage:
//   node --import tsx bench/iceberg-optimize.ts [files=100] [rowsPerFile=2000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateDatabaseCommand } from '@aws-sdk/client-glue';
import { openLocalForTest, runQuery } from '../test/local/athena/helpers.js';
import { printFigure } from './figure.js';

const files = Number(process.argv[2] ?? 100);
const rowsPerFile = Number(process.argv[3] ?? 2000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-bench-iceberg-optimize-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const c = await openLocalForTest({ dataDir });
const duck = await DuckDBInstance.create(':memory:');
const conn = await duck.connect();
async function ok(sql: string) {
  const q = await runQuery(c, sql);
  if (q.Status?.State !== 'SUCCEEDED') throw new Error(`${sql}: ${q.Status?.StateChangeReason}`);
  return q;
}
async function countTime(): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < 4; r++) {
    const t = performance.now();
    await ok('SELECT count(*), sum(amount) FROM ice');
    if (r) times.push(performance.now() - t);
  }
  return Math.round(median(times));
}
try {
  await c.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'analytics' } }));
  await ok(`CREATE TABLE ice (id bigint, name string, amount double) LOCATION 's3://lake/warehouse/ice/' TBLPROPERTIES ('table_type'='ICEBERG')`);
  let t = performance.now();
  for (let f = 0; f < files; f++) {
    const from = f * rowsPerFile;
    await ok(`INSERT INTO ice SELECT id, 'name-' || CAST(id AS varchar), id * 0.5 FROM UNNEST(sequence(${from}, ${from + rowsPerFile - 1})) AS t(id)`);
  }
  const insertMs = performance.now() - t;
  console.log(`built ${files} files × ${rowsPerFile} rows by INSERT in ${Math.round(insertMs)} ms (${Math.round(insertMs / files)} ms per INSERT)`);
  await ok(`DELETE FROM ice WHERE id % 100 = 7`);
  const countBefore = await countTime();

  // Peer: the rewrite's data work in DuckDB alone, on the same files and deletes (read before OPTIMIZE replaces them).
  const lakeDir = path.join(c.emulator!.s3.objectPath('lake', 'warehouse/ice/x'), '..');
  const all = (fs.readdirSync(lakeDir, { recursive: true }) as string[]).filter((p) => p.endsWith('.parquet')).map((p) => path.join(lakeDir, p));
  const dataFiles: string[] = [];
  const deleteFiles: string[] = [];
  for (const p of all) {
    const cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${p}')`)).getRows().map((r) => String(r[0]));
    (cols.includes('file_path') && cols.includes('pos') ? deleteFiles : dataFiles).push(p);
  }
  // Delete files name data files by s3 uri; the files sit under the bucket's folder.
  const bucketRoot = path.join(c.emulator!.s3.objectPath('lake', 'x'), '..') + path.sep;
  const list = (xs: string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
  const peerOut = path.join(dataDir, 'peer.parquet');
  const peer: number[] = [];
  for (let r = 0; r < 3; r++) {
    t = performance.now();
    await conn.run(`COPY (
        SELECT d.id, d.name, d.amount FROM read_parquet(${list(dataFiles)}, filename = true, file_row_number = true) d
        ANTI JOIN (SELECT replace(file_path, 's3://lake/', '${bucketRoot}') AS path, pos FROM read_parquet(${list(deleteFiles)})) x
          ON x.path = d.filename AND x.pos = d.file_row_number)
      TO '${peerOut}' (FORMAT parquet, COMPRESSION zstd)`);
    peer.push(performance.now() - t);
  }
  const peerRows = Number((await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${peerOut}')`)).getRows()[0]![0]);
  if (peerRows !== files * rowsPerFile - files * rowsPerFile / 100) console.log(`warning: the peer kept ${peerRows} rows`);
  const peerMs = Math.round(median(peer));

  t = performance.now();
  const o = await ok('OPTIMIZE ice REWRITE DATA USING BIN_PACK');
  const optimizeMs = Math.round(performance.now() - t);
  const countAfter = await countTime();
  console.log(`OPTIMIZE of ${files} files (${files * rowsPerFile} rows, ${deleteFiles.length} delete file(s)): ${optimizeMs} ms round trip (engine ${o.Statistics?.EngineExecutionTimeInMillis} ms); DuckDB-only rewrite ${peerMs} ms`);
  console.log(`count(*) + sum via Athena: ${countBefore} ms before, ${countAfter} ms after OPTIMIZE`);
  printFigure({ name: `OPTIMIZE BIN_PACK, ${files} small files, ${(files * rowsPerFile) / 1e6}M rows, 1% deleted`, value: optimizeMs, unit: 'ms', peer: `DuckDB-only rewrite ${peerMs} ms`, ratio: Math.round((optimizeMs / peerMs) * 10) / 10 });
  printFigure({ name: `count+sum on that table via Athena after OPTIMIZE`, value: countAfter, unit: 'ms', peer: `before OPTIMIZE ${countBefore} ms`, ratio: Math.round((countAfter / countBefore) * 100) / 100 });
  printFigure({ name: 'Iceberg INSERT INTO (one small file) via Athena API', value: Math.round(insertMs / files), unit: 'ms' });
} finally {
  conn.closeSync();
  duck.closeSync();
  await c.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
