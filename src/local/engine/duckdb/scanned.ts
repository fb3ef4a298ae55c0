// DataScannedInBytes as Athena bills Parquet: the column chunks a query reads, in the objects left after partition
// pruning, plus each such object's footer (what count(*) reads). DuckDB's JSON profile names, per READ_PARQUET
// scan, the columns it projects, the columns its pushed-down filters read ("Filters"), the filter it used to prune
// files ("File Filters") and how many files survived ("Scanning Files": k/N). We evaluate that same file filter
// over a table of the relation's files (filename, size, partition values) and sum the chunk sizes
// (parquet_metadata's total_compressed_size) of those columns in the surviving files. When anything is unclear
// (our pruning count disagrees with DuckDB's k, a column list we cannot read) whole objects are counted: never
// under-report. A relation scanned twice (self-join) counts twice; the engine disables DuckDB's late
// materialization so ORDER BY … LIMIT scans once, as Athena does. A referenced relation DuckDB answered from
// metadata alone (no scan at all) counts its objects' footers.
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit, q, type Relation, type TableFile } from './relations.js';
import { glueToDuck } from './types.js';

interface ScanInfo {
  fileFilters?: string;
  scanning?: { kept: number; total: number };
  firstFile?: string;
  /** Projected columns (`a`, `s.a` for a struct field), undefined when the profile lists none we can read. */
  projections?: string[];
  /** Text of the pushed-down filters (they read columns the projection may not list). */
  filters: string;
}

const asList = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? (v === '' ? [] : v.split('\n').map((s) => s.trim()).filter(Boolean)) : Array.isArray(v) ? v.map(String) : undefined;

export function scansOf(profile: any): ScanInfo[] {
  const out: ScanInfo[] = [];
  const walk = (node: any) => {
    const info = node?.extra_info;
    if (node?.operator_type === 'TABLE_SCAN' && /READ_PARQUET/i.test(String(info?.Function ?? node.operator_name))) {
      const sf = /^(\d+)\/(\d+)$/.exec(String(info['Scanning Files'] ?? ''));
      const names = info['Filename(s)'];
      out.push({
        fileFilters: info['File Filters'],
        scanning: sf ? { kept: Number(sf[1]), total: Number(sf[2]) } : undefined,
        firstFile: typeof names === 'string' ? names.split(', ')[0] : undefined,
        projections: asList(info.Projections),
        filters: [info.Filters, info['Dynamic Filters']].flat().filter(Boolean).join(' '),
      });
    }
    for (const c of node?.children ?? []) walk(c);
  };
  walk(profile);
  return out;
}

const total = (files: TableFile[]) => files.reduce((s, f) => s + f.size, 0);

/** Footer sizes by path+size (objects are immutable: a rewrite changes the size, almost always). */
const footerCache = new Map<string, number>();

/** Bytes of a Parquet file's footer: metadata length (4 bytes LE before the trailing `PAR1`) + 8. */
function footerBytes(file: string, size: number): number {
  const key = `${size}:${file}`;
  let bytes = footerCache.get(key);
  if (bytes === undefined) {
    bytes = readFooterBytes(file, size);
    if (footerCache.size >= CHUNK_CACHE_MAX) footerCache.clear();
    footerCache.set(key, bytes);
  }
  return bytes;
}

