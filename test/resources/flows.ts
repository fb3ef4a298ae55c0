// The lifecycle flows, written once and run for provider local (in-process) and provider aws pointed at
// `lakehouse serve`. `open` gives SDK clients on the same emulator for direct assertions.
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
import type { Clients } from '../../src/aws/clients.js';
import type { Pipeline } from '../../src/config/types.js';
import { ExitCode } from '../../src/errors.js';
import { arnIds } from '../../src/resources/arns.js';
import { INLINE_POLICY_NAME, firehoseDeliveryPolicy, parsePolicyDocument } from '../../src/resources/policy.js';
import { runCommand } from './harness.js';
import { ALL, NONE, existing } from './probe.js';

export type Open = () => Promise<Clients>;

async function withClients<T>(open: Open, fn: (c: Clients) => Promise<T>): Promise<T> {
  const c = await open();
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

export async function upFromNothingThenNoop(p: Pipeline, open: Open, accountId: string): Promise<void> {
  const first = await runCommand('up', p);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Apply complete: 7 created/);
  await withClients(open, async (c) => {
    assert.deepEqual(await existing(c, p), ALL);
    const s = (await c.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: p.stream.name }))).StreamDescriptionSummary!;
    assert.equal(s.StreamStatus, 'ACTIVE');
    assert.equal(s.RetentionPeriodHours, p.stream.retentionHours);
    assert.equal(s.EncryptionType, 'KMS');
    const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: p.delivery.name }))).DeliveryStreamDescription!;
    assert.equal(d.DeliveryStreamStatus, 'ACTIVE');
    const x = d.Destinations![0]!.ExtendedS3DestinationDescription!;
    assert.equal(x.Prefix, p.delivery.prefix);
    assert.equal(x.BufferingHints?.IntervalInSeconds, p.delivery.bufferIntervalS);
    assert.ok(x.DataFormatConversionConfiguration?.OutputFormatConfiguration?.Serializer?.ParquetSerDe);
    const t = (await c.glue.send(new GetTableCommand({ DatabaseName: p.table.database, Name: p.table.name }))).Table!;
    assert.equal(t.TableType, 'EXTERNAL_TABLE');
    assert.equal(t.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    assert.equal(t.Parameters?.['projection.enabled'], 'true');
    assert.equal(t.Parameters?.['projection.month.digits'], '2');
    assert.deepEqual(t.PartitionKeys?.map((k) => k.Name), ['year', 'month', 'day', 'hour']);
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
  const again = await runCommand('up', p);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, 'No changes. Your pipeline is up to date.\n');
  const plan = await runCommand('plan', p, {}, 'json');
  assert.equal(JSON.parse(plan.stdout).summary.noop, 7);
}

export async function specChangeUpdatesInPlace(p: Pipeline, open: Open): Promise<void> {
  const changed: Pipeline = structuredClone(p);
  changed.stream.retentionHours = 48;
  changed.delivery.bufferIntervalS = 10;
  changed.fields.push({ name: 'phone', type: 'bigint', gen: { kind: 'uuid' } });
  changed.athena.scanLimitBytes = 20_000_000;
  const plan = await runCommand('plan', changed);
  assert.match(plan.stdout, /retentionHours: 24 → 48/);
  assert.match(plan.stdout, /columns: \+ phone bigint/);
  assert.match(plan.stdout, /Plan: 0 to create, 4 to update, 0 to replace, 3 unchanged\./);
  const r = await runCommand('up', changed);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 created, 4 updated, 0 replaced/);
  await withClients(open, async (c) => {
    const s = (await c.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: p.stream.name }))).StreamDescriptionSummary!;
    assert.equal(s.RetentionPeriodHours, 48);
    const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: p.delivery.name }))).DeliveryStreamDescription!;
    assert.equal(d.Destinations![0]!.ExtendedS3DestinationDescription!.BufferingHints?.IntervalInSeconds, 10);
    const t = (await c.glue.send(new GetTableCommand({ DatabaseName: p.table.database, Name: p.table.name }))).Table!;
    assert.ok(t.StorageDescriptor?.Columns?.some((col) => col.Name === 'phone' && col.Type === 'bigint'));
    const wg = (await c.athena.send(new GetWorkGroupCommand({ WorkGroup: p.athena.workgroup }))).WorkGroup!;
    assert.equal(wg.Configuration?.BytesScannedCutoffPerQuery, 20_000_000);
  });
  assert.equal((await runCommand('up', changed)).stdout, 'No changes. Your pipeline is up to date.\n');
}

