import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs, DEFAULT_RETRY } from '../../src/producer/backoff.js';
import { parseDuration, formatDuration } from '../../src/producer/duration.js';
import { batchRecordsForRate, TokenBucket } from '../../src/producer/rate.js';
import { compareSequence } from '../../src/producer/stats.js';

test('backoff: full jitter under an exponential ceiling capped at capMs', () => {
  const p = { maxRetries: 5, baseMs: 100, capMs: 1000 };
  assert.equal(backoffMs(1, p, () => 0.999999), 199);
  assert.equal(backoffMs(3, p, () => 0.5), 400);
  assert.equal(backoffMs(10, p, () => 0.999999), 999);
  assert.equal(backoffMs(4, p, () => 0), 0);
  assert.ok(DEFAULT_RETRY.maxRetries > 0);
});

test('durations: units and bare seconds', () => {
  assert.equal(parseDuration('90'), 90_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.throws(() => parseDuration('5 minutes'), /invalid --duration/);
  assert.throws(() => parseDuration('0s'), /invalid --duration/);
  assert.equal(formatDuration(65_000), '1:05');
  assert.equal(formatDuration(3_725_000), '1:02:05');
});

test('token bucket: takes wait for tokens at the given rate (virtual clock)', async () => {
  let now = 0;
  const bucket = new TokenBucket(100, 10, () => now);
  assert.equal(await bucket.take(10), true); // initial burst of one batch
  const pending = bucket.take(10);
  // advance the virtual clock while the take sleeps in real time
  const ticker = setInterval(() => (now += 20), 1);
  assert.equal(await pending, true);
  clearInterval(ticker);
  assert.ok(now >= 100, `needed 100 ms of refill at 100/s, clock at ${now}`);
});

test('token bucket: an aborted take returns false', async () => {
  const bucket = new TokenBucket(1, 1, () => 0);
  await bucket.take(1);
  const ac = new AbortController();
  const p = bucket.take(1, ac.signal);
  ac.abort();
  assert.equal(await p, false);
});

test('batch size follows the rate: ~20 batches a second, 1..500', () => {
  assert.equal(batchRecordsForRate(undefined), 500);
  assert.equal(batchRecordsForRate(3000), 150);
  assert.equal(batchRecordsForRate(5), 1);
  assert.equal(batchRecordsForRate(1e6), 500);
});

test('sequence numbers compare numerically', () => {
  assert.ok(compareSequence('100', '99') > 0);
  assert.ok(compareSequence('49590338271490256608559692538361571095921575989136588898', '49590338271490256608559692538361571095921575989136588899') < 0);
  assert.equal(compareSequence('5', '5'), 0);
});
