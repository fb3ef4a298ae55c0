// Athena (AWS JSON 1.1, target prefix AmazonAthena) on DuckDB: workgroups, query executions run in the
// background over the Glue tables' Parquet objects, results as CSV under the OutputLocation, their runtime
// statistics, data catalogs, saved queries, capacity reservations and tags.
// Durable under <dataDir>/athena/; a query that was QUEUED or RUNNING when the process died is FAILED on reopen.
import path from 'node:path';
import type { AthenaInternal, Inputs, Service } from '../../service.js';
import { DuckEngine } from '../../engine/duckdb/engine.js';
import { lakeOf } from '../../engine/duckdb/lake.js';
import { capacityActions } from './capacity.js';
import { catalogActions } from './catalogs.js';
import { executionActions } from './executions.js';
import { resultActions } from './results.js';
import { QueryRunner } from './runner.js';
import { runtimeStatisticsActions } from './runtime-stats.js';
import { savedQueryActions } from './saved-queries.js';
import { AthenaStore } from './store.js';
import { tagActions } from './tags.js';
import { ensurePrimary, workGroupActions, workGroupTags } from './workgroups.js';

const DEFAULT_CAPACITY_TRANSITION_MS = 100;

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
  const catalogs = catalogActions(env.dataDir, () => glue);
  const fromEnv = Number(process.env.LAKEHOUSE_ATHENA_CAPACITY_TRANSITION_MS);
  const capacity = capacityActions(store, env.settings.athenaCapacityTransitionMs ?? (process.env.LAKEHOUSE_ATHENA_CAPACITY_TRANSITION_MS && fromEnv >= 0 ? fromEnv : DEFAULT_CAPACITY_TRANSITION_MS));
  const tags = tagActions({ workgroup: workGroupTags(store), datacatalog: catalogs.tags, 'capacity-reservation': capacity.tags });
  return {
    handler: {
      protocol: 'json',
      service: 'athena',
      targetPrefix: 'AmazonAthena',
      actions: {
        ...workGroupActions(store), ...executionActions(store, runner, () => glue), ...resultActions(store, lake), ...runtimeStatisticsActions(store),
        ...catalogs.actions, ...savedQueryActions(store), ...capacity.actions, ...tags,
      },
    },
    internal: { idle: () => runner.idle() },
    async close() {
      await runner.shutdown();
      await engine.close();
    },
  };
}
