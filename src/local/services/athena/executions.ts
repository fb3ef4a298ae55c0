// Query execution actions: StartQueryExecution, GetQueryExecution, BatchGetQueryExecution, ListQueryExecutions,
// StopQueryExecution. Execution runs in the QueryRunner after Start returns.
import { randomUUID } from 'node:crypto';
import type { GlueInternal, JsonAction } from '../../types.js';
import { ensureDefaultDatabase } from './default-database.js';
import { checkMaxResults, checkWorkGroupName, decodeToken, encodeToken, invalidRequest, validationError } from './errors.js';
import type { QueryRunner } from './runner.js';
import type { AthenaStore, StoredExecution } from './store.js';
import { classify, statementType } from './utility.js';
import { workGroupOrThrow } from './workgroups.js';

const MAX_QUERY_BYTES = 262144;

export function executionOutput(e: StoredExecution) {
  const done = e.completed !== undefined;
  const queueMs = (e.started ?? e.completed ?? e.submitted) - e.submitted;
  return {
    QueryExecutionId: e.id,
    Query: e.query,
    StatementType: e.statementType,
    ResultConfiguration: { OutputLocation: e.outputLocation },
    ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
    QueryExecutionContext: { Database: e.database, Catalog: e.catalog },
    ...(e.parameters ? { ExecutionParameters: e.parameters } : {}),
    Status: {
      State: e.state,
      ...(e.stateChangeReason ? { StateChangeReason: e.stateChangeReason } : {}),
      SubmissionDateTime: e.submitted / 1000,
      ...(done ? { CompletionDateTime: e.completed! / 1000 } : {}),
      ...(e.athenaError ? { AthenaError: e.athenaError } : {}),
    },
    Statistics: {
      EngineExecutionTimeInMillis: e.engineMs ?? 0,
      DataScannedInBytes: e.bytesScanned ?? 0,
      TotalExecutionTimeInMillis: done ? e.completed! - e.submitted : 0,
      QueryQueueTimeInMillis: queueMs,
      ServicePreProcessingTimeInMillis: 0,
      QueryPlanningTimeInMillis: 0,
      ServiceProcessingTimeInMillis: 0,
      ResultReuseInformation: { ReusedPreviousResult: false },
    },
    WorkGroup: e.workGroup,
    EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
    SubstatementType: substatementType(e),
  };
}

/** Athena's SubstatementType: the DML verb, SELECT for queries, DESCRIBE_TABLE for utility statements. */
function substatementType(e: StoredExecution): string {
  const verb = /^\s*(insert|update|delete|merge|optimize|vacuum)\b/i.exec(e.query)?.[1]?.toUpperCase();
  if (verb) return verb;
  return e.statementType === 'DML' ? 'SELECT' : e.statementType === 'UTILITY' ? 'DESCRIBE_TABLE' : 'UNKNOWN';
}

export function executionOrThrow(store: AthenaStore, id: unknown): StoredExecution {
  if (typeof id !== 'string' || !id) throw validationError(null, 'queryExecutionId', 'Member must not be null');
  const e = store.executions.get(id);
  if (!e) throw invalidRequest(`QueryExecution ${id} was not found`, 'INVALID_INPUT');
  return e;
}

