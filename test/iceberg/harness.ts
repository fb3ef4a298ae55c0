// Test harness for Iceberg tables: a real emulator in a temp data dir (bucket + Glue database), an IcebergEnv
// over it, a DuckDB connection, and three readers of the same snapshot to compare: our scanSelect, the
// independent python reader (fastavro + pyarrow, test/iceberg/read_iceberg.py) and icebird (npm).
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { icebergRead } from 'icebird';
import { Emulator } from '../../src/local/emulator.js';
import type { IcebergEnv, LoadedTable, ScanPlan } from '../../src/local/iceberg/index.js';
import { scanSelect } from '../../src/local/iceberg/index.js';
import type { TableMetadata } from '../../src/iceberg/types.js';

const run = promisify(execFile);
export const BUCKET = 'lake';
export const DB = 'icedb';

export interface Harness { emu: Emulator; env: IcebergEnv; conn: DuckDBConnection; dataDir: string; close(): Promise<void> }

/** Call at module level (a temp dir registered inside a `before` hook would be removed when the hook ends). */
export async function openHarness(dataDir: string): Promise<Harness> {
  const emu = await Emulator.open({ dataDir });
  await mkdir(path.join(dataDir, 'tmp'), { recursive: true }); // the S3 store stages writes here
  const res = await emu.handle({ method: 'PUT', path: `/${BUCKET}`, query: '', headers: { host: 'localhost' }, body: Buffer.alloc(0) });
  if (res.status !== 200) throw new Error(`CreateBucket: ${res.status} ${String(res.body)}`);
  await emu.glue.call!('CreateDatabase', { DatabaseInput: { Name: DB } });
  const env: IcebergEnv = { lake: emu.s3, glue: emu.glue, stageDir: path.join(dataDir, 'tmp'), now: () => Date.now() };
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  return {
    emu, env, conn, dataDir,
    async close() {
      conn.closeSync();
      await emu.close();
    },
  };
}

type Row = unknown[];
const sortRows = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

/** Normalized values: timestamps as epoch micros, dates as ISO dates, bigints as numbers. */
function norm(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime() * 1000;
  if (v === undefined) return null;
  return v;
}

export async function readOurs(h: Harness, plan: ScanPlan): Promise<string[]> {
  const cols = plan.schema.fields.map((f) => {
    const c = `"${f.name}"`;
    if (f.type === 'timestamp' || f.type === 'timestamptz') return `epoch_us(${c})`;
    if (f.type === 'date') return `strftime(${c}, '%Y-%m-%d')`;
    if (typeof f.type === 'string' && f.type.startsWith('decimal')) return `CAST(${c} AS VARCHAR)`;
    return c;
  });
  const r = await h.conn.runAndReadAll(`SELECT ${cols.join(', ')} FROM (${scanSelect(plan)})`);
  return sortRows(r.getRowsJS().map((row) => row.map(norm)));
}

export async function readPython(h: Harness, table: LoadedTable, snapshotId?: number): Promise<{ rows: string[]; columns: string[]; files: any; checks: Record<string, number> }> {
  const metaPath = h.env.lake.objectPath(BUCKET, table.metadataLocation.slice(`s3://${BUCKET}/`.length));
  const args = [path.join(import.meta.dirname, 'read_iceberg.py'), metaPath, path.join(h.dataDir, 's3')];
  if (snapshotId !== undefined) args.push(String(snapshotId));
  const { stdout } = await run('python3', args, { maxBuffer: 1 << 28 });
  const out = JSON.parse(stdout);
  return { rows: sortRows(out.rows.map((r: Row) => r.map(norm))), columns: out.columns, files: out.files, checks: out.checks };
}

/** icebird reads over fetch from https://<bucket>.s3.amazonaws.com/<key>: serve those from the lake. */
let fetchInstalled = false;
function installFetch(h: Harness) {
  if (fetchInstalled) return;
  fetchInstalled = true;
  const real = globalThis.fetch;
  globalThis.fetch = (async (input: any, init?: any) => {
    const url = String(input instanceof Request ? input.url : input);
    const m = /^https:\/\/([^.]+)\.s3\.amazonaws\.com\/(.*)$/.exec(url);
    if (!m) return real(input, init);
    const body = await readFile(h.env.lake.objectPath(m[1]!, decodeURIComponent(m[2]!)));
    const range = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('range');
    if (init?.method === 'HEAD') return new Response(null, { status: 200, headers: { 'content-length': String(body.length) } });
    if (range) {
      const rm = /bytes=(\d+)-(\d*)/.exec(range)!;
      const start = Number(rm[1]);
      const end = rm[2] ? Number(rm[2]) + 1 : body.length;
      return new Response(body.subarray(start, end), { status: 206, headers: { 'content-length': String(end - start) } });
    }
    return new Response(body, { status: 200, headers: { 'content-length': String(body.length) } });
  }) as typeof fetch;
}

export async function readIcebird(h: Harness, table: LoadedTable, snapshotId: number): Promise<string[]> {
  installFetch(h);
  const metadata: TableMetadata = { ...table.metadata, 'current-snapshot-id': snapshotId };
  const rows = await icebergRead({ tableUrl: table.metadata.location, metadata: metadata as any });
  const schema = table.metadata.schemas.find((s) => s['schema-id'] === table.metadata['current-schema-id'])!;
  return sortRows(rows.map((r: Record<string, unknown>) => schema.fields.map((f) => {
    const v = r[f.name];
    if (f.type === 'date' && v instanceof Date) return v.toISOString().slice(0, 10);
    return norm(v);
  })));
}
