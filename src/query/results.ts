// Pure handling of GetQueryResults pages: columns from ResultSetMetadata, the header row Athena puts
// first on the first page of a SELECT, typed cells.
import type { GetQueryResultsOutput } from '@aws-sdk/client-athena';
import type { Column, Row } from './types.js';
import { toCell } from './values.js';

export function columnsOf(page: GetQueryResultsOutput): Column[] {
  const info = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
  return info.map((c) => ({ name: c.Label ?? c.Name ?? '', type: (c.Type ?? 'varchar').toLowerCase() }));
}

type RawRow = NonNullable<NonNullable<GetQueryResultsOutput['ResultSet']>['Rows']>[number];

/** Does the first row of the first page repeat the column names? DML (SELECT) results always start with
 * it; DDL/UTILITY results (SHOW TABLES, DESCRIBE) do not, so for them only an exact match counts. */
export function isHeaderRow(row: RawRow | undefined, columns: Column[], statementType?: string): boolean {
  if (!row) return false;
  if (statementType === 'DML') return true;
  const data = row.Data ?? [];
  return data.length === columns.length && data.every((d, i) => d.VarCharValue === columns[i]!.name);
}

/** Typed rows of one page; `first` marks the page that may carry the header row. */
export function rowsOf(page: GetQueryResultsOutput, columns: Column[], first: boolean, statementType?: string): Row[] {
  let raw = page.ResultSet?.Rows ?? [];
  if (first && isHeaderRow(raw[0], columns, statementType)) raw = raw.slice(1);
  return raw.map((r) => columns.map((c, i) => toCell(c.type, r.Data?.[i]?.VarCharValue)));
}
