// GetQueryRuntimeStatistics from the local execution: the Timeline (the same times GetQueryExecution's
// Statistics show) once the query has ended, and for a SELECT that succeeded the Rows (rows and bytes the scans
// read, rows and bytes of the result) and one OutputStage holding DuckDB's operator tree as the stage plan.
import type { JsonAction } from '../../types.js';
import { checkedActions, invalidRequest } from './errors.js';
import { executionOrThrow, executionOutput } from './executions.js';
import type { AthenaStore, StoredExecution } from './store.js';

function rowsAndStage(e: StoredExecution) {
  const r = e.runtime;
  if (!r || e.state !== 'SUCCEEDED') return {};
  const Rows = { InputRows: r.inputRows, InputBytes: e.bytesScanned ?? 0, OutputBytes: r.outputBytes, OutputRows: r.outputRows };
  return {
    Rows,
    OutputStage: {
      StageId: 0,
      State: 'FINISHED',
      ...Rows,
      ExecutionTime: e.engineMs ?? 0,
      ...(r.plan ? { QueryStagePlan: r.plan } : {}),
      SubStages: [],
    },
  };
}

export function runtimeStatisticsActions(store: AthenaStore): Record<string, JsonAction> {
  return checkedActions({
    GetQueryRuntimeStatistics(input) {
      const e = executionOrThrow(store, input.QueryExecutionId);
      // Athena's Timeline exists once the query has ended; before that there are no statistics to give.
      if (e.state === 'QUEUED' || e.state === 'RUNNING') throw invalidRequest(`Query has not yet finished. Current state: ${e.state}`);
      const s = executionOutput(e).Statistics;
      const Timeline = {
        QueryQueueTimeInMillis: s.QueryQueueTimeInMillis,
        ServicePreProcessingTimeInMillis: s.ServicePreProcessingTimeInMillis,
        QueryPlanningTimeInMillis: s.QueryPlanningTimeInMillis,
        EngineExecutionTimeInMillis: s.EngineExecutionTimeInMillis,
        ServiceProcessingTimeInMillis: s.ServiceProcessingTimeInMillis,
        TotalExecutionTimeInMillis: s.TotalExecutionTimeInMillis,
      };
      return { QueryRuntimeStatistics: { Timeline, ...rowsAndStage(e) } };
    },
  }, { GetQueryRuntimeStatistics: { QueryExecutionId: { type: 'string', required: true, min: 1, max: 128, pattern: '\\S+' } } });
}
