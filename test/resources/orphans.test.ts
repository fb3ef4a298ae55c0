// Ownership by tag in the pure plan step: resources carrying our mark that the spec no longer names are a
// rename (the only one of its kind while the spec's is to be created) or a deletion; down deletes them all.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arnIds } from '../../src/resources/arns.js';
import { planDown, planUp } from '../../src/resources/plan.js';
import { MODULES, desiredState } from '../../src/resources/registry.js';
import { renderPlan, summaryLine } from '../../src/resources/render.js';
import type { Desired, Observed, ResourceKind } from '../../src/resources/types.js';
import { APPLY_ORDER } from '../../src/resources/types.js';
import { samplePipeline } from './fixtures.js';

const ids = arnIds('us-east-1', '123456789012');
const replaceOn = Object.fromEntries(APPLY_ORDER.map((k) => [k, MODULES[k].replaceOn])) as Record<ResourceKind, string[]>;
const plain = { green: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s };

function observedAsDesired(desired: Record<ResourceKind, Desired>): Record<ResourceKind, Observed> {
  return Object.fromEntries(
    APPLY_ORDER.map((k) => [k, { kind: k, name: desired[k].name, exists: true, owned: true, arn: desired[k].arn, props: structuredClone(desired[k].props) }]),
  ) as Record<ResourceKind, Observed>;
}
const ours = (kind: ResourceKind, name: string): Observed => ({ kind, name, exists: true, owned: true, props: {} });

describe('orphans (ours by tag, not in the spec)', () => {
  it('a renamed table plans as a replace of the old name, not a create that leaves the old one behind', () => {
    const desired = desiredState(samplePipeline(), ids);
    const observed = observedAsDesired(desired);
    observed.table = { kind: 'table', name: desired.table.name, exists: false, owned: false, props: {} };
    const plan = planUp({ pipeline: 'clickstream', desired, observed, replaceOn, orphans: [ours('table', 'lakehouse.events_old')] });
    const table = plan.actions.find((a) => a.kind === 'table')!;
    assert.equal(table.action, 'replace');
    assert.equal(table.replaces, 'lakehouse.events_old');
    assert.equal(plan.actions.length, 7);
    assert.match(renderPlan(plain, plan), /-\/\+ Glue table .*renamed from lakehouse\.events_old/);
  });

  it('a renamed stream replaces the delivery stream too (Firehose cannot switch sources)', () => {
    const desired = desiredState(samplePipeline(), ids);
    const observed = observedAsDesired(desired);
    observed.stream = { kind: 'stream', name: desired.stream.name, exists: false, owned: false, props: {} };
    const plan = planUp({ pipeline: 'clickstream', desired, observed, replaceOn, orphans: [ours('stream', 'old-stream')] });
    assert.equal(plan.actions.find((a) => a.kind === 'stream')!.action, 'replace');
    assert.equal(plan.actions.find((a) => a.kind === 'delivery')!.action, 'replace');
  });

  it('other orphans are deletions (-), dependents first, counted in the summary', () => {
    const desired = desiredState(samplePipeline(), ids);
    const orphans = [ours('bucket', 'old-bucket'), ours('table', 'lakehouse.a'), ours('table', 'lakehouse.b'), ours('workgroup', 'old-wg')];
    const plan = planUp({ pipeline: 'clickstream', desired, observed: observedAsDesired(desired), replaceOn, orphans });
    const deletes = plan.actions.filter((a) => a.action === 'delete');
    assert.deepEqual(deletes.map((a) => `${a.kind}:${a.name}`), ['workgroup:old-wg', 'table:lakehouse.a', 'table:lakehouse.b', 'bucket:old-bucket']);
    assert.equal(summaryLine(plan), 'Plan: 0 to create, 0 to update, 0 to replace, 4 to delete, 7 unchanged.');
    assert.match(renderPlan(plain, plan), /- {3}S3 bucket old-bucket \(ours \(lakehouse:pipeline\), no longer in the spec\)/);
  });

  it('down deletes the spec’s resources and every orphan, dependents first', () => {
    const desired = desiredState(samplePipeline(), ids);
    const plan = planDown('clickstream', observedAsDesired(desired), false, [ours('table', 'lakehouse.events_old'), ours('stream', 'old-stream')]);
    const names = plan.actions.map((a) => `${a.action} ${a.kind}:${a.name}`);
    assert.equal(plan.summary.delete, 9);
    assert.ok(names.indexOf('delete table:lakehouse.events_old') < names.indexOf(`delete database:${desired.database.name}`));
    assert.ok(names.includes('delete stream:old-stream'));
  });
});

describe('a renamed bucket', () => {
  it('is a replace of the old bucket, and the table says its old objects go with it', () => {
    const before = desiredState(samplePipeline(), ids);
    const p = samplePipeline();
    p.bucket.name = 'new-lake';
    p.table.location = 's3://new-lake/events/';
    const desired = desiredState(p, ids);
    const observed = observedAsDesired(before);
    observed.bucket = { kind: 'bucket', name: 'new-lake', exists: false, owned: false, props: {} };
    const plan = planUp({ pipeline: p.name, desired, observed, replaceOn, orphans: [ours('bucket', before.bucket.name)] });
    const bucket = plan.actions.find((a) => a.kind === 'bucket')!;
    assert.equal(bucket.action, 'replace');
    assert.equal(bucket.replaces, before.bucket.name);
    assert.match(plan.actions.find((a) => a.kind === 'table')!.note ?? '', new RegExp(`are deleted with bucket ${before.bucket.name}`));
  });
});
