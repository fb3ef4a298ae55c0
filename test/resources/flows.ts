// The lifecycle flows, written once and run through the real CLI for provider local (in-process) and
// provider aws pointed at `lakehouse serve`; assertions ask the services directly through SDK clients.
import { GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetTableCommand } from '@aws-sdk/client-glue';
import { GetRoleCommand, GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ExitCode } from '../../src/errors.js';
import { arnIds } from '../../src/resources/arns.js';
import { INLINE_POLICY_NAME, firehoseDeliveryPolicy, parsePolicyDocument } from '../../src/resources/policy.js';
import { ALL, NONE, existing } from './probe.js';
import { withClients, type Target } from './targets.js';

export async function upFromNothingThenNoop(t: Target, accountId: string): Promise<void> {
  const p = t.pipeline;
  const first = await t.run(['up']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /\+ +Kinesis stream /);
  assert.match(first.stdout, /Apply complete: 7 created/);
  await withClients(t, async (c) => {
    assert.deepEqual(await existing(c, p), ALL);
    const s = (await c.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: p.stream.name }))).StreamDescriptionSummary!;
    assert.equal(s.StreamStatus, 'ACTIVE');
    assert.equal(s.RetentionPeriodHours, 24);
    assert.equal(s.EncryptionType, 'KMS');
    const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: p.delivery.name }))).DeliveryStreamDescription!;
    assert.equal(d.DeliveryStreamStatus, 'ACTIVE');
    const x = d.Destinations![0]!.ExtendedS3DestinationDescription!;
    assert.equal(x.Prefix, p.delivery.prefix);
    assert.equal(x.BufferingHints?.IntervalInSeconds, 60);
    assert.ok(x.DataFormatConversionConfiguration?.OutputFormatConfiguration?.Serializer?.ParquetSerDe);
    const t1 = (await c.glue.send(new GetTableCommand({ DatabaseName: p.table.database, Name: p.table.name }))).Table!;
    assert.equal(t1.TableType, 'EXTERNAL_TABLE');
    assert.equal(t1.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    assert.equal(t1.Parameters?.['projection.enabled'], 'true');
    assert.equal(t1.Parameters?.['projection.month.digits'], '2');
    assert.deepEqual(t1.PartitionKeys?.map((k) => k.Name), ['year', 'month', 'day', 'hour']);
    const wg = (await c.athena.send(new GetWorkGroupCommand({ WorkGroup: p.athena.workgroup }))).WorkGroup!;
    assert.equal(wg.Configuration?.ResultConfiguration?.OutputLocation, p.athena.outputLocation);
    assert.equal(wg.Configuration?.BytesScannedCutoffPerQuery, p.athena.scanLimitBytes);
    const enc = await c.s3.send(new GetBucketEncryptionCommand({ Bucket: p.bucket.name }));
    assert.equal(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
    const pab = await c.s3.send(new GetPublicAccessBlockCommand({ Bucket: p.bucket.name }));
    assert.equal(pab.PublicAccessBlockConfiguration?.RestrictPublicBuckets, true);
    const role = await c.iam.send(new GetRoleCommand({ RoleName: p.delivery.roleName }));
    assert.match(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!), /firehose\.amazonaws\.com/);
    const inline = await c.iam.send(new GetRolePolicyCommand({ RoleName: p.delivery.roleName, PolicyName: INLINE_POLICY_NAME }));
    assert.deepEqual(parsePolicyDocument(inline.PolicyDocument), firehoseDeliveryPolicy(p, arnIds(p.region, accountId)));
  });
  const again = await t.run(['up']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, 'No changes. Your pipeline is up to date.\n');
  const plan = await t.run(['plan', '--output', 'json']);
  assert.equal(JSON.parse(plan.stdout).summary.noop, 7);
}

export async function specChangeUpdatesInPlace(t: Target): Promise<void> {
  await t.editSpec((y) =>
    y
      .replace('retention_hours: 24', 'retention_hours: 48')
      .replace('shards: 1', 'shards: 2')
      .replace('encryption: true', 'encryption: false')
      .replace('interval_s: 60', 'interval_s: 10')
      .replace('scan_limit_mb: 1024', 'scan_limit_mb: 20')
      .concat('  - { name: phone,      type: bigint,    gen: { pick: [900000001, 900000002] } }\n'),
  );
  const p = t.pipeline;
  const plan = await t.run(['plan']);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /retentionHours: 24 → 48/);
  assert.match(plan.stdout, /shards: 1 → 2/);
  assert.match(plan.stdout, /encryption: "KMS" → "NONE"/);
  assert.match(plan.stdout, /buffering\.intervalS: 60 → 10/);
  assert.match(plan.stdout, /columns: \+ phone bigint/);
  assert.match(plan.stdout, /Plan: 0 to create, 4 to update, 0 to replace, 3 unchanged\./);
  const r = await t.run(['up']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 created, 4 updated, 0 replaced/);
  await withClients(t, async (c) => {
    const s = (await c.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: p.stream.name }))).StreamDescriptionSummary!;
    assert.equal(s.RetentionPeriodHours, 48);
    assert.equal(s.OpenShardCount, 2);
    assert.equal(s.EncryptionType, 'NONE');
    const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: p.delivery.name }))).DeliveryStreamDescription!;
    assert.equal(d.Destinations![0]!.ExtendedS3DestinationDescription!.BufferingHints?.IntervalInSeconds, 10);
    const t1 = (await c.glue.send(new GetTableCommand({ DatabaseName: p.table.database, Name: p.table.name }))).Table!;
    assert.ok(t1.StorageDescriptor?.Columns?.some((col) => col.Name === 'phone' && col.Type === 'bigint'));
    const wg = (await c.athena.send(new GetWorkGroupCommand({ WorkGroup: p.athena.workgroup }))).WorkGroup!;
    assert.equal(wg.Configuration?.BytesScannedCutoffPerQuery, 20_000_000);
  });
  assert.equal((await t.run(['up'])).stdout, 'No changes. Your pipeline is up to date.\n');
}

