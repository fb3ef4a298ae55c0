// `produce --wait --flush` against `lakehouse serve` (the producer's clients find serve through the data
// directory's lock): records go over HTTP, the wait uses serve's local-only LakehouseWaitDelivered action.
import '../aws/check-models.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openClients } from '../../src/aws/clients.js';
import produce from '../../src/cli/commands/produce.js';
import up from '../../src/cli/commands/up.js';
import { startServer } from '../../src/local/server.js';
import { athenaScalar } from '../../src/producer/athena-count.js';
import { tempDirForFile } from '../support/tmp.js';
import { runCommand, testPipeline } from './harness.js';

const dataDir = tempDirForFile('lakehouse-produce-serve-');

test('via serve: produce --wait --flush, then every record is queryable', async () => {
  const server = await startServer({ dataDir, port: 0 });
  try {
    const pipeline = testPipeline(dataDir, { shards: 2 });
    assert.equal((await runCommand(up, pipeline)).code, 0);
    const r = await runCommand(produce, pipeline, { amount: 5000, wait: true, flush: true }, { output: 'json' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).accepted, 5000);
    const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
    try {
      assert.equal(c.endpoint, server.endpoint, 'the clients talk to serve');
      const n = await athenaScalar({ athena: c.athena, workgroup: pipeline.athena.workgroup, database: 'lakehouse', sql: 'SELECT count(*) FROM events' });
      assert.equal(n, 5000);
    } finally {
      await c.close();
    }
  } finally {
    await server.close();
  }
});
