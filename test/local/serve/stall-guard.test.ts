// The write-side stall guard: it fires when the reader stops taking data (backpressure with nothing
// moving), and not when the source simply has nothing to send for a while (an event stream between events).
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { stallGuard } from '../../../src/local/serve/stall-guard.js';

test('an idle source is not a stall', async () => {
  let stalled = false;
  const guard = stallGuard(100, () => (stalled = true));
  const source = new PassThrough();
  const got: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      got.push(chunk);
      done();
    },
  });
  const done = pipeline(source, guard.meter, sink);
  source.write('first');
  await new Promise((r) => setTimeout(r, 500)); // five idle periods with nothing to send
  source.end('second');
  await done;
  guard.stop();
  assert.equal(stalled, false);
  assert.equal(Buffer.concat(got).toString(), 'firstsecond');
});

test('a reader that takes nothing more is a stall', async () => {
  const keepAlive = setInterval(() => {}, 1000); // the guard's timer is unref'd (it never holds a process open)
  const fired = new Promise<void>((resolve) => {
    const guard = stallGuard(100, () => {
      guard.stop();
      resolve();
    });
    const source = new PassThrough();
    const sink = new Writable({ highWaterMark: 1024, write() {} }); // never calls back: a reader that stopped
    pipeline(source, guard.meter, sink).catch(() => {});
    for (let i = 0; i < 64; i++) source.write(Buffer.alloc(16 * 1024));
  });
  await fired;
  clearInterval(keepAlive);
});
