// AWS/Athena metrics are published per query only for workgroups with PublishCloudWatchMetricsEnabled,
// with AWS's dimensions (QueryState, QueryType, WorkGroup); other workgroups publish nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateWorkGroupCommand, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { openClients, type Clients } from '../../src/aws/clients.js';
import { cloudWatchFor } from '../../src/console/metrics.js';
import { tempDirForFile } from '../support/tmp.js';

async function run(c: Clients, workgroup: string): Promise<void> {
  const { QueryExecutionId } = await c.athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: workgroup }));
  for (let i = 0; i < 600; i++) {
    const q = await c.athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    if (q.QueryExecution!.Status!.State === 'SUCCEEDED') return;
    assert.notEqual(q.QueryExecution!.Status!.State, 'FAILED', q.QueryExecution!.Status!.StateChangeReason);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('query did not finish');
}

test('Athena publishes ProcessedBytes and times per query only where the workgroup asks for it', async () => {
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: tempDirForFile('lh-athena-metrics-') });
  const cw = await cloudWatchFor(c);
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'results' }));
    const config = (publish: boolean) => ({ PublishCloudWatchMetricsEnabled: publish, ResultConfiguration: { OutputLocation: 's3://results/q/' } });
    await c.athena.send(new CreateWorkGroupCommand({ Name: 'loud', Configuration: config(true) }));
    await c.athena.send(new CreateWorkGroupCommand({ Name: 'quiet', Configuration: config(false) }));
    await run(c, 'loud');
    await run(c, 'loud');
    await run(c, 'quiet');
    const listed = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/Athena', MetricName: 'TotalExecutionTime' }));
    assert.deepEqual(listed.Metrics!.map((m) => m.Dimensions), [[{ Name: 'QueryState', Value: 'SUCCEEDED' }, { Name: 'QueryType', Value: 'DML' }, { Name: 'WorkGroup', Value: 'loud' }]]);
    const now = Date.now();
    const st = await cw.send(new GetMetricStatisticsCommand({
      Namespace: 'AWS/Athena',
      MetricName: 'ProcessedBytes',
      Dimensions: [{ Name: 'WorkGroup', Value: 'loud' }, { Name: 'QueryType', Value: 'DML' }, { Name: 'QueryState', Value: 'SUCCEEDED' }],
      StartTime: new Date(now - 600_000),
      EndTime: new Date(now + 60_000),
      Period: 660,
      Statistics: ['SampleCount'],
    }));
    assert.equal(st.Datapoints![0]!.SampleCount, 2, 'one data point per query');
    assert.equal(st.Datapoints![0]!.Unit, 'Bytes');
  } finally {
    cw.destroy();
    await c.close();
  }
});
