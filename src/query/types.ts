// What a query run produces, independent of how it is shown. Renderers and the footer read only these.

/** A JSON-safe typed value. bigint/decimal stay strings when a JS number would lose digits; NULL is null. */
export type Value = string | number | boolean | null;

export interface Column {
  /** Label as Athena returns it (ColumnInfo.Label, else Name). */
  name: string;
  /** Athena type name, lower-cased: varchar, integer, bigint, double, decimal, boolean, timestamp, date... */
  type: string;
}

export interface Cell {
  /** Athena's VarCharValue verbatim; null when the datum had none (SQL NULL). */
  text: string | null;
  value: Value;
}

export type Row = Cell[];

/** Terminal states of an Athena query (QUEUED/RUNNING never reach a renderer). */
export type FinalState = 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface QueryStats {
  queryId: string;
  state: string;
  workgroup?: string;
  database?: string;
  /** Statistics.DataScannedInBytes */
  dataScannedBytes?: number;
  /** Statistics.EngineExecutionTimeInMillis */
  engineTimeMs?: number;
  /** Statistics.TotalExecutionTimeInMillis */
  totalTimeMs?: number;
  /** ResultConfiguration.OutputLocation: where Athena wrote the CSV of the results. */
  outputLocation?: string;
  /** Rows delivered to the renderer (after --max-rows). */
  rows?: number;
  /** True when --max-rows stopped paging before the end of the results. */
  truncated?: boolean;
  stateChangeReason?: string;
  /** Rows a DML statement inserted, updated or deleted (GetQueryResults' UpdateCount). */
  updateCount?: number;
  /** SubstatementType: the DML verb (INSERT, UPDATE, DELETE, MERGE…). */
  substatementType?: string;
}

/** What a renderer learns when the last row is in. */
export interface RenderSummary {
  rowCount: number;
  truncated: boolean;
  /** A DML statement's row count and verb, e.g. { verb: 'DELETE', count: 682 }. */
  affected?: { verb: string; count: number };
}

/** A renderer turns rows into text chunks; streaming ones return text per row, the table buffers. */
export interface Renderer {
  begin(columns: Column[]): string;
  row(row: Row): string;
  end(summary: RenderSummary): string;
}
