// The pure plan step on hand-written desired/observed states: no AWS, no emulator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arnIds } from '../../src/resources/arns.js';
import { planDown, planUp } from '../../src/resources/plan.js';
import { MODULES, desiredState } from '../../src/resources/registry.js';
import { planCsv, renderPlan, summaryLine } from '../../src/resources/render.js';
import type { Desired, Observed, ResourceKind } from '../../src/resources/types.js';
import { APPLY_ORDER } from '../../src/resources/types.js';
import { samplePipeline } from './fixtures.js';

const ids = arnIds('us-east-1', '123456789012');
const replaceOn = Object.fromEntries(APPLY_ORDER.map((k) => [k, MODULES[k].replaceOn])) as Record<ResourceKind, string[]>;
const plain = { green: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s };

/** Observed state equal to what we want: as if `up` had just run. */
function observedAsDesired(desired: Record<ResourceKind, Desired>): Record<ResourceKind, Observed> {
  return Object.fromEntries(
    APPLY_ORDER.map((k) => [k, { kind: k, name: desired[k].name, exists: true, owned: true, arn: desired[k].arn, props: structuredClone(desired[k].props) }]),
  ) as Record<ResourceKind, Observed>;
}

function nothing(desired: Record<ResourceKind, Desired>): Record<ResourceKind, Observed> {
  return Object.fromEntries(APPLY_ORDER.map((k) => [k, { kind: k, name: desired[k].name, exists: false, owned: false, props: {} }])) as Record<
    ResourceKind,
    Observed
  >;
}

