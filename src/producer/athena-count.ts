// `SELECT count(*)` through Athena, for `produce --wait` on AWS (is everything sent queryable yet?).
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import { AwsCallError } from '../errors.js';
import { sleep } from './backoff.js';

export interface CountTarget {
  athena: AthenaClient;
  workgroup: string;
  database: string;
  sql: string;
}

/** The first column of the first row of a query, as a number. */
export async function athenaScalar(t: CountTarget, signal?: AbortSignal): Promise<number> {
  const start = await t.athena.send(
    new StartQueryExecutionCommand({
      QueryString: t.sql,
      WorkGroup: t.workgroup,
      QueryExecutionContext: { Database: t.database },
    }),
  );
  const id = start.QueryExecutionId!;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    const qe = await t.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = qe.QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new AwsCallError(`count query ${state}: ${qe.QueryExecution?.Status?.StateChangeReason ?? ''}`, state);
    }
    await sleep(delay, signal);
    if (signal?.aborted) throw new AwsCallError('count query interrupted', 'Interrupted');
  }
  const res = await t.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 2 }));
  // Row 0 of a SELECT is the header.
  const text = res.ResultSet?.Rows?.[1]?.Data?.[0]?.VarCharValue;
  return Number(text ?? 0);
}
