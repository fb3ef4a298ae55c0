// The terminal chart of `status --watch`, values in and lines out: y axis labels (peak, 0), bars scaled to
// the peak in eighths, gaps where CloudWatch has no point, an x axis with UTC time labels, compact numbers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compact, renderPanel } from '../../src/cli/status-watch/chart.js';

const start = Date.UTC(2026, 11, 2, 10, 0);

test('a panel: title, unit, latest/peak/total, bars scaled to the peak, axes and time labels', () => {
  const values = Array.from({ length: 30 }, (_, i) => (i === 10 ? null : i === 29 ? 800 : i * 10));
  const lines = renderPanel({ id: 'x', title: 'Records in', unit: 'records/min', stat: 'Sum', values }, 80, { startMs: start, periodMs: 60_000, height: 2 });
  assert.equal(lines[0], 'Records in records/min  now 800  peak 800  total 4.8k');
  assert.match(lines[1]!, /^ {2}800 ┤ +█$/, 'top row: only the peak reaches it');
  assert.match(lines[2]!, /^ {4}0 ┤ ▁.*█$/, 'bottom row: every positive value at least an eighth');
  assert.equal(lines[2]![7 + 10], '·', 'no data point: a dot on the base line');
  assert.equal(lines[3], `      └${'─'.repeat(30)}`);
  assert.match(lines[4]!, /^ {7}10:00 .*10:15 .*10:29 UTC$/);
});

test('an all-zero panel has no peak label; a Maximum panel has no total', () => {
  const lines = renderPanel({ id: 'a', title: 'Age', unit: 'ms', stat: 'Maximum', values: [0, 0, 0] }, 80, { startMs: start, periodMs: 60_000, height: 2, axis: false });
  assert.equal(lines[0], 'Age ms  now 0  peak 0');
  assert.equal(lines.length, 3, 'no x axis when asked not to draw it');
  assert.match(lines[1]!, /^ {5} ┤/);
});

test('compact numbers', () => {
  assert.deepEqual([compact(0), compact(12), compact(1.44), compact(1234), compact(2_500_000), compact(999)], ['0', '12', '1.4', '1.2k', '2.5M', '999']);
});