export function executionActions(store: AthenaStore, runner: QueryRunner, glue: () => GlueInternal | undefined): Record<string, JsonAction> {
  const byToken = new Map<string, StoredExecution>();
  for (const e of store.executions.values()) if (e.clientRequestToken) byToken.set(e.clientRequestToken, e);
  return {
    async StartQueryExecution(input, ctx) {
      const sql = input.QueryString;
      if (typeof sql !== 'string' || !sql) throw validationError(null, 'queryString', 'Member must not be null');
      if (Buffer.byteLength(sql) > MAX_QUERY_BYTES) throw validationError('...', 'queryString', `Member must have length less than or equal to ${MAX_QUERY_BYTES}`);
      const token = input.ClientRequestToken as string | undefined;
      if (token !== undefined && (token.length < 32 || token.length > 128)) {
        throw validationError(token, 'clientRequestToken', 'Member must have length greater than or equal to 32');
      }
      const wgName = checkWorkGroupName(input.WorkGroup ?? 'primary', 'workGroup');
      // StartQueryExecution names no workgroup in this error, unlike GetWorkGroup (AWS's logged wording).
      const wg = store.workGroups[wgName];
      if (!wg) throw invalidRequest('WorkGroup is not found.');
      if (wg.State === 'DISABLED') throw invalidRequest(`WorkGroup ${wgName} is disabled.`);
      const database = String(input.QueryExecutionContext?.Database ?? 'default').toLowerCase();
      const catalog = String(input.QueryExecutionContext?.Catalog ?? 'AwsDataCatalog');
      if (token && byToken.has(token)) {
        const prev = byToken.get(token)!;
        if (prev.query !== sql || prev.workGroup !== wgName || prev.database !== database) {
          throw invalidRequest('Idempotent parameters do not match');
        }
        return { QueryExecutionId: prev.id };
      }
      const enforced = wg.Configuration.EnforceWorkGroupConfiguration === true;
      const wgLocation = wg.Configuration.ResultConfiguration?.OutputLocation as string | undefined;
      const clientLocation = input.ResultConfiguration?.OutputLocation as string | undefined;
      const location = enforced ? (wgLocation ?? clientLocation) : (clientLocation ?? wgLocation);
      if (!location) {
        throw invalidRequest('No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
      }
      if (!/^s3:\/\/[^/]+/.test(location)) throw invalidRequest(`outputLocation ${location} is not a valid S3 path.`);
      await ensureDefaultDatabase(glue());
      const id = randomUUID();
      const kind = classify(sql);
      const base = location.endsWith('/') ? location : `${location}/`;
      const e: StoredExecution = {
        id,
        query: sql,
        // INSERT / UPDATE / DELETE / MERGE / OPTIMIZE / VACUUM run through the DDL path locally but Athena counts
        // them as DML.
        statementType: /^\s*explain\b/i.test(sql) ? 'UTILITY' : /^\s*(insert|update|delete|merge|optimize|vacuum)\b/i.test(sql) ? 'DML' : statementType(kind),
        workGroup: wgName,
        database,
        catalog,
        outputLocation: `${base}${id}.${kind.kind === 'select' ? 'csv' : 'txt'}`,
        clientRequestToken: token,
        ...(Array.isArray(input.ExecutionParameters) && input.ExecutionParameters.length ? { parameters: input.ExecutionParameters.map(String) } : {}),
        state: 'QUEUED',
        submitted: ctx.now(),
      };
      store.executions.set(id, e);
      if (token) byToken.set(token, e);
      store.saveExecution(e);
      runner.enqueue(id);
      return { QueryExecutionId: id };
    },
    GetQueryExecution(input) {
      return { QueryExecution: executionOutput(executionOrThrow(store, input.QueryExecutionId)) };
    },
    BatchGetQueryExecution(input) {
      const ids: unknown[] = input.QueryExecutionIds ?? [];
      if (ids.length < 1 || ids.length > 50) throw validationError('[...]', 'queryExecutionIds', 'Member must have length less than or equal to 50');
      const found = [];
      const unprocessed = [];
      for (const id of ids) {
        const e = store.executions.get(String(id));
        if (e) found.push(executionOutput(e));
        else unprocessed.push({ QueryExecutionId: String(id), ErrorCode: 'INVALID_INPUT', ErrorMessage: `QueryExecution ${id} was not found` });
      }
      return { QueryExecutions: found, UnprocessedQueryExecutionIds: unprocessed };
    },
    ListQueryExecutions(input) {
      const wgName = checkWorkGroupName(input.WorkGroup ?? 'primary', 'workGroup');
      workGroupOrThrow(store, wgName);
      const max = checkMaxResults(input.MaxResults, 0, 50) || 50;
      const start = decodeToken(input.NextToken);
      const ids = [...store.executions.values()].filter((e) => e.workGroup === wgName).reverse().map((e) => e.id);
      const page = ids.slice(start, start + max);
      return { QueryExecutionIds: page, ...(start + max < ids.length ? { NextToken: encodeToken(start + max) } : {}) };
    },
    async StopQueryExecution(input) {
      const e = executionOrThrow(store, input.QueryExecutionId);
      await runner.stop(e.id);
      return {};
    },
  };
}
