// Athena (AWS JSON 1.1, target prefix AmazonAthena) on DuckDB: workgroups, query executions run in the
// background over the Glue tables' Parquet objects, results as CSV under the OutputLocation.
// Durable under <dataDir>/athena/; a query that was QUEUED or RUNNING when the process died is FAILED on reopen.
import path from 'node:path';
import type { AthenaInternal, Inputs, Service } from '../../service.js';
import { DuckEngine } from '../../engine/duckdb/engine.js';
import { lakeOf } from '../../engine/duckdb/lake.js';
import { catalogActions } from './catalogs.js';
import { executionActions } from './executions.js';
import { resultActions } from './results.js';
import { QueryRunner } from './runner.js';
import { savedQueryActions } from './saved-queries.js';
import { AthenaStore } from './store.js';
import { ensurePrimary, workGroupActions } from './workgroups.js';

export function create({ env, s3, glue, metrics }: Inputs<'s3' | 'glue' | 'metrics'>): Service<AthenaInternal> {
  const store = new AthenaStore(env.dataDir);
  ensurePrimary(store, env.now());
  for (const e of store.executions.values()) {
    if (e.state === 'QUEUED' || e.state === 'RUNNING') {
      e.state = 'FAILED';
      e.completed = env.now();
      e.stateChangeReason = 'GENERIC_INTERNAL_ERROR: the query was interrupted by an emulator restart';
      e.athenaError = { ErrorCategory: 1, ErrorType: 1000, Retryable: true, ErrorMessage: e.stateChangeReason };
      store.saveExecution(e);
    }
  }
  const lake = () => lakeOf(env.dataDir, s3);
  const engine = new DuckEngine(path.join(store.dir, 'tmp'), lake, () => glue);
  const runner = new QueryRunner(store, engine, lake, () => glue, env.now, metrics);
  return {
    handler: {
      protocol: 'json',
      service: 'athena',
      targetPrefix: 'AmazonAthena',
      actions: { ...workGroupActions(store), ...executionActions(store, runner), ...resultActions(store, lake), ...catalogActions(env.dataDir, () => glue), ...savedQueryActions(store) },
    },
    internal: { idle: () => runner.idle() },
    async close() {
      await runner.shutdown();
      await engine.close();
    },
  };
}
