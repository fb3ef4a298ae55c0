// Query executions survive a restart: finished ones keep their state and results; one that was RUNNING when
// the process died is FAILED when the data dir is reopened.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { GetQueryExecutionCommand, GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { createEventsTable, eventsRows, openLocalForTest, runQuery, writeParquet } from './helpers.js';

test('executions are durable; a RUNNING one at crash time is FAILED on reopen', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athena-durable-'));
  try {
    const first = await openLocalForTest({ dataDir: dir });
    await createEventsTable(first);
    await writeParquet(first, 'lake', 'events/year=2026/month=11/a.parquet', eventsRows(42));
    const done = await runQuery(first, 'SELECT count(*) FROM events');
    // DuckDB answers this count from the object's Parquet footer: the footer is what was read.
    const size = first.emulator!.s3.list('lake', 'events/')[0]!.size;
    assert.ok(done.Statistics!.DataScannedInBytes! > 0 && done.Statistics!.DataScannedInBytes! < size);
    const crashed = await runQuery(first, 'SELECT 1');
    await first.close();

    // What a kill -9 mid-query leaves behind: the execution's file still says RUNNING.
    const file = path.join(dir, 'athena', 'executions', `${crashed.QueryExecutionId}.json`);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...stored, state: 'RUNNING', completed: undefined }));

    const second = await openLocalForTest({ dataDir: dir });
    try {
      const again = await second.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: done.QueryExecutionId }));
      assert.equal(again.QueryExecution?.Status?.State, 'SUCCEEDED');
      const rows = await second.athena.send(new GetQueryResultsCommand({ QueryExecutionId: done.QueryExecutionId }));
      assert.equal(rows.ResultSet?.Rows?.[1]?.Data?.[0]?.VarCharValue, '42');
      const lost = await second.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: crashed.QueryExecutionId }));
      assert.equal(lost.QueryExecution?.Status?.State, 'FAILED');
      assert.match(lost.QueryExecution!.Status!.StateChangeReason!, /restart/);
    } finally {
      await second.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
