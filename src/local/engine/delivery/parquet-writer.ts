// Writes converted rows to a Parquet file with DuckDB: the rows are staged as CSV (see csv-stage.ts for why
// not the Appender), read by DuckDB's parallel CSV reader with the Glue types, and COPY'd TO parquet with
// the Glue column names.
// One DuckDB in-memory instance per engine; writes are serialized by the caller.
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdbType, type Column } from './glue-types.js';

export type ParquetCompression = 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED';

/** The CSV staging type of a column, and the SQL that turns it into the column's Glue type. */
function staged(col: Column): { csvType: string; select: string } {
  const name = quoteIdent(col.name);
  switch (col.type.kind) {
    case 'timestamp':
      return { csvType: 'BIGINT', select: `make_timestamp(${name}) AS ${name}` };
    case 'date':
      return { csvType: 'INTEGER', select: `(DATE '1970-01-01' + ${name}) AS ${name}` };
    default:
      return { csvType: duckdbType(col.type), select: name };
  }
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

export class ParquetWriter {
  private connection?: Promise<DuckDBConnection>;
  /** One statement at a time on the connection; flushes of different shards may overlap. */
  private tail: Promise<unknown> = Promise.resolve();

  private connect(): Promise<DuckDBConnection> {
    this.connection ??= (async () => {
      const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
      return instance.connect();
    })();
    return this.connection;
  }

  /** Convert a staged CSV (see CsvStage) with the Glue columns to `file` as Parquet. */
  writeFromCsv(file: string, columns: Column[], csv: string, compression: ParquetCompression = 'SNAPPY'): Promise<void> {
    const run = this.tail.then(() => this.copy(file, columns, csv, compression));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async copy(file: string, columns: Column[], csv: string, compression: ParquetCompression): Promise<void> {
    const con = await this.connect();
    const stagedCols = columns.map(staged);
    const types = columns.map((c, i) => `${quoteLiteral(c.name)}: ${quoteLiteral(stagedCols[i]!.csvType)}`).join(', ');
    const read = `read_csv(${quoteLiteral(csv)}, header = false, delim = ',', quote = '"', escape = '"', nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false, columns = {${types}})`;
    const codec = compression === 'UNCOMPRESSED' ? 'uncompressed' : compression.toLowerCase();
    await con.run(`COPY (SELECT ${stagedCols.map((s) => s.select).join(', ')} FROM ${read}) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION ${codec})`);
  }

  /** Run `fn` on the engine's DuckDB connection, serialized with the Parquet writes (Iceberg delivery writes
   * its data and delete files through core's writers on this connection). */
  withConnection<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.tail.then(async () => fn(await this.connect()));
    this.tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.tail;
    if (!this.connection) return;
    const con = await this.connection;
    con.closeSync();
    this.connection = undefined;
  }
}
