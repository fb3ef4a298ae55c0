// More lifecycle flows: a replacement (the table's partition keys) needs --yes, --keep-data keeps the lake, a half-failed down is
// reported and finished by the next one.
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetTableCommand } from '@aws-sdk/client-glue';
import { GetRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { DeletePublicAccessBlockCommand, GetObjectCommand, GetPublicAccessBlockCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { INLINE_POLICY_NAME } from '../../src/resources/policy.js';
import assert from 'node:assert/strict';
import { ExitCode } from '../../src/errors.js';
import { NONE, existing } from './probe.js';
import { withClients, type Target } from './targets.js';

const partitionKeys = (t: Target) =>
  withClients(t, async (c) => {
    const got = await c.glue.send(new GetTableCommand({ DatabaseName: t.pipeline.table.database, Name: t.pipeline.table.name }));
    return got.Table?.PartitionKeys?.map((k) => k.Name);
  });

/** Dropping the hour from the prefix changes the table's partition keys: Glue cannot change those in place. */
export async function replaceNeedsYes(t: Target): Promise<void> {
  assert.equal((await t.run(['up'])).code, 0);
  await t.editSpec((y) => y.replace('/hour=!{timestamp:HH}/', '/'));
  const plan = await t.run(['plan']);
  assert.match(plan.stdout, /-\/\+ Glue table .*partitionKeys forces replacement/);
  assert.match(plan.stdout, /partitionKeys: - hour int/);
  assert.match(plan.stdout, /\n {2}~ {3}Firehose delivery stream \S+\n/);
  assert.match(plan.stdout, /Plan: 0 to create, 1 to update, 1 to replace, 5 unchanged\./);
  const refused = await t.run(['up']);
  assert.equal(refused.code, ExitCode.notConfirmed, refused.stderr);
  assert.deepEqual(await partitionKeys(t), ['year', 'month', 'day', 'hour'], 'nothing changed without a yes');
  const done = await t.run(['up', '--yes']);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /0 created, 1 updated, 1 replaced/);
  assert.deepEqual(await partitionKeys(t), ['year', 'month', 'day']);
  await withClients(t, async (c) => {
    const d = await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: t.pipeline.delivery.name }));
    assert.equal(d.DeliveryStreamDescription?.DeliveryStreamStatus, 'ACTIVE');
    assert.equal(d.DeliveryStreamDescription?.Destinations?.[0]?.ExtendedS3DestinationDescription?.Prefix, t.pipeline.delivery.prefix);
  });
  assert.equal((await t.run(['up'])).stdout, 'No changes. Your pipeline is up to date.\n');
}

export async function keepDataThenDown(t: Target): Promise<void> {
  const p = t.pipeline;
  assert.equal((await t.run(['up'])).code, 0);
  await withClients(t, (c) => c.s3.send(new PutObjectCommand({ Bucket: p.bucket.name, Key: 'events/year=2026/a.parquet', Body: 'data' })));
  const kept = await t.run(['down', '--yes', '--keep-data']);
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(kept.stdout, /Destroy complete: 6 deleted/);
  assert.match(kept.stdout, /\n {2}kept +S3 bucket \S+ \(--keep-data\)\n/);
  assert.match(kept.stdout, /\n {2}= {3}S3 bucket \S+ \(kept: --keep-data\)\n/);
  await withClients(t, async (c) => {
    assert.deepEqual(await existing(c, p), { ...NONE, bucket: true });
    const obj = await c.s3.send(new GetObjectCommand({ Bucket: p.bucket.name, Key: 'events/year=2026/a.parquet' }));
    assert.equal(await obj.Body!.transformToString(), 'data');
  });
  const rest = await t.run(['down', '--yes', '--output', 'json']);
  assert.equal(rest.code, 0, rest.stderr);
  const emptying = rest.stderr.split('\n').filter((l) => l.startsWith(`Emptying S3 bucket ${p.bucket.name}`));
  assert.deepEqual(emptying.map((l) => l.replace(/ in [\d.]+s$/, '')), [`Emptying S3 bucket ${p.bucket.name}…`, `Emptying S3 bucket ${p.bucket.name}: done`]);
  assert.deepEqual(JSON.parse(rest.stdout), { pipeline: p.name, outcomes: [{ kind: 'bucket', name: p.bucket.name, outcome: 'deleted' }] });
  await withClients(t, async (c) => assert.deepEqual(await existing(c, p), NONE));
}

export async function partialDownIsFinished(t: Target): Promise<void> {
  const p = t.pipeline;
  assert.equal((await t.run(['up'])).code, 0);
  const half = await t.withFaults('kinesis:DeleteStream=1:500', () => t.run(['down', '--yes']));
  assert.equal(half.code, ExitCode.aws, half.stderr);
  assert.match(half.stderr, /down did not finish/);
  assert.match(half.stderr, /Failed:\n {2}Kinesis stream [^\n]*DeleteStream/);
  assert.match(half.stderr, /Run `lakehouse down` again/);
  assert.match(half.stdout, /deleted +S3 bucket/);
  await withClients(t, async (c) => assert.deepEqual(await existing(c, p), { ...NONE, stream: true }));
  const rest = await t.run(['down', '--yes']);
  assert.equal(rest.code, 0, rest.stderr);
  assert.match(rest.stdout, /Destroy complete: 1 deleted/);
  await withClients(t, async (c) => assert.deepEqual(await existing(c, p), NONE));
}

/** Someone widened the role policy and dropped the bucket's public access block: plan shows it, up repairs it. */
export async function driftIsRepaired(t: Target): Promise<void> {
  const p = t.pipeline;
  assert.equal((await t.run(['up'])).code, 0);
  const wide = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kinesis:*', Resource: '*' }] };
  await withClients(t, async (c) => {
    await c.iam.send(new PutRolePolicyCommand({ RoleName: p.delivery.roleName, PolicyName: INLINE_POLICY_NAME, PolicyDocument: JSON.stringify(wide) }));
    await c.s3.send(new DeletePublicAccessBlockCommand({ Bucket: p.bucket.name }));
  });
  const plan = await t.run(['plan']);
  assert.match(plan.stdout, /~ +IAM role /);
  assert.match(plan.stdout, /policy\.Statement: .*kinesis:\*/);
  assert.match(plan.stdout, /publicAccessBlock: \(none\) → /);
  assert.match(plan.stdout, /Plan: 0 to create, 2 to update/);
  const up = await t.run(['up']);
  assert.equal(up.code, 0, up.stderr);
  await withClients(t, async (c) => {
    const doc = await c.iam.send(new GetRolePolicyCommand({ RoleName: p.delivery.roleName, PolicyName: INLINE_POLICY_NAME }));
    assert.doesNotMatch(decodeURIComponent(doc.PolicyDocument!), /kinesis:\*/);
    const pab = await c.s3.send(new GetPublicAccessBlockCommand({ Bucket: p.bucket.name }));
    assert.equal(pab.PublicAccessBlockConfiguration?.BlockPublicAcls, true);
  });
  assert.equal((await t.run(['up'])).stdout, 'No changes. Your pipeline is up to date.\n');
}
