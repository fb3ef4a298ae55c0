// The main check: 10% of the records in every PutRecords throttled by fault injection, 100,000
// records produced with --wait --flush, then in the lake: count(*) and count(distinct uuid) both 100,000.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openClients } from '../../src/aws/clients.js';
import produce from '../../src/cli/commands/produce.js';
import up from '../../src/cli/commands/up.js';
import { athenaScalar } from '../../src/producer/athena-count.js';
import { tempDirForFile } from '../support/tmp.js';
import { runCommand, testPipeline } from './harness.js';

const dataDir = tempDirForFile('lakehouse-produce-faults-');

test('100,000 records with 10% throttled: all accepted, retries reported, delivered, counted exactly in Athena', async () => {
  const pipeline = testPipeline(dataDir, { shards: 2 });
  const upRun = await runCommand(up, pipeline);
  assert.equal(upRun.code, 0, upRun.stderr);

  const r = await runCommand(produce, pipeline, { amount: 100_000, wait: true, flush: true }, { output: 'json', faults: 'kinesis:PutRecords=0.1:throttle' });
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.accepted, 100_000);
  assert.equal(s.failed, 0);
  // ~10% of first attempts fail, and 10% of those again…
  assert.ok(s.retried >= 9_000 && s.retried <= 13_000, `retried ${s.retried}`);
  assert.equal(s.throttled, s.retried);

  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir, faults: '' });
  try {
    const count = (sql: string) =>
      athenaScalar({ athena: c.athena, workgroup: pipeline.athena.workgroup, database: pipeline.table.database, sql });
    assert.equal(await count('SELECT count(*) FROM events'), 100_000);
    assert.equal(await count('SELECT count(DISTINCT uuid) FROM events'), 100_000);
  } finally {
    await c.close();
  }
});
