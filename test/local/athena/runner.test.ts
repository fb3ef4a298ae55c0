// The query runner's state machine with an engine whose queries finish when the test says so, so stopping a
// QUEUED and a RUNNING query is deterministic: QUEUED → CANCELLED at once; RUNNING → interrupt → CANCELLED.
// The same engine makes GetQueryRuntimeStatistics' answer for a RUNNING query deterministic.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { lakeOf } from '../../../src/local/engine/duckdb/lake.js';
import type { SelectOutcome } from '../../../src/local/engine/duckdb/engine.js';
import { QueryRunner } from '../../../src/local/services/athena/runner.js';
import { runtimeStatisticsActions } from '../../../src/local/services/athena/runtime-stats.js';
import { AthenaStore, type StoredExecution } from '../../../src/local/services/athena/store.js';
import type { GlueInternal } from '../../../src/local/types.js';

test('stop cancels a queued query at once and interrupts a running one', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athena-runner-'));
  try {
    fs.mkdirSync(path.join(dir, 's3', 'out'), { recursive: true });
    const store = new AthenaStore(dir);
    let interrupted = 0;
    const pending: Array<{ resolve: (o: SelectOutcome) => void; reject: (e: Error) => void; file: string }> = [];
    const engine = {
      runSelect: (_sql: string, _db: string, file: string) =>
        new Promise<SelectOutcome>((resolve, reject) => pending.push({ resolve, reject, file })),
      async interrupt() {
        interrupted++;
        pending.shift()!.reject(new Error('INTERRUPT Error: Interrupted!'));
      },
    };
    const glue: GlueInternal = { getTable: () => undefined, listTables: () => [], databaseExists: () => true };
    const runner = new QueryRunner(store, engine, () => lakeOf(dir, undefined), () => glue, Date.now);
    const exec = (id: string): StoredExecution => {
      const e: StoredExecution = { id, query: 'SELECT 1', statementType: 'DML', workGroup: 'primary', database: 'default', catalog: 'AwsDataCatalog', outputLocation: `s3://out/${id}.csv`, state: 'QUEUED', submitted: Date.now() };
      store.executions.set(id, e);
      runner.enqueue(id);
      return e;
    };
    const a = exec('a');
    const b = exec('b');
    const c = exec('c');
    while (a.state !== 'RUNNING') await new Promise((r) => setImmediate(r));
    assert.equal(b.state, 'QUEUED', 'one query at a time');

    await runner.stop('b');
    assert.equal(b.state, 'CANCELLED');
    await runner.stop('a');
    assert.equal(interrupted, 1);
    while (c.state !== 'RUNNING') await new Promise((r) => setImmediate(r));
    assert.equal(a.state, 'CANCELLED');

    // Runtime statistics: none while the query runs; the timeline once it ended; rows for a SELECT that succeeded.
    const stats = (id: string) => runtimeStatisticsActions(store).GetQueryRuntimeStatistics!({ QueryExecutionId: id }, { region: 'us-east-1', accountId: '000000000000', now: Date.now }) as { QueryRuntimeStatistics: any };
    assert.throws(() => stats('c'), { code: 'InvalidRequestException', message: 'Query has not yet finished. Current state: RUNNING' });
    const cancelled = stats('b').QueryRuntimeStatistics;
    assert.deepEqual([typeof cancelled.Timeline.TotalExecutionTimeInMillis, cancelled.Rows], ['number', undefined]);

    const run = pending.shift()!;
    fs.writeFileSync(run.file, '"_col0"\n"1"\n');
    run.resolve({ columns: [{ Name: '_col0', Type: 'integer', Precision: 10, Scale: 0, CaseSensitive: false }], rowCount: 1, bytesScanned: 0, runtime: { inputRows: 7 } });
    await runner.idle();
    assert.equal(c.state, 'SUCCEEDED');
    assert.deepEqual(stats('c').QueryRuntimeStatistics.Rows, { InputRows: 7, InputBytes: 0, OutputBytes: 12, OutputRows: 1 });
    assert.equal(fs.readFileSync(path.join(dir, 's3', 'out', 'c.csv'), 'utf8'), '"_col0"\n"1"\n');
    assert.ok(fs.existsSync(path.join(dir, 's3', 'out', 'c.csv.metadata')));
    const reloaded = new AthenaStore(dir);
    assert.deepEqual([...reloaded.executions.values()].map((e) => [e.id, e.state]).sort(), [['a', 'CANCELLED'], ['b', 'CANCELLED'], ['c', 'SUCCEEDED']]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
