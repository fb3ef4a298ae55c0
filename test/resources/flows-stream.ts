// Stream changes made in place: the capacity mode (UpdateStreamMode keeps the stream, its ARN and its
// unread records, and the Firehose reading it) and shard counts beyond one UpdateShardCount call's
// double/half bound (stepped, ACTIVE between steps).
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import assert from 'node:assert/strict';
import { ExitCode } from '../../src/errors.js';
import type { Clients } from '../../src/aws/clients.js';
import { withClients, type Target } from './targets.js';

async function streamSummary(c: Clients, name: string) {
  return (await c.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
}

/** Every record data (as text) from the trim horizon of every shard, open or closed. */
async function allRecords(c: Clients, name: string): Promise<string[]> {
  const shards = (await c.kinesis.send(new ListShardsCommand({ StreamName: name }))).Shards ?? [];
  const out: string[] = [];
  for (const s of shards) {
    const it = await c.kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: s.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
    const got = await c.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator! }));
    for (const r of got.Records ?? []) out.push(Buffer.from(r.Data!).toString('utf8'));
  }
  return out;
}

async function deliveryCreated(t: Target): Promise<number> {
  return withClients(t, async (c) => {
    const d = await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: t.pipeline.delivery.name }));
    return d.DeliveryStreamDescription!.CreateTimestamp!.getTime();
  });
}

export async function modeChangesInPlace(t: Target): Promise<void> {
  const name = t.pipeline.stream.name;
  assert.equal((await t.run(['up'])).code, 0);
  const before = await withClients(t, async (c) => {
    await c.kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('unread-1') }));
    return (await streamSummary(c, name)).StreamARN;
  });
  const deliveryBorn = await deliveryCreated(t);
  await t.editSpec((y) => y.replace(/mode: provisioned\n\s+shards: 1\n/, 'mode: on_demand\n'));
  const plan = await t.run(['plan']);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /\n {2}~ {3}Kinesis stream \S+\n/);
  assert.match(plan.stdout, /mode: "PROVISIONED" → "ON_DEMAND"/);
  assert.doesNotMatch(plan.stdout, /forces replacement|-\/\+/);
  assert.match(plan.stdout, /Plan: 0 to create, 1 to update, 0 to replace, 6 unchanged\./);
  const csv = await t.run(['plan', '--output', 'csv']);
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stdout, /^action,resource,name,changes,note\nnoop,IAM role,/);
  assert.match(csv.stdout, /\nupdate,Kinesis stream,\S+,"mode: ""PROVISIONED"" → ""ON_DEMAND""; shards: 1 → \(none\)",\n/);
  assert.equal(csv.stdout.trimEnd().split('\n').length, 8);
  // up and down have no CSV form: a usage error before anything is read or changed, not a silent table.
  for (const cmd of ['up', 'down']) {
    const r = await t.run([cmd, '--output', 'csv', '--yes']);
    assert.equal(r.code, ExitCode.spec, r.stderr);
    assert.match(r.stderr, new RegExp(`${cmd} --output csv is not supported: use table or json`));
    assert.equal(r.stdout, '');
  }
  // No --yes: an in-place change needs no confirmation.
  const up = await t.run(['up']);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, /0 created, 1 updated, 0 replaced/);
  await withClients(t, async (c) => {
    const s = await streamSummary(c, name);
    assert.equal(s.StreamModeDetails?.StreamMode, 'ON_DEMAND');
    assert.equal(s.StreamStatus, 'ACTIVE');
    assert.equal(s.StreamARN, before, 'the same stream');
    assert.deepEqual(await allRecords(c, name), ['unread-1'], 'records written before the switch are still there');
  });
  assert.equal(await deliveryCreated(t), deliveryBorn, 'the delivery stream was not recreated');
  assert.equal((await t.run(['up'])).stdout, 'No changes. Your pipeline is up to date.\n');

  // And back: provisioned with 2 shards (the on-demand stream's open shards are stepped to 2).
  await t.editSpec((y) => y.replace('mode: on_demand\n', 'mode: provisioned\n  shards: 2\n'));
  const back = await t.run(['up']);
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, /mode: "ON_DEMAND" → "PROVISIONED"/);
  assert.match(back.stdout, /0 created, 1 updated, 0 replaced/);
  await withClients(t, async (c) => {
    const s = await streamSummary(c, name);
    assert.equal(s.StreamModeDetails?.StreamMode, 'PROVISIONED');
    assert.equal(s.OpenShardCount, 2);
    assert.equal(s.StreamStatus, 'ACTIVE');
    assert.deepEqual(await allRecords(c, name), ['unread-1']);
  });
  assert.equal((await t.run(['up'])).stdout, 'No changes. Your pipeline is up to date.\n');
}

/** 1 → 5 (2, 4, 5), 5 → 8 (one call), 8 → 1 (4, 2, 1): each UpdateShardCount within double/half. */
export async function shardCountSteps(t: Target): Promise<void> {
  const name = t.pipeline.stream.name;
  assert.equal((await t.run(['up'])).code, 0);
  let shards = 1;
  for (const [to, steps] of [[5, [2, 4, 5]], [8, [8]], [1, [4, 2, 1]]] as const) {
    await t.editSpec((y) => y.replace(`shards: ${shards}\n`, `shards: ${to}\n`));
    const up = await t.run(['up']);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, new RegExp(`shards: ${shards} → ${to}`));
    assert.match(up.stdout, /0 created, 1 updated, 0 replaced/);
    // Each step is one UpdateShardCount followed by a wait for ACTIVE, reported on stderr.
    const waited = [...up.stderr.matchAll(/Waiting for stream \S+ to be ACTIVE \(resharding to (\d+) shards\): done/g)].map((m) => Number(m[1]));
    assert.deepEqual(waited, steps, up.stderr);
    await withClients(t, async (c) => {
      const s = await streamSummary(c, name);
      assert.equal(s.OpenShardCount, to);
      assert.equal(s.StreamStatus, 'ACTIVE');
    });
    shards = to;
  }
  assert.equal((await t.run(['up'])).stdout, 'No changes. Your pipeline is up to date.\n');
}
