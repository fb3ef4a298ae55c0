// Athena steps of the end-to-end test through the real SDK client.
import {
  CreateWorkGroupCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { Clients } from '../../../src/aws/clients.js';

export async function createWorkgroup(c: Clients, name: string, output: string): Promise<string> {
  await c.athena.send(
    new CreateWorkGroupCommand({
      Name: name,
      Configuration: { ResultConfiguration: { OutputLocation: output }, EnforceWorkGroupConfiguration: true },
    }),
  );
  return name;
}

/** Run a single-value query: its value as a number and the bytes it scanned. */
export async function athenaCount(c: Clients, workgroup: string, database: string, sql: string): Promise<{ value: number; scanned: number }> {
  const { QueryExecutionId } = await c.athena.send(
    new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: workgroup, QueryExecutionContext: { Database: database } }),
  );
  let scanned = 0;
  for (;;) {
    const q = await c.athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    const state = q.QueryExecution!.Status!.State;
    scanned = q.QueryExecution!.Statistics?.DataScannedInBytes ?? 0;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`query ${state}: ${q.QueryExecution!.Status!.StateChangeReason}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const res = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId }));
  return { value: Number(res.ResultSet!.Rows![1]!.Data![0]!.VarCharValue), scanned };
}
