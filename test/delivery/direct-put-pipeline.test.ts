// A `source: direct_put` pipeline end to end on the local provider, through the real CLI: `up` makes no
// Kinesis stream, a DirectPut Firehose and a role without kinesis: actions; `produce` (PutRecordBatch) is
// killed with -9 mid-run, then a `produce --wait --flush` is killed with -9 by the delivery engine itself
// right after a batch's objects and before its checkpoint; a last `produce --wait --flush` delivers the rest.
// Every record the Direct PUT log acknowledged is queryable exactly once; then `down` leaves nothing.
// Also: switching an existing stream pipeline to direct_put deletes its stream and replaces its delivery,
// and the dashboard then counts records in from Firehose's IncomingRecords.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { openClients } from '../../src/aws/clients.js';
import { loadPipeline } from '../../src/config/load.js';
import { cloudWatchFor, fetchDashboard } from '../../src/console/metrics.js';
import { runCli, type CliRun } from '../support/cli.js';
import { runLakehouse, startLakehouse } from '../support/lakehouse-proc.js';
import { tempDirForFile } from '../support/tmp.js';

const root = tempDirForFile('lakehouse-direct-put-');

const SPEC = `name: direct
source: direct_put
delivery:
  buffer: { size_mb: 64, interval_s: 900 }
table: { database: lakehouse, name: events }
fields:
  - { name: uuid, type: string, gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status, type: string, gen: { pick: [Active, Inactive, Canceled] } }
`;

const env = { LAKEHOUSE_FIREHOSE_TRANSITION_MS: '30', LAKEHOUSE_KINESIS_TRANSITION_MS: '20' };
// In-process commands read the emulator's transition times from process.env.
Object.assign(process.env, env);
const ok = (r: CliRun) => assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);

function project(name: string, spec: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.yaml'), spec);
  return dir;
}

