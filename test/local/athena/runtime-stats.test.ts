// GetQueryRuntimeStatistics with the JS SDK in-process: the Timeline of an ended query, the Rows a SELECT read
// and returned (checked against the data written and the result object in S3), the plan as one stage, and
// AWS's errors for an unknown execution.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GetQueryRuntimeStatisticsCommand } from '@aws-sdk/client-athena';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createEventsTable, eventsRows, openLocalForTest, runQuery, writeParquet } from './helpers.js';

test('a SELECT reports its timeline, the rows it read and returned, and its plan', async () => {
  const c = await openLocalForTest();
  try {
    await createEventsTable(c);
    await writeParquet(c, 'lake', 'events/year=2026/month=11/a.parquet', eventsRows(120));
    await writeParquet(c, 'lake', 'events/year=2026/month=10/b.parquet', eventsRows(30, 1000));
    const q = await runQuery(c, 'SELECT user_id, count(*) AS n FROM events GROUP BY user_id');
    assert.equal(q.Status?.State, 'SUCCEEDED');
    const s = (await c.athena.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: q.QueryExecutionId }))).QueryRuntimeStatistics!;
    const t = s.Timeline!;
    assert.equal(t.TotalExecutionTimeInMillis, q.Statistics?.TotalExecutionTimeInMillis);
    assert.equal(t.EngineExecutionTimeInMillis, q.Statistics?.EngineExecutionTimeInMillis);
    assert.equal(t.QueryQueueTimeInMillis, q.Statistics?.QueryQueueTimeInMillis);
    assert.ok(t.TotalExecutionTimeInMillis! >= t.EngineExecutionTimeInMillis!);

    const out = /^s3:\/\/lake\/(.+)$/.exec(q.ResultConfiguration!.OutputLocation!)![1]!;
    const size = (await c.s3.send(new HeadObjectCommand({ Bucket: 'lake', Key: out }))).ContentLength;
    assert.deepEqual(s.Rows, { InputRows: 150, InputBytes: q.Statistics?.DataScannedInBytes, OutputRows: 10, OutputBytes: size });
    const stage = s.OutputStage!;
    assert.deepEqual([stage.StageId, stage.State, stage.InputRows, stage.OutputRows], [0, 'FINISHED', 150, 10]);
    const names: string[] = [];
    const walk = (n: { Name?: string; Children?: unknown[] }) => {
      names.push(n.Name!);
      for (const ch of n.Children ?? []) walk(ch as typeof n);
    };
    walk(stage.QueryStagePlan!);
    assert.ok(names.some((n) => /READ_PARQUET|TABLE_SCAN/.test(n)), names.join(','));

    // A failed query has its timeline and no row statistics.
    const bad = await runQuery(c, 'SELECT nope FROM events');
    assert.equal(bad.Status?.State, 'FAILED');
    const fs = (await c.athena.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: bad.QueryExecutionId }))).QueryRuntimeStatistics!;
    assert.ok(fs.Timeline && fs.Rows === undefined && fs.OutputStage === undefined);

    await assert.rejects(c.athena.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: 'nope' })), { name: 'InvalidRequestException', message: 'QueryExecution nope was not found' });
    await assert.rejects(c.athena.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: 'a b' })), {
      name: 'InvalidRequestException',
      message: "1 validation error detected: Value 'a b' at 'queryExecutionId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S+",
    });
  } finally {
    await c.close();
  }
});
