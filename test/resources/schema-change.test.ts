// Column changes classified for the files already in the lake, and how plan shows them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arnIds } from '../../src/resources/arns.js';
import { estimateCost, renderCost } from '../../src/resources/cost.js';
import { breakingChanges, planUp } from '../../src/resources/plan.js';
import { MODULES, desiredState } from '../../src/resources/registry.js';
import { renderPlan } from '../../src/resources/render.js';
import { classifyColumns } from '../../src/resources/schema-change.js';
import type { Observed, ResourceKind } from '../../src/resources/types.js';
import { APPLY_ORDER } from '../../src/resources/types.js';
import { samplePipeline } from './fixtures.js';

const ids = arnIds('us-east-1', '123456789012');
const replaceOn = Object.fromEntries(APPLY_ORDER.map((k) => [k, MODULES[k].replaceOn])) as Record<ResourceKind, string[]>;
const plain = { green: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s };

describe('schema changes', () => {
  it('added, dropped and widened columns are safe; other type changes and renames break old files', () => {
    const c = classifyColumns(['id bigint', 'n int', 'price float', 'who string', 'x bigint'], ['id string', 'n bigint', 'price double', 'user string', 'x bigint', 'y date']);
    const by = Object.fromEntries(c.map((x) => [x.column, x]));
    assert.equal(by.id!.change, 'retyped');
    assert.equal(by.id!.safe, false);
    assert.match(by.id!.reason, /HIVE_BAD_DATA/);
    assert.equal(by.n!.safe, true);
    assert.equal(by.price!.safe, true);
    assert.equal(by.user!.change, 'renamed');
    assert.equal(by.user!.from, 'who');
    assert.equal(by.user!.safe, false);
    assert.equal(by.y!.change, 'added');
    assert.equal(by.y!.safe, true);
    assert.deepEqual(classifyColumns(['a int', 'b int'], ['a int']).map((x) => [x.change, x.safe]), [['dropped', true]]);
    assert.equal(classifyColumns(['a bigint'], ['a int'])[0]!.safe, false);
  });

  it('plan marks a bigint → string column as breaking, with the reason', () => {
    const before = desiredState(samplePipeline(), ids);
    const observed = Object.fromEntries(
      APPLY_ORDER.map((k) => [k, { kind: k, name: before[k].name, exists: true, owned: true, props: structuredClone(before[k].props) }]),
    ) as Record<ResourceKind, Observed>;
    const p = samplePipeline();
    const f = p.fields.find((x) => x.type === 'bigint') ?? p.fields[0]!;
    const was = f.type;
    f.type = was === 'string' ? 'bigint' : 'string';
    const plan = planUp({ pipeline: p.name, desired: desiredState(p, ids), observed, replaceOn });
    assert.equal(breakingChanges(plan).length, 1);
    assert.match(renderPlan(plain, plan), new RegExp(`columns: ${f.name}: ${was} → ${f.type} \\(BREAKING: `));
  });
});

describe('cost estimate', () => {
  it('prices shards by the hour and volume by the GB, from the dated table', () => {
    const p = samplePipeline();
    p.stream.mode = 'provisioned';
    p.stream.shards = 2;
    const c = estimateCost(p, 100);
    assert.equal(c.pricesDate, '2026-12-01');
    assert.ok(Math.abs(c.lines[0]!.usd - 2 * 0.015 * 730) < 1e-9);
    assert.ok(c.lines.some((l) => l.item === 'Firehose Parquet conversion' && Math.abs(l.usd - 1.8) < 1e-9));
    assert.match(renderCost(plain, c), /Estimated cost: ~\$\d+\.\d\d\/month at 100 GB/);
    p.stream.mode = 'on_demand';
    assert.match(estimateCost(p).lines[0]!.item, /on-demand/);
  });
});