/** Records in the Direct PUT log: every one PutRecordBatch acknowledged (fsync'd before the answer). */
function loggedRecords(dir: string): number {
  const file = path.join(dir, '.lakehouse', 'firehose', 'direct', 'direct-delivery.jsonl');
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{"s"')).length;
}

test('direct_put: produce → kill -9 → kill -9 during delivery → query finds every acknowledged record once → down', { timeout: 240_000 }, async () => {
  const dir = project('e2e', SPEC);
  const cli = (...argv: string[]) => runCli(argv, { cwd: dir, env: { NO_COLOR: '1' } });
  const validate = await cli('validate');
  ok(validate);
  assert.match(validate.stdout, /valid — 3 fields, Direct PUT to direct-delivery, table lakehouse\.events/);
  const plan = await cli('plan');
  ok(plan);
  assert.doesNotMatch(plan.stdout, /Kinesis stream/, 'no stream is planned');
  assert.match(plan.stdout, /DirectPut/);
  ok(await cli('up', '--yes'));
  const again = await cli('up');
  ok(again);
  assert.match(again.stdout, /No changes/);

  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: path.join(dir, '.lakehouse') });
  try {
    const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'direct-delivery' }))).DeliveryStreamDescription!;
    assert.equal(d.DeliveryStreamType, 'DirectPut');
    assert.equal(d.Source, undefined);
    assert.deepEqual((await c.kinesis.send(new ListStreamsCommand({}))).StreamNames ?? [], []);
    const pol = await c.iam.send(new GetRolePolicyCommand({ RoleName: 'direct-firehose', PolicyName: 'lakehouse-firehose-delivery' }));
    assert.doesNotMatch(decodeURIComponent(pol.PolicyDocument!), /kinesis:/);
  } finally {
    await c.close();
  }

  // 1. A producer killed with -9 mid-run (it is the delivery host too: the emulator runs in it).
  const child = startLakehouse(['produce', '-n', '1000000', '--rate', '3000', '-o', 'json'], { cwd: dir, env });
  let reported = 0;
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no progress: ${buf}`)), 60_000);
    child.child.stderr!.on('data', (chunk) => {
      buf += chunk;
      for (const line of buf.split('\n').filter((l) => l.startsWith('{'))) {
        const ev = JSON.parse(line) as { event: string; accepted: number };
        if (ev.event === 'progress') reported = Math.max(reported, ev.accepted);
      }
      buf = buf.slice(buf.lastIndexOf('\n') + 1);
      if (reported >= 2000) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.child.kill('SIGKILL');
  await child.done;
  const afterKill = loggedRecords(dir);
  assert.ok(afterKill >= reported, `the log holds every record reported accepted (${afterKill} ≥ ${reported})`);

  // 2. A producer whose delivery is killed with -9 after the first batch's objects, before its checkpoint.
  const crashed = await runLakehouse(['produce', '-n', '500', '--wait', '--flush', '-o', 'json'], { cwd: dir, env: { ...env, LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS: '1' } });
  assert.notEqual(crashed.code, 0, 'killed during delivery');
  const summary = JSON.parse(crashed.stdout.trim().split('\n').at(-1)!);
  assert.equal(summary.accepted, 500);
  assert.equal(summary.api, 'PutRecordBatch');
  assert.equal(loggedRecords(dir), afterKill + 500);

  // 3. The next run redoes the pending batch (same keys) and delivers everything else.
  const last = await cli('produce', '-n', '100', '--wait', '--flush');
  ok(last);
  assert.match(last.stdout, /in 1 PutRecordBatch calls/);
  const total = afterKill + 600;
  const q = await cli('query', 'SELECT count(*) AS n, count(DISTINCT uuid) AS u FROM events', '-o', 'json', '--no-footer');
  ok(q);
  assert.deepEqual(JSON.parse(q.stdout), [{ n: total, u: total }], 'every acknowledged record, once');

  const status = await cli('status');
  ok(status);
  assert.match(status.stdout, /Stream: none \(source direct_put/);
  assert.doesNotMatch(status.stdout, /Kinesis stream/);

  ok(await cli('down', '--yes'));
  const gone = await cli('status', '-o', 'json');
  ok(gone);
  assert.ok(JSON.parse(gone.stdout).resources.every((r: { state: string }) => r.state === 'missing'), gone.stdout);
});

test('direct_put: a stream pipeline switched to direct_put loses its stream and gets a DirectPut delivery stream', { timeout: 120_000 }, async () => {
  const dir = project('switch', SPEC.replace('source: direct_put\n', 'stream: { shards: 1 }\n'));
  const cli = (...argv: string[]) => runCli(argv, { cwd: dir, env: { NO_COLOR: '1' } });
  ok(await cli('up', '--yes'));
  fs.writeFileSync(path.join(dir, 'config.yaml'), SPEC);
  const plan = await cli('plan');
  ok(plan);
  assert.match(plan.stdout, /- +Kinesis stream direct\b/);
  assert.match(plan.stdout, /-\/\+ Firehose delivery stream direct-delivery \(type, sourceStreamArn forces replacement/);
  ok(await cli('up', '--yes'));
  ok(await cli('produce', '-n', '50', '--wait', '--flush'));
  const q = await cli('query', 'SELECT count(*) AS n FROM events', '-o', 'json', '--no-footer');
  ok(q);
  assert.deepEqual(JSON.parse(q.stdout), [{ n: 50 }]);
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: path.join(dir, '.lakehouse') });
  try {
    assert.deepEqual((await c.kinesis.send(new ListStreamsCommand({}))).StreamNames ?? [], []);
    // The dashboard (status --watch, console) counts records in from Firehose's IncomingRecords.
    const d = await fetchDashboard(await cloudWatchFor(c), c, await loadPipeline(path.join(dir, 'config.yaml'), { cwd: dir }), { minutes: 10 });
    const incoming = d.panels.find((x) => x.id === 'incoming')!;
    assert.equal(incoming.title, 'Records in · IncomingRecords');
    assert.equal(incoming.values.reduce((a: number, v) => a + (v ?? 0), 0), 50);
  } finally {
    await c.close();
  }
  ok(await cli('down', '--yes'));
});
