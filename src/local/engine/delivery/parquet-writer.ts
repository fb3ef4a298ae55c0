// Writes converted rows to a Parquet file with DuckDB: a temp table typed from the Glue columns, bulk-filled
// through the Appender (no SQL per row), then COPY TO parquet. One DuckDB in-memory instance per engine;
// writes are serialized by the caller.
import {
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { duckdbType, type Column } from './glue-types.js';
import type { Value } from './openx.js';

export type ParquetCompression = 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED';

/** Wrap a canonical value into what the chunk vector of that column expects. */
function wrapperFor(col: Column): ((v: Value) => DuckDBValue) | undefined {
  const t = col.type;
  switch (t.kind) {
    case 'timestamp':
      return (v) => new DuckDBTimestampValue(BigInt(v as number));
    case 'date':
      return (v) => new DuckDBDateValue(v as number);
    case 'decimal':
      return (v) => new DuckDBDecimalValue(v as bigint, t.precision, t.scale);
    default:
      return undefined; // strings, numbers, bigints, booleans go in as they are
  }
}

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

export class ParquetWriter {
  private connection?: Promise<DuckDBConnection>;
  private seq = 0;

  private connect(): Promise<DuckDBConnection> {
    this.connection ??= (async () => {
      const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
      return instance.connect();
    })();
    return this.connection;
  }

  /** Write column-major `data` (data[i] holds column i's values, all the same length) to `file` as Parquet. */
  async write(file: string, columns: Column[], data: Value[][], compression: ParquetCompression = 'SNAPPY'): Promise<void> {
    const con = await this.connect();
    const table = `firehose_batch_${++this.seq}`;
    const defs = columns.map((c) => `${quoteIdent(c.name)} ${duckdbType(c.type)}`).join(', ');
    await con.run(`CREATE TABLE ${table} (${defs})`);
    try {
      const appender = await con.createAppender(table);
      const types = columns.map((_, i) => appender.columnType(i));
      const wrappers = columns.map(wrapperFor);
      const rowCount = data[0]?.length ?? 0;
      // Column-wise chunks: fixed-width columns are copied to DuckDB in one call per chunk.
      for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
        const count = Math.min(CHUNK_ROWS, rowCount - start);
        const chunk = DuckDBDataChunk.create(types, count);
        for (let c = 0; c < columns.length; c++) {
          const vector = chunk.getColumnVector(c);
          const values = data[c]!;
          const wrap = wrappers[c];
          for (let r = 0; r < count; r++) {
            const v = values[start + r] ?? null;
            vector.setItem(r, v === null || !wrap ? (v as DuckDBValue) : wrap(v));
          }
          vector.flush();
        }
        appender.appendDataChunk(chunk);
      }
      appender.closeSync();
      const codec = compression === 'UNCOMPRESSED' ? 'uncompressed' : compression.toLowerCase();
      await con.run(`COPY ${table} TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION ${codec})`);
    } finally {
      await con.run(`DROP TABLE IF EXISTS ${table}`);
    }
  }

  async close(): Promise<void> {
    if (!this.connection) return;
    const con = await this.connection;
    con.closeSync();
    this.connection = undefined;
  }
}
