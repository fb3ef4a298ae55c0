// The Athena conversation of one query: start it, poll until it is done, page its results, stop it.
// Only SDK calls live here; everything shown to the user is built from what these return.
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { AwsCallError } from '../errors.js';
import { reachHint } from '../resources/aws-errors.js';
import { backoffDelays, Interrupted, sleep } from './backoff.js';
import { columnsOf, rowsOf } from './results.js';
import type { Column, QueryStats, Row } from './types.js';

export interface QueryTarget {
  sql: string;
  workgroup: string;
  database: string;
  /** Client-side results location; the workgroup's own setting wins when it enforces one. */
  outputLocation?: string;
}

/** Athena's GetQueryResults page limit. */
export const PAGE_SIZE = 1000;

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Run an SDK call; a Ctrl-C during it surfaces as Interrupted, an AWS refusal as AwsCallError. */
async function call<T>(what: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  if (signal?.aborted) throw new Interrupted();
  try {
    return await fn();
  } catch (e) {
    if (signal?.aborted) throw new Interrupted();
    const err = e as { name?: string; message?: string };
    const message = err.message ?? String(e);
    // The pipeline is not up (or was taken down): say what fixes it.
    const hint = /workgroup .*not found/i.test(message) ? 'Create the pipeline with `lakehouse up`, or pass --workgroup.' : reachHint(e);
    throw new AwsCallError(`Athena ${what} failed: ${message}`, err.name, hint);
  }
}

export async function startQuery(athena: AthenaClient, t: QueryTarget, signal?: AbortSignal): Promise<string> {
  const out = await call('StartQueryExecution', signal, () =>
    athena.send(
      new StartQueryExecutionCommand({
        QueryString: t.sql,
        WorkGroup: t.workgroup,
        QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: t.database },
        ResultConfiguration: t.outputLocation ? { OutputLocation: t.outputLocation } : undefined,
      }),
      { abortSignal: signal },
    ),
  );
  if (!out.QueryExecutionId) throw new AwsCallError('Athena StartQueryExecution returned no QueryExecutionId');
  return out.QueryExecutionId;
}

/** Poll GetQueryExecution (50 ms doubling to 1 s) until SUCCEEDED, FAILED or CANCELLED. */
export async function waitForQuery(
  athena: AthenaClient,
  queryId: string,
  signal?: AbortSignal,
  onPoll?: (qe: QueryExecution) => void,
): Promise<QueryExecution> {
  const delays = backoffDelays();
  for (;;) {
    const out = await call('GetQueryExecution', signal, () =>
      athena.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }), { abortSignal: signal }),
    );
    const qe = out.QueryExecution ?? {};
    onPoll?.(qe);
    if (TERMINAL.has(qe.Status?.State ?? '')) return qe;
    await sleep(delays.next().value as number, signal);
  }
}

/** Best effort: the query may have finished meanwhile, which is fine. Never takes the abort signal —
 * it runs precisely because that signal fired. */
export async function stopQuery(athena: AthenaClient, queryId: string): Promise<void> {
  try {
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId }));
  } catch {
    /* already finished or gone: nothing to stop */
  }
}

export interface ResultPage {
  columns: Column[];
  rows: Row[];
  /** Set on the last page yielded when maxRows cut the results short. */
  truncated: boolean;
  /** UpdateCount of a DML statement (rows inserted, updated or deleted). */
  updateCount?: number;
}

/** Page through GetQueryResults (1,000 rows a call), dropping the header row, stopping at maxRows. */
export async function* resultPages(
  athena: AthenaClient,
  queryId: string,
  opts: { statementType?: string; maxRows?: number; signal?: AbortSignal } = {},
): AsyncGenerator<ResultPage> {
  const max = opts.maxRows ?? Infinity;
  let token: string | undefined;
  let columns: Column[] | undefined;
  let delivered = 0;
  do {
    const page = await call('GetQueryResults', opts.signal, () =>
      athena.send(new GetQueryResultsCommand({ QueryExecutionId: queryId, MaxResults: PAGE_SIZE, NextToken: token }), {
        abortSignal: opts.signal,
      }),
    );
    const first = columns === undefined;
    columns ??= columnsOf(page);
    let rows = rowsOf(page, columns, first, opts.statementType);
    token = page.NextToken;
    const room = max - delivered;
    const truncated = rows.length > room || (rows.length === room && token !== undefined);
    if (rows.length > room) rows = rows.slice(0, room);
    delivered += rows.length;
    yield { columns, rows, truncated, ...(page.UpdateCount !== undefined ? { updateCount: Number(page.UpdateCount) } : {}) };
    if (truncated) return;
  } while (token);
}

export function statsOf(qe: QueryExecution, extra: Partial<QueryStats> = {}): QueryStats {
  const s = qe.Statistics ?? {};
  return {
    queryId: qe.QueryExecutionId ?? '',
    state: qe.Status?.State ?? 'UNKNOWN',
    workgroup: qe.WorkGroup,
    database: qe.QueryExecutionContext?.Database,
    dataScannedBytes: s.DataScannedInBytes,
    engineTimeMs: s.EngineExecutionTimeInMillis,
    totalTimeMs: s.TotalExecutionTimeInMillis,
    outputLocation: qe.ResultConfiguration?.OutputLocation,
    stateChangeReason: qe.Status?.StateChangeReason,
    substatementType: qe.SubstatementType,
    ...extra,
  };
}
