// One query from start to rendered output: start, wait, page, render; Ctrl-C stops the query.
// Returns how it ended; the command turns FAILED/CANCELLED into errors and Ctrl-C into exit 130.
import type { AthenaClient } from '@aws-sdk/client-athena';
import { Interrupted } from './backoff.js';
import { resultPages, startQuery, statsOf, stopQuery, waitForQuery, type QueryTarget } from './athena.js';
import type { QueryStats, Renderer } from './types.js';

export interface RunOptions {
  athena: AthenaClient;
  target: QueryTarget;
  renderer: Renderer;
  /** Write a chunk of rendered output, resolving when the stream can take more. */
  write(chunk: string): Promise<void>;
  maxRows?: number;
  signal?: AbortSignal;
  /** Each state Athena reports while the query runs (for a spinner). */
  onProgress?: (p: { state: string; scannedBytes?: number }) => void;
}

export interface RunResult {
  stats: QueryStats;
  /** Ctrl-C arrived; a still-running query was stopped (stats.state says what Athena reported then). */
  interrupted: boolean;
}

export async function runQuery(o: RunOptions): Promise<RunResult> {
  let queryId: string;
  try {
    queryId = await startQuery(o.athena, o.target, o.signal);
  } catch (e) {
    // Ctrl-C before Athena answered: nothing we know of is running.
    if (e instanceof Interrupted) return { stats: { queryId: '', state: 'CANCELLED', workgroup: o.target.workgroup }, interrupted: true };
    throw e;
  }
  let qe;
  try {
    o.onProgress?.({ state: 'QUEUED' });
    qe = await waitForQuery(o.athena, queryId, o.signal, (q) =>
      o.onProgress?.({ state: q.Status?.State ?? 'UNKNOWN', scannedBytes: q.Statistics?.DataScannedInBytes }),
    );
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    await stopQuery(o.athena, queryId);
    return { stats: { queryId, state: 'CANCELLED', workgroup: o.target.workgroup }, interrupted: true };
  }
  const stats = statsOf(qe);
  if (stats.state !== 'SUCCEEDED') return { stats, interrupted: false };

  let rows = 0;
  let truncated = false;
  let begun = false;
  let updateCount: number | undefined;
  let columnCount = 0;
  try {
    for await (const page of resultPages(o.athena, queryId, {
      statementType: qe.StatementType,
      maxRows: o.maxRows,
      signal: o.signal,
    })) {
      if (!begun) await o.write(o.renderer.begin(page.columns));
      begun = true;
      let chunk = '';
      for (const row of page.rows) chunk += o.renderer.row(row);
      if (chunk) await o.write(chunk);
      rows += page.rows.length;
      truncated = page.truncated;
      updateCount ??= page.updateCount;
      columnCount = page.columns.length;
    }
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    return { stats: { ...stats, rows, truncated: true }, interrupted: true };
  }
  if (!begun) await o.write(o.renderer.begin([]));
  // A DML statement has no result rows; what it changed is its UpdateCount (Trino's CLI: "DELETE: 682 rows").
  // (A SELECT is DML too, with result columns: its UpdateCount says nothing.)
  const affected = updateCount !== undefined && qe.StatementType === 'DML' && columnCount === 0 ? { verb: stats.substatementType ?? 'DML', count: updateCount } : undefined;
  await o.write(o.renderer.end({ rowCount: rows, truncated, ...(affected ? { affected } : {}) }));
  return { stats: { ...stats, rows, truncated, ...(affected ? { updateCount: affected.count } : {}) }, interrupted: false };
}
