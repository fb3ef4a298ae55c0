// The same query code on provider aws: SDK clients with the default credential chain, talking HTTP to
// `lakehouse serve` (the emulator on 127.0.0.1) through --endpoint-url, as they would talk to Athena.
// Every request checked against AWS's API models (test/aws/check-models.ts), as in every provider-aws test.
import '../aws/check-models.js';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import queryCommand from '../../src/cli/commands/query.js';
import type { Pipeline } from '../../src/config/types.js';
import { startServer, type RunningServer } from '../../src/local/server.js';
import { runCommand } from '../support/cli.js';
import { buildLake, STATUSES } from './lake-fixture.js';

// The credential chain must find something; serve does not check signatures.
Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });

let lake: Awaited<ReturnType<typeof buildLake>>;
let server: RunningServer;
let pipeline: Pipeline;

before(async () => {
  lake = await buildLake([
    { year: 2026, month: 11, day: 25, hour: 6, rows: 1800 },
    { year: 2026, month: 11, day: 25, hour: 7, rows: 900 },
  ]);
  server = await startServer({ dataDir: lake.pipeline.local.dataDir, port: 0 });
  pipeline = { ...lake.pipeline, provider: 'aws', aws: { endpointUrl: server.endpoint } };
});
after(async () => {
  await server?.close();
  lake?.cleanup();
});

test('aws provider over HTTP: GROUP BY and all 2,700 rows across three pages', async () => {
  const grouped = await runCommand(queryCommand, pipeline, { sql: 'SELECT status, count(*) AS n FROM events GROUP BY status ORDER BY status' }, { output: 'json' });
  assert.equal(grouped.code, 0, grouped.stderr);
  assert.deepEqual(JSON.parse(grouped.stdout), [...STATUSES].sort().map((status) => ({ status, n: 900 })));
  const all = await runCommand(queryCommand, pipeline, { sql: 'SELECT uuid FROM events', jsonl: true }, { output: 'json' });
  assert.equal(all.code, 0, all.stderr);
  assert.equal(new Set(all.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).uuid)).size, 2700);
  const failed = await runCommand(queryCommand, pipeline, { sql: 'SELECT nope FROM events' });
  assert.equal(failed.code, 6);
  assert.match(failed.stderr, /COLUMN_NOT_FOUND: line 1:8/);
});