export async function statusReportsLake(t: Target): Promise<void> {
  const p = t.pipeline;
  await withClients(t, async (c) => {
    for (const key of ['events/year=2026/month=11/day=24/hour=23/a.parquet', 'events/year=2026/month=11/day=25/hour=07/b.parquet']) {
      await c.s3.send(new PutObjectCommand({ Bucket: p.bucket.name, Key: key, Body: 'PAR1-not-really' }));
    }
  });
  const json = await t.run(['status', '--output', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const st = JSON.parse(json.stdout);
  assert.equal(st.resources.length, 7);
  assert.ok(st.resources.every((r: { state: string }) => ['ACTIVE', 'ENABLED', 'exists'].includes(r.state)), json.stdout);
  assert.equal(st.lake.objects, 2);
  assert.equal(st.lake.bytes, 2 * 'PAR1-not-really'.length);
  assert.equal(st.lake.newestPartition, 'year=2026/month=11/day=25/hour=07');
  assert.equal(st.lake.path, p.provider === 'local' ? path.join(p.local.dataDir, 's3', p.bucket.name) : null);
  const table = await t.run(['status']);
  assert.match(table.stdout, new RegExp(`Kinesis stream +${p.stream.name} +ACTIVE +arn:aws:kinesis:`));
  const csv = await t.run(['status', '--output', 'csv']);
  assert.match(csv.stdout, /^resource,name,state,arn_or_path,/);
  assert.match(csv.stdout, /\nlake,s3:\/\/.*,exists,.*,2,30,year=2026\/month=11\/day=25\/hour=07,/);
}

export async function downLeavesNothing(t: Target): Promise<void> {
  const p = t.pipeline;
  const asked = await t.run(['down']);
  assert.equal(asked.code, ExitCode.notConfirmed, `non-interactive without --yes: ${asked.stderr}`);
  await withClients(t, async (c) => assert.deepEqual(await existing(c, p), ALL));
  const r = await t.run(['down', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Destroy complete: 7 deleted/);
  await withClients(t, async (c) => assert.deepEqual(await existing(c, p), NONE));
  const twice = await t.run(['down', '--yes']);
  assert.equal(twice.code, 0, twice.stderr);
  assert.match(twice.stdout, /Nothing to delete/);
}

/** A bucket of our name made by someone else: neither up nor down touch it. */
export async function foreignBucketRefused(t: Target): Promise<void> {
  const p = t.pipeline;
  await withClients(t, async (c) => {
    await c.s3.send(new CreateBucketCommand({ Bucket: p.bucket.name }));
    await c.s3.send(new PutObjectCommand({ Bucket: p.bucket.name, Key: 'theirs.txt', Body: 'not yours' }));
  });
  const up = await t.run(['up']);
  assert.equal(up.code, ExitCode.ownership, up.stderr);
  assert.match(up.stderr, /S3 bucket .* not ours/);
  const down = await t.run(['down', '--yes']);
  assert.equal(down.code, ExitCode.ownership, down.stderr);
  assert.match(down.stderr, /Refused to delete 1 resource/);
  await withClients(t, async (c) => {
    const obj = await c.s3.send(new GetObjectCommand({ Bucket: p.bucket.name, Key: 'theirs.txt' }));
    assert.equal(await obj.Body!.transformToString(), 'not yours');
    assert.deepEqual(await existing(c, p), { ...NONE, bucket: true });
  });
}

/** An up that fails at the delivery stream is finished by the next up. */
export async function interruptedUpIsFinished(t: Target): Promise<void> {
  const p = t.pipeline;
  const broken = await t.withFaults('firehose:CreateDeliveryStream=1:500', () => t.run(['up']));
  assert.equal(broken.code, ExitCode.aws, broken.stderr);
  assert.match(broken.stderr, /CreateDeliveryStream/);
  await withClients(t, async (c) => assert.deepEqual(await existing(c, p), { ...ALL, delivery: false }));
  const plan = await t.run(['plan', '--output', 'json']);
  assert.deepEqual(JSON.parse(plan.stdout).summary, { create: 1, update: 0, replace: 0, delete: 0, noop: 6, refuse: 0 });
  const fixed = await t.run(['up']);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(fixed.stdout, /1 created/);
  await withClients(t, async (c) => assert.deepEqual(await existing(c, p), ALL));
}
