// `lakehouse query` on an Iceberg table (local provider): after `up`, a table written with core's functions
// (two appends, then a delete) beside the pipeline's own; the CLI reads its current rows, each snapshot with
// FOR VERSION AS OF, and "ice$snapshots", and reports a missing snapshot with Trino's words.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { CreateTableCommand } from '@aws-sdk/client-glue';
import { openClients } from '../../../src/aws/clients.js';
import { STARTER_SPEC } from '../../../src/cli/starter-spec.js';
import { commit, createTableMetadata, writeDataFiles, writeEqualityDeletes } from '../../../src/local/iceberg/index.js';
import { runCli } from '../../support/cli.js';
import { tempDirForFile } from '../../support/tmp.js';

const root = tempDirForFile('lakehouse-iceberg-read-cli-');

test('lakehouse query reads an Iceberg table now and at each snapshot', { timeout: 180_000 }, async () => {
  const dir = path.join(root, 'p');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.yaml'), STARTER_SPEC);
  const up = await runCli(['up', '--yes'], { cwd: dir });
  assert.equal(up.code, 0, up.stderr);

  const dataDir = path.join(dir, '.lakehouse');
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  const ids: number[] = [];
  try {
    const stageDir = path.join(dataDir, 'tmp', 'iceberg-cli-test');
    fs.mkdirSync(stageDir, { recursive: true });
    const env = { lake: c.emulator!.s3, glue: c.emulator!.glue, stageDir, now: Date.now };
    const created = await createTableMetadata(env, { name: 'ice', location: 's3://clickstream-lake/ice', columns: [{ name: 'id', type: 'bigint' }, { name: 'label', type: 'string' }] });
    await c.glue.send(new CreateTableCommand({ DatabaseName: 'lakehouse', TableInput: created.tableInput }));
    const rowsSql = (from: number, n: number) => `SELECT CAST(i AS BIGINT) AS id, 'row ' || i AS label FROM range(${from}, ${from + n}) t(i)`;
    for (const [from, n] of [[0, 100], [100, 50]] as const) {
      const r = await commit(env, 'lakehouse', 'ice', async (cur) => ({ operation: 'append', add: await writeDataFiles(env, conn, cur, rowsSql(from, n)) }));
      ids.push(r.snapshotId!);
    }
    const r = await commit(env, 'lakehouse', 'ice', async (cur) => ({ operation: 'delete', add: await writeEqualityDeletes(env, conn, cur, 'SELECT CAST(i AS BIGINT) AS id FROM range(0, 10) t(i)', ['id']) }));
    ids.push(r.snapshotId!);
  } finally {
    conn.closeSync();
    duck.closeSync();
    await c.close();
  }

  const json = async (sql: string) => {
    const q = await runCli(['query', sql, '-o', 'json', '--no-footer'], { cwd: dir });
    assert.equal(q.code, 0, `${sql}: ${q.stderr}`);
    return JSON.parse(q.stdout);
  };
  assert.deepEqual(await json('SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM ice'), [{ n: 140, lo: 10, hi: 149 }]);
  assert.deepEqual(await json(`SELECT count(*) AS n FROM ice FOR VERSION AS OF ${ids[0]}`), [{ n: 100 }]);
  assert.deepEqual(await json(`SELECT count(*) AS n FROM ice FOR VERSION AS OF ${ids[1]}`), [{ n: 150 }]);
  assert.deepEqual(await json(`SELECT count(*) AS n FROM ice FOR VERSION AS OF ${ids[2]}`), [{ n: 140 }]);
  const snaps = await json('SELECT snapshot_id, operation FROM "ice$snapshots" ORDER BY committed_at');
  assert.deepEqual(snaps.map((s: any) => [String(s.snapshot_id), s.operation]), [[String(ids[0]), 'append'], [String(ids[1]), 'append'], [String(ids[2]), 'delete']]);
  const bad = await runCli(['query', 'SELECT * FROM ice FOR VERSION AS OF 42'], { cwd: dir });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /INVALID_ARGUMENTS: Iceberg snapshot ID does not exists: 42/);
});
