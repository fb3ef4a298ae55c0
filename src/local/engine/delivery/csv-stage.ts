// Stages converted rows as a CSV file for DuckDB's parallel CSV reader, streamed to disk as rows come so no
// per-column arrays are ever built (they cost more in GC than the conversion itself). Measured faster than
// the Appender, whose per-string N-API calls dominated (≈ 5 calls per record for the seed's shape).
// Every string is quoted and NULL is an unquoted \N, so NULL, '' and the text '\N' stay distinct (DuckDB
// reads it with allow_quoted_nulls=false).
import fs from 'node:fs';
import type { Column } from './glue-types.js';
import type { Value } from './openx.js';

// Per open batch (one per shard with buffered records), so kept small: streams may have hundreds of shards.
const BUFFER_BYTES = 256 * 1024;

function decimalText(unscaled: bigint, scale: number): string {
  if (scale === 0) return unscaled.toString();
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Rows are encoded into one reused Buffer (concatenating rows into big strings cost 3× more: flattening). */
export class CsvStage {
  private readonly fd: number;
  private readonly n: number;
  private readonly decimalScale: Array<number | undefined>;
  /** Written directly by the JSON fast path (fast-csv-row.ts) after `room` said the row fits. */
  readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  pos = 0;
  private closed = false;
  rows = 0;

  constructor(
    readonly file: string,
    columns: Column[],
  ) {
    this.fd = fs.openSync(file, 'w');
    this.n = columns.length;
    this.decimalScale = columns.map((c) => (c.type.kind === 'decimal' ? c.type.scale : undefined));
  }

  add(row: Value[]): void {
    // One small flat string per row, encoded with a single write: cheaper than a write per value.
    let line = '';
    for (let c = 0; c < this.n; c++) {
      const v = row[c];
      if (c > 0) line += ',';
      if (v === null || v === undefined) line += '\\N';
      else if (typeof v === 'string') line += v.includes('"') ? `"${v.replace(/"/g, '""')}"` : `"${v}"`;
      else if (this.decimalScale[c] !== undefined) line += decimalText(v as bigint, this.decimalScale[c]!);
      else line += v;
    }
    this.text(line + '\n');
    this.rows++;
  }

  /** Makes room for `bytes` more in `buf` (flushing); false when a row that long never fits. */
  room(bytes: number): boolean {
    if (this.pos + bytes > BUFFER_BYTES) this.flush();
    return bytes <= BUFFER_BYTES;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd); // also when the flush failed (disk full): no descriptor left behind
    }
  }

  private text(s: string): void {
    // At most 3 bytes per UTF-16 unit: flush first when it might not fit; huge values go straight out.
    if (this.pos + s.length * 3 > BUFFER_BYTES) {
      this.flush();
      if (s.length * 3 > BUFFER_BYTES) {
        fs.writeSync(this.fd, s);
        return;
      }
    }
    this.pos += this.buf.write(s, this.pos);
  }

  private flush(): void {
    if (this.pos > 0) fs.writeSync(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }
}