function readFooterBytes(file: string, size: number): number {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const tail = Buffer.alloc(8);
    fs.readSync(fd, tail, 0, 8, size - 8);
    return Math.min(size, tail.readUInt32LE(0) + 8);
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Column chunk sizes per object (path in schema, lower case, dot-joined → compressed bytes), cached by path+size. */
const chunkCache = new Map<string, Map<string, number>>();
const CHUNK_CACHE_MAX = 20_000;

async function chunkSizes(conn: DuckDBConnection, files: TableFile[]): Promise<Map<string, Map<string, number>>> {
  const key = (f: TableFile) => `${f.size}:${f.path}`;
  const missing = files.filter((f) => !chunkCache.has(key(f)));
  if (missing.length) {
    const r = await conn.runAndReadAll(
      `SELECT file_name, path_in_schema, sum(total_compressed_size) FROM parquet_metadata([${missing.map((f) => lit(f.path)).join(', ')}]) GROUP BY ALL`,
    );
    const byPath = new Map<string, Map<string, number>>(missing.map((f) => [f.path, new Map()]));
    for (const [file, col, bytes] of r.getRows()) {
      byPath.get(String(file))?.set(String(col).split(', ').join('.').toLowerCase(), Number(bytes));
    }
    if (chunkCache.size + missing.length > CHUNK_CACHE_MAX) chunkCache.clear();
    for (const f of missing) chunkCache.set(key(f), byPath.get(f.path)!);
  }
  return new Map(files.map((f) => [f.path, chunkCache.get(key(f))!]));
}

/** The files a pruned scan kept, or undefined when our evaluation of DuckDB's filter disagrees with its count. */
async function prunedFiles(conn: DuckDBConnection, rel: Relation, filter: string, kept: number): Promise<TableFile[] | undefined> {
  const keys = rel.layout?.partitionKeys ?? [];
  const raw = ['filename VARCHAR', 'size BIGINT', ...keys.map((k, i) => `p${i} VARCHAR`)];
  // Partition values typed as the relation types them, so the pruning filter means the same thing here.
  const typed = ['filename', 'size', ...keys.map((k, i) => `CAST(p${i} AS ${glueToDuck(k.type)}) AS ${q(k.name)}`)];
  try {
    await conn.run(`CREATE OR REPLACE TEMP TABLE __scan_raw (${raw.join(', ')})`);
    const appender = await conn.createAppender('__scan_raw', 'main', 'temp');
    for (const f of rel.files) {
      appender.appendVarchar(f.path);
      appender.appendBigInt(BigInt(f.size));
      for (const v of f.values) appender.appendVarchar(v);
      appender.endRow();
    }
    appender.closeSync();
    const r = await conn.runAndReadAll(`SELECT filename FROM (SELECT ${typed.join(', ')} FROM temp.main.__scan_raw) __scan_files WHERE ${filter}`);
    const names = new Set(r.getRows().map((row) => String(row[0])));
    return names.size === kept ? rel.files.filter((f) => names.has(f.path)) : undefined;
  } catch {
    return undefined;
  } finally {
    await conn.run(`DROP TABLE IF EXISTS temp.main.__scan_raw`).catch(() => undefined);
  }
}

/** Bytes one scan read from `files`: the chunks of the columns it projects or filters on, plus footers. */
async function columnBytes(conn: DuckDBConnection, scan: ScanInfo, rel: Relation, files: TableFile[]): Promise<number> {
  if (!scan.projections) return total(files);
  const filterText = scan.filters.toLowerCase();
  let chunks: Map<string, Map<string, number>>;
  try {
    chunks = await chunkSizes(conn, files);
  } catch {
    return total(files);
  }
  let bytes = 0;
  for (const f of files) {
    const cols = chunks.get(f.path)!;
    const wanted = new Set(scan.projections.map((p) => p.replace(/"/g, '').toLowerCase()));
    // A filter pushed into the scan reads its columns even when nothing above needs them.
    for (const col of cols.keys()) {
      const top = col.split('.')[0]!;
      if (new RegExp(`(^|[^\\w])"?${top.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?([^\\w]|$)`).test(filterText)) wanted.add(top);
    }
    for (const [col, size] of cols) {
      const parts = col.split('.');
      // `s` reads every chunk under the struct s; `s.a` the chunks under s.a.
      if ([...wanted].some((w) => { const wp = w.split('.'); return wp.every((p, i) => parts[i] === p); })) bytes += size;
    }
    bytes += footerBytes(f.path, f.size);
  }
  return bytes;
}

export async function scannedBytes(conn: DuckDBConnection, profile: any, relations: Relation[]): Promise<number> {
  const withFiles = relations.filter((r) => r.files.length);
  const byPath = new Map<string, Relation>();
  for (const r of withFiles) for (const f of r.files) byPath.set(f.path, r);
  let bytes = 0;
  const scanned = new Set<Relation>();
  for (const scan of scansOf(profile)) {
    const rel = (scan.firstFile && byPath.get(scan.firstFile)) || (withFiles.length === 1 ? withFiles[0] : undefined);
    // Not one of ours (cannot happen while only catalog tables are reachable): nothing of ours to count.
    if (!rel) continue;
    scanned.add(rel);
    if (scan.scanning?.kept === 0) continue;
    let files: TableFile[] | undefined = rel.files;
    if (scan.scanning && scan.fileFilters && scan.scanning.kept < scan.scanning.total) {
      files = await prunedFiles(conn, rel, scan.fileFilters, scan.scanning.kept);
      if (!files) {
        bytes += total(rel.files);
        continue;
      }
    }
    bytes += await columnBytes(conn, scan, rel, files);
  }
  for (const rel of withFiles) {
    if (!scanned.has(rel)) bytes += rel.files.reduce((s, f) => s + footerBytes(f.path, f.size), 0);
  }
  return bytes;
}
