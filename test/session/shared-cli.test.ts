// Done-when of shared sessions: `produce --duration 20s` on a fresh data dir while `query`, `status` and a
// second `produce` run from other processes; all succeed, and the lake then holds exactly the sum of what
// both producers report accepted.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openClients } from '../../src/aws/clients.js';
import { readLock } from '../../src/local/lock.js';
import { athenaScalar } from '../../src/producer/athena-count.js';
import { runLakehouse, startLakehouse } from '../support/lakehouse-proc.js';
import { tempDirForFile } from '../support/tmp.js';

const dir = tempDirForFile('lakehouse-shared-cli-');
const dataDir = path.join(dir, '.lakehouse');

function summary(stdout: string): { accepted: number; failed: number } {
  const line = stdout.trim().split('\n').map((l) => JSON.parse(l)).find((o) => o.event === 'summary');
  assert.ok(line, `a JSON summary in: ${stdout}`);
  return line;
}

test('produce 20s while query, status and a second produce run from other processes', { timeout: 180_000 }, async () => {
  assert.equal((await runLakehouse(['init'], { cwd: dir })).code, 0);
  const up = await runLakehouse(['up', '--yes'], { cwd: dir });
  assert.equal(up.code, 0, up.stderr);

  const first = startLakehouse(['produce', '--duration', '20s', '--rate', '400', '-o', 'json'], { cwd: dir });
  // The first producer hosts: wait until its socket is published.
  for (let i = 0; i < 200 && !(readLock(dataDir)?.pid === first.child.pid && readLock(dataDir)?.socket); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(readLock(dataDir)?.pid, first.child.pid, 'the first producer hosts the data dir');

  const [query, status, second] = await Promise.all([
    runLakehouse(['query', 'SELECT count(*) AS n FROM events', '-o', 'csv'], { cwd: dir }),
    runLakehouse(['status', '-o', 'json'], { cwd: dir }),
    runLakehouse(['produce', '-n', '3000', '--rate', '400', '-o', 'json'], { cwd: dir }),
  ]);
  assert.equal(query.code, 0, query.stderr);
  assert.match(query.stdout, /^n\n\d+\n$/, 'CSV with LF line ends');
  assert.equal(status.code, 0, status.stderr);
  const st = JSON.parse(status.stdout);
  assert.equal(st.stream.openShards, 1);
  assert.equal(st.stream.mode, 'PROVISIONED');
  assert.ok(st.stream.records > 0, 'status counts the records the producers already sent');
  assert.equal(second.code, 0, second.stderr);
  const b = summary(second.stdout);
  assert.equal(b.accepted, 3000);

  const firstDone = await first.done;
  assert.equal(firstDone.code, 0, firstDone.stderr);
  const a = summary(firstDone.stdout);
  assert.ok(a.accepted > 0 && a.failed === 0);

  // Nobody holds the data dir now: this process hosts, flushes every buffer and counts the lake.
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
  try {
    assert.equal(c.local!.mode(), 'host');
    await c.local!.waitDelivered({ flush: true, timeoutMs: 60_000 });
    const n = await athenaScalar({ athena: c.athena, workgroup: 'clickstream', database: 'lakehouse', sql: 'SELECT count(*) FROM events' });
    assert.equal(n, a.accepted + b.accepted);
    const counters = await c.local!.streamCounters('clickstream');
    assert.equal(counters!.records, a.accepted + b.accepted, 'the stream holds what both reported accepted');
  } finally {
    await c.close();
  }
});
