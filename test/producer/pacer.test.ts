import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pacer } from '../../src/producer/pacer.js';

test('pacer: unlimited until the stream throttles, then ~90% of what was accepted, then back up', () => {
  let now = 0;
  const p = new Pacer(Infinity, 500, () => now);
  assert.equal(p.limit, Infinity);
  p.observe(1000, 0);
  now = 500;
  p.observe(1000, 0);
  now = 1000;
  p.observe(0, 2600); // 2,000 accepted over the last second, then 2,600 throttled (57%)
  assert.ok(p.limit > 1500 && p.limit <= 1800, `cut to ${p.limit}`);
  const cut = p.limit;
  now = 1100;
  p.observe(100, 100); // within half a second of the cut: no second cut
  assert.equal(p.limit, cut);
  now = 2500;
  p.observe(200, 0); // a second without throttling: +10%
  assert.ok(Math.abs(p.limit - cut * 1.1) < 1e-6);
});

test('pacer: a minority throttled (30% random faults, slight overshoot) is left to retries', () => {
  let now = 0;
  const p = new Pacer(Infinity, 500, () => now);
  for (let i = 0; i < 20; i++) {
    now += 100;
    p.observe(350, 150);
  }
  assert.equal(p.limit, Infinity);
});

test('pacer: not adaptive (per-shard pacing holds the limits) ignores throttling', () => {
  let now = 0;
  const p = new Pacer(Infinity, 500, () => now, false);
  for (let i = 0; i < 20; i++) {
    now += 100;
    p.observe(0, 500);
  }
  assert.equal(p.limit, Infinity);
});

test('pacer: never above the user rate', () => {
  let now = 0;
  const p = new Pacer(100, 5, () => now);
  assert.equal(p.limit, 100);
  for (let i = 0; i < 50; i++) {
    now += 1500;
    p.observe(10, 0);
  }
  assert.equal(p.limit, 100);
});