export async function downLeavesNothing(p: Pipeline, open: Open): Promise<void> {
  await withClients(open, (c) => c.s3.send(new PutObjectCommand({ Bucket: p.bucket.name, Key: 'events/year=2026/x.parquet', Body: 'x' })));
  const refused = await runCommand('down', p);
  assert.equal(refused.code, ExitCode.notConfirmed, 'non-interactive without --yes');
  await withClients(open, async (c) => assert.deepEqual(await existing(c, p), ALL));
  const r = await runCommand('down', p, { yes: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Destroy complete: 7 deleted/);
  await withClients(open, async (c) => assert.deepEqual(await existing(c, p), NONE));
  const twice = await runCommand('down', p, { yes: true });
  assert.equal(twice.code, 0, twice.stderr);
  assert.match(twice.stdout, /Nothing to delete/);
}

/** A bucket of our name made by someone else: neither up nor down touch it. */
export async function foreignBucketRefused(p: Pipeline, open: Open): Promise<void> {
  await withClients(open, async (c) => {
    await c.s3.send(new CreateBucketCommand({ Bucket: p.bucket.name }));
    await c.s3.send(new PutObjectCommand({ Bucket: p.bucket.name, Key: 'theirs.txt', Body: 'not yours' }));
  });
  const up = await runCommand('up', p);
  assert.equal(up.code, ExitCode.ownership, up.stderr);
  assert.match(up.stderr, /S3 bucket .* not ours/);
  const down = await runCommand('down', p, { yes: true });
  assert.equal(down.code, ExitCode.ownership, down.stderr);
  assert.match(down.stderr, /Refused to delete 1 resource/);
  await withClients(open, async (c) => {
    const obj = await c.s3.send(new GetObjectCommand({ Bucket: p.bucket.name, Key: 'theirs.txt' }));
    assert.equal(await obj.Body!.transformToString(), 'not yours');
    assert.deepEqual(await existing(c, p), { ...NONE, bucket: true });
  });
}

/** An up that fails at the delivery stream is finished by the next up. */
export async function interruptedUpIsFinished(p: Pipeline, open: Open, faulty: Record<string, unknown>): Promise<void> {
  const broken = await runCommand('up', p, faulty);
  assert.equal(broken.code, ExitCode.aws, broken.stderr);
  assert.match(broken.stderr, /CreateDeliveryStream/);
  await withClients(open, async (c) => assert.deepEqual(await existing(c, p), { ...ALL, delivery: false }));
  const plan = await runCommand('plan', p, {}, 'json');
  assert.deepEqual(JSON.parse(plan.stdout).summary, { create: 1, update: 0, replace: 0, delete: 0, noop: 6, refuse: 0 });
  const fixed = await runCommand('up', p);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(fixed.stdout, /1 created/);
  await withClients(open, async (c) => assert.deepEqual(await existing(c, p), ALL));
}

export async function statusReportsLake(p: Pipeline, open: Open): Promise<void> {
  await withClients(open, async (c) => {
    for (const key of ['events/year=2026/month=11/day=24/hour=23/a.parquet', 'events/year=2026/month=11/day=25/hour=07/b.parquet']) {
      await c.s3.send(new PutObjectCommand({ Bucket: p.bucket.name, Key: key, Body: 'PAR1-not-really' }));
    }
  });
  const json = await runCommand('status', p, {}, 'json');
  assert.equal(json.code, 0, json.stderr);
  const st = JSON.parse(json.stdout);
  assert.equal(st.resources.length, 7);
  assert.ok(st.resources.every((r: { state: string }) => ['ACTIVE', 'ENABLED', 'exists'].includes(r.state)), json.stdout);
  assert.equal(st.lake.objects, 2);
  assert.equal(st.lake.bytes, 2 * 'PAR1-not-really'.length);
  assert.equal(st.lake.newestPartition, 'year=2026/month=11/day=25/hour=07');
  const table = await runCommand('status', p);
  assert.match(table.stdout, /Kinesis stream +clickstream-stream +ACTIVE +arn:aws:kinesis:/);
  const csv = await runCommand('status', p, {}, 'csv');
  assert.match(csv.stdout, /^resource,name,state,arn_or_path,/);
  assert.match(csv.stdout, /\nlake,s3:\/\/.*,exists,.*,2,30,year=2026\/month=11\/day=25\/hour=07,/);
}
