// A query that ran and did not succeed: Athena's reason, where in the SQL it points, and for the
// bytes-scanned cutoff what to change. Exit code 6 (ExitCode.queryFailed) either way.
import { closest } from '../config/suggest.js';
import { ExitCode, LakehouseError } from '../errors.js';
import { humanBytes } from './footer.js';
import type { QueryStats } from './types.js';

export class QueryFailedError extends LakehouseError {
  constructor(message: string, readonly stats: QueryStats, hint?: string) {
    super(message, ExitCode.queryFailed, hint);
  }
}

/** `line 3:17` in Athena's reason (Trino's 1-based line:column) → where to put the caret. */
export function sqlPosition(reason: string): { line: number; col: number } | undefined {
  const m = /\bline (\d+):(\d+)\b/i.exec(reason);
  return m ? { line: Number(m[1]), col: Number(m[2]) } : undefined;
}

/** The offending SQL line with a caret under the column, or '' when the position is not in the SQL. */
export function caretSnippet(sql: string, pos: { line: number; col: number }): string {
  const text = sql.split(/\r?\n/)[pos.line - 1];
  if (text === undefined) return '';
  const gutter = `  ${pos.line} | `;
  const before = [...text].slice(0, Math.max(0, pos.col - 1)).map((ch) => (ch === '\t' ? '\t' : ' ')).join('');
  return `${gutter}${text}\n${' '.repeat(gutter.length)}${before}^`;
}

/** The pipeline's table as the spec describes it: what a misspelt name most likely meant. */
export interface KnownTable {
  database: string;
  table: string;
  columns: string[];
}

/** A hint for Athena's two "no such name" failures, from the pipeline's own table. */
function nameHint(reason: string, known: KnownTable | undefined): string | undefined {
  if (!known) return undefined;
  const column = /^COLUMN_NOT_FOUND:.*?Column '([^']+)'/.exec(reason)?.[1];
  if (column) {
    const guess = closest(column, known.columns);
    return `${guess ? `did you mean ${guess}? ` : ''}${known.table} has ${known.columns.join(', ')}`;
  }
  const table = /^TABLE_NOT_FOUND:.*?Table '([^']+)'/.exec(reason)?.[1];
  if (table) {
    const name = table.split('.').pop()!;
    const guess = name === known.table ? undefined : closest(name, [known.table]);
    return `${guess ? `did you mean ${guess}? ` : ''}the pipeline's table is ${known.database}.${known.table} (SHOW TABLES lists the database)`;
  }
  return undefined;
}

export function failedError(stats: QueryStats, sql: string, known?: KnownTable): QueryFailedError {
  const reason = stats.stateChangeReason?.trim() || 'Athena gave no reason';
  const pos = sqlPosition(reason);
  const snippet = pos ? caretSnippet(sql, pos) : '';
  return new QueryFailedError(`Query ${stats.queryId} failed: ${reason}${snippet ? `\n${snippet}` : ''}`, stats, nameHint(reason, known));
}

/** Athena cancels a query that crosses the workgroup's BytesScannedCutoffPerQuery; its reason mentions the limit. */
export function isScanLimitCancel(reason: string | undefined): boolean {
  return !!reason && /(bytes?|data)[ -]scanned|scan(ned)? limit|cutoff|data usage/i.test(reason);
}

export function cancelledError(stats: QueryStats, opts: { scanLimitBytes?: number; specFile?: string; partitions?: string[] }): QueryFailedError {
  const reason = stats.stateChangeReason?.trim();
  if (isScanLimitCancel(reason)) {
    const limit = opts.scanLimitBytes ? ` of ${humanBytes(opts.scanLimitBytes)}` : '';
    return new QueryFailedError(
      `Query ${stats.queryId} was cancelled: it scanned more than the workgroup's per-query limit${limit}` +
        (reason ? ` (${reason})` : ''),
      stats,
      `Raise athena.scan_limit_mb in ${opts.specFile ?? 'the spec'} and run \`lakehouse up\`` +
        (opts.partitions?.length ? `, or filter on the partition columns (${opts.partitions.join(', ')}) to scan less.` : '.'),
    );
  }
  return new QueryFailedError(`Query ${stats.queryId} was cancelled${reason ? `: ${reason}` : ''}`, stats);
}