describe('planUp', () => {
  it('creates everything, in dependency order, when nothing exists', () => {
    const desired = desiredState(samplePipeline(), ids);
    const plan = planUp({ pipeline: 'clickstream', desired, observed: nothing(desired), replaceOn });
    assert.deepEqual(plan.actions.map((a) => a.kind), ['role', 'bucket', 'database', 'table', 'stream', 'workgroup', 'delivery']);
    assert.ok(plan.actions.every((a) => a.action === 'create'));
    assert.equal(summaryLine(plan), 'Plan: 7 to create, 0 to update, 0 to replace, 0 unchanged.');
    assert.match(renderPlan(plain, plan), /\+ {3}Kinesis stream clickstream-stream/);
  });

  it('is all unchanged when reality matches the spec', () => {
    const desired = desiredState(samplePipeline(), ids);
    const plan = planUp({ pipeline: 'clickstream', desired, observed: observedAsDesired(desired), replaceOn });
    assert.equal(plan.summary.noop, 7);
    assert.ok(plan.actions.every((a) => a.diffs.length === 0));
  });

  it('updates retention, buffering, columns and the scan cutoff in place, with field diffs', () => {
    const before = desiredState(samplePipeline(), ids);
    const p = samplePipeline();
    p.stream.retentionHours = 48;
    p.delivery.bufferIntervalS = 10;
    p.fields.push({ name: 'phone', type: 'bigint', gen: { kind: 'uuid' } });
    p.athena.scanLimitBytes = 20_000_000;
    const plan = planUp({ pipeline: p.name, desired: desiredState(p, ids), observed: observedAsDesired(before), replaceOn });
    const by = Object.fromEntries(plan.actions.map((a) => [a.kind, a]));
    assert.equal(by.stream!.action, 'update');
    assert.deepEqual(by.stream!.diffs.map((d) => [d.field, d.from, d.to]), [['retentionHours', 24, 48]]);
    assert.equal(by.delivery!.action, 'update');
    assert.equal(by.table!.action, 'update');
    assert.equal(by.workgroup!.action, 'update');
    assert.equal(by.role!.action, 'noop');
    const text = renderPlan(plain, plan);
    assert.match(text, /retentionHours: 24 → 48/);
    assert.match(text, /buffering\.intervalS: 60 → 10/);
    assert.match(text, /columns: \+ phone bigint/);
    assert.match(text, /bytesScannedCutoff: 1073741824 → 20000000/);
    assert.equal(summaryLine(plan), 'Plan: 0 to create, 4 to update, 0 to replace, 3 unchanged.');
  });

  it('updates the stream mode in place (UpdateStreamMode); the delivery stream is left alone', () => {
    const before = desiredState(samplePipeline(), ids);
    const p = samplePipeline();
    p.stream.mode = 'on_demand';
    const plan = planUp({ pipeline: p.name, desired: desiredState(p, ids), observed: observedAsDesired(before), replaceOn });
    const by = Object.fromEntries(plan.actions.map((a) => [a.kind, a]));
    assert.equal(by.stream!.action, 'update');
    assert.deepEqual(by.stream!.diffs.map((d) => [d.field, d.from, d.to, d.forcesReplace]), [
      ['mode', 'PROVISIONED', 'ON_DEMAND', false],
      ['shards', 1, null, false],
    ]);
    assert.equal(by.delivery!.action, 'noop');
    assert.match(renderPlan(plain, plan), /~ {3}Kinesis stream clickstream-stream\n/);
    assert.equal(summaryLine(plan), 'Plan: 0 to create, 1 to update, 0 to replace, 6 unchanged.');
  });

  it('a replaced stream replaces the delivery stream reading it (Firehose cannot switch source streams)', () => {
    // No stream field forces a replace today; the rule is exercised with one that would.
    const before = desiredState(samplePipeline(), ids);
    const p = samplePipeline();
    p.stream.mode = 'on_demand';
    const plan = planUp({ pipeline: p.name, desired: desiredState(p, ids), observed: observedAsDesired(before), replaceOn: { ...replaceOn, stream: ['mode'] } });
    const by = Object.fromEntries(plan.actions.map((a) => [a.kind, a]));
    assert.equal(by.stream!.action, 'replace');
    assert.equal(by.delivery!.action, 'replace');
    assert.match(renderPlan(plain, plan), /-\/\+ Kinesis stream clickstream-stream \(mode forces replacement\)/);
    assert.match(renderPlan(plain, plan), /-\/\+ Firehose delivery stream \S+ \(must be replaced; its source stream is replaced\)/);
  });

  it('plans nothing but the table and the delivery stream as a replace: the stream changes in place', () => {
    assert.deepEqual(
      APPLY_ORDER.filter((k) => MODULES[k].replaceOn.length).map((k) => [k, MODULES[k].replaceOn]),
      [['table', ['partitionKeys', 'tableType', 'schema', 'identifierFields', 'partitionSpec']], ['delivery', ['type', 'sourceStreamArn', 'dynamicPartitioning', 'destination']]],
    );
  });

  it('replaces the table when its partitions change', () => {
    const before = desiredState(samplePipeline(), ids);
    const p = samplePipeline();
    p.table.partitions = p.table.partitions.slice(0, 3);
    const plan = planUp({ pipeline: p.name, desired: desiredState(p, ids), observed: observedAsDesired(before), replaceOn });
    assert.equal(plan.actions.find((a) => a.kind === 'table')!.action, 'replace');
  });

  it('refuses a same-named resource that is not ours, but shares a foreign Glue database', () => {
    const desired = desiredState(samplePipeline(), ids);
    const observed = nothing(desired);
    observed.bucket = { kind: 'bucket', name: desired.bucket.name, exists: true, owned: false, props: {} };
    observed.database = { kind: 'database', name: 'lakehouse', exists: true, owned: false, props: { parameters: {} } };
    const plan = planUp({ pipeline: 'clickstream', desired, observed, replaceOn });
    const by = Object.fromEntries(plan.actions.map((a) => [a.kind, a]));
    assert.equal(by.bucket!.action, 'refuse');
    assert.equal(by.database!.action, 'noop');
    assert.match(renderPlan(plain, plan), /! {3}S3 bucket clickstream-lake-000000000000 \(exists but is not ours/);
  });
});

describe('planCsv', () => {
  it('one row per resource: action, resource, name, the changes (one cell) and the note', () => {
    const before = desiredState(samplePipeline(), ids);
    const p = samplePipeline();
    p.stream.retentionHours = 48;
    p.table.partitions = p.table.partitions.slice(0, 3);
    const plan = planUp({ pipeline: p.name, desired: desiredState(p, ids), observed: observedAsDesired(before), replaceOn });
    const lines = planCsv(plan).split('\n');
    assert.equal(lines[0], 'action,resource,name,changes,note');
    assert.equal(lines.length, 1 + 7 + 1, 'header, 7 rows, final newline');
    assert.equal(lines[8], '');
    assert.equal(lines[1], 'noop,IAM role,clickstream-firehose,,');
    // Quoted: the cell holds commas ("0,23") and quotes (doubled).
    assert.match(lines[4]!, /^replace,Glue table,lakehouse\.events,"partitionKeys: - hour int \(forces replacement\); parameters\.projection\.hour\.digits: ""2"" → \(none\); parameters\.projection\.hour\.range: ""0,23"" → \(none\); .*",$/);
    assert.equal(lines[5], 'update,Kinesis stream,clickstream-stream,retentionHours: 24 → 48,');
    assert.equal(lines[6], 'noop,Athena workgroup,clickstream,,');
  });

  it('notes go in the last cell, quoted when they hold a comma', () => {
    const desired = desiredState(samplePipeline(), ids);
    const observed = nothing(desired);
    observed.bucket = { kind: 'bucket', name: desired.bucket.name, exists: true, owned: false, props: {} };
    observed.database = { kind: 'database', name: 'lakehouse', exists: true, owned: false, props: {} };
    const lines = planCsv(planUp({ pipeline: 'clickstream', desired, observed, replaceOn })).split('\n');
    assert.equal(lines[2], 'refuse,S3 bucket,clickstream-lake-000000000000,,exists but is not ours (no lakehouse:pipeline mark for this pipeline)');
    assert.equal(lines[3], 'noop,Glue database,lakehouse,,"exists, not managed by this pipeline (shared)"');
    assert.equal(lines[4], 'create,Glue table,lakehouse.events,,');
  });
});

describe('planDown', () => {
  it('deletes what is ours in dependency order, refuses the rest, keeps data on request', () => {
    const desired = desiredState(samplePipeline(), ids);
    const observed = observedAsDesired(desired);
    observed.workgroup.exists = false;
    observed.stream.owned = false;
    const plan = planDown('clickstream', observed, true);
    assert.deepEqual(
      plan.actions.map((a) => `${a.kind}:${a.action}`),
      ['delivery:delete', 'table:delete', 'database:delete', 'stream:refuse', 'role:delete', 'bucket:noop'],
    );
    assert.equal(summaryLine(plan, 'Destroy'), 'Destroy: 4 to delete, 1 refused (not ours), 1 kept.');
  });
});

describe('diff lines for documents', () => {
  it('a list of objects (a policy’s statements) diffs entry by entry, down to the changed value', async () => {
    const { diffLines } = await import('../../src/resources/render.js');
    const from = { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['kinesis:GetRecords'], Resource: 'arn:aws:kinesis:us-east-1:1:stream/s' },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::old', 'arn:aws:s3:::old/*'] },
    ] };
    const to = { Version: '2012-10-17', Statement: [
      from.Statement[0]!,
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::new', 'arn:aws:s3:::new/*'] },
    ] };
    assert.deepEqual(diffLines('policy', from, to), [
      'policy.Statement[1].Resource: - arn:aws:s3:::old',
      'policy.Statement[1].Resource: - arn:aws:s3:::old/*',
      'policy.Statement[1].Resource: + arn:aws:s3:::new',
      'policy.Statement[1].Resource: + arn:aws:s3:::new/*',
    ]);
    // Lists of different lengths stay one line.
    assert.deepEqual(diffLines('x', [{ a: 1 }], [{ a: 1 }, { a: 2 }]), ['x: [{"a":1}] → [{"a":1},{"a":2}]']);
  });
});

describe('planUp: moving the lake', () => {
  it('a new table location says the objects at the old one are no longer read and stay where they are', () => {
    const before = desiredState(samplePipeline(), ids);
    const p = samplePipeline();
    p.bucket.name = 'another-lake';
    p.table.location = 's3://another-lake/events/';
    const plan = planUp({ pipeline: p.name, desired: desiredState(p, ids), observed: observedAsDesired(before), replaceOn });
    const table = plan.actions.find((a) => a.kind === 'table')!;
    const old = String(before.table.props.location);
    assert.equal(table.note, `the objects under ${old} stay there: no longer queried, and not deleted by down`);
    assert.match(renderPlan(plain, plan), new RegExp(`Glue table .*\\(the objects under ${old.replace(/[/.]/g, '\\$&')} stay there`));
  });
});
