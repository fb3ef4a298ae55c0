// DataScannedInBytes, honestly: the total size of the Parquet objects each table scan actually had to open.
// DuckDB's JSON profile names, per READ_PARQUET scan, the filter it used to prune files ("File Filters") and
// how many files survived ("Scanning Files": k/N). We evaluate that same filter over a table of the relation's
// files (filename, size, partition values) and sum the sizes; if our count disagrees with DuckDB's k we count
// every file of the relation (never under-report). A relation scanned twice (self-join) counts twice.
// DuckDB may answer from Parquet metadata alone (count(*) folded into a constant: no scan at all); then the
// bytes read were the footers, so a referenced relation with objects but no scan counts its objects' footers.
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { q, type Relation } from './relations.js';
import { glueToDuck } from './types.js';

interface ScanInfo {
  fileFilters?: string;
  scanning?: { kept: number; total: number };
  firstFile?: string;
  filesRead?: number;
}

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
        filesRead: info['Total Files Read'] !== undefined ? Number(info['Total Files Read']) : undefined,
      });
    }
    for (const c of node?.children ?? []) walk(c);
  };
  walk(profile);
  return out;
}

const total = (rel: Relation) => rel.files.reduce((s, f) => s + f.size, 0);

/** Bytes of a Parquet file's footer: metadata length (4 bytes LE before the trailing `PAR1`) + 8. */
function footerBytes(file: string, size: number): number {
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

async function prunedBytes(conn: DuckDBConnection, rel: Relation, filter: string, kept: number): Promise<number> {
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
    const r = await conn.runAndReadAll(
      `SELECT count(*), coalesce(sum(size), 0) FROM (SELECT ${typed.join(', ')} FROM temp.main.__scan_raw) __scan_files WHERE ${filter}`,
    );
    const [count, bytes] = r.getRows()[0]!;
    return Number(count) === kept ? Number(bytes) : total(rel);
  } catch {
    return total(rel);
  } finally {
    await conn.run(`DROP TABLE IF EXISTS temp.main.__scan_raw`).catch(() => undefined);
  }
}

export async function scannedBytes(conn: DuckDBConnection, profile: any, relations: Relation[]): Promise<number> {
  const withFiles = relations.filter((r) => r.files.length);
  const byPath = new Map<string, Relation>();
  for (const r of withFiles) for (const f of r.files) byPath.set(f.path, r);
  let bytes = 0;
  const scanned = new Set<Relation>();
  const scans = scansOf(profile);
  for (const scan of scans) {
    const rel = (scan.firstFile && byPath.get(scan.firstFile)) || (withFiles.length === 1 ? withFiles[0] : undefined);
    if (rel) scanned.add(rel);
    if (scan.scanning?.kept === 0) continue;
    if (!rel) {
      // A read_parquet the user wrote themselves, or an unknown scan: nothing of ours to count.
      continue;
    }
    if (scan.scanning && scan.fileFilters && scan.scanning.kept < scan.scanning.total) {
      bytes += await prunedBytes(conn, rel, scan.fileFilters, scan.scanning.kept);
    } else bytes += total(rel);
  }
  for (const rel of withFiles) {
    if (!scanned.has(rel)) bytes += rel.files.reduce((s, f) => s + footerBytes(f.path, f.size), 0);
  }
  return bytes;
}
