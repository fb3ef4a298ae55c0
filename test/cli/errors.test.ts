// How failures map to output and exit codes, and how Ctrl-C reaches a command.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { Io } from '../../src/cli/command.js';
import { onInterrupt } from '../../src/cli/interrupt.js';
import { reportError } from '../../src/cli/report.js';
import { createUi } from '../../src/cli/ui.js';
import { AwsCallError, ExitCode, OwnershipError, SpecError } from '../../src/errors.js';

function capture(): { io: Io; err(): string } {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (d) => (text += d));
  return { io: { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, cwd: '/', isTTY: false }, err: () => text };
}

const plain = { red: (s: string) => s, dim: (s: string) => s, debug: false };

test('a LakehouseError prints its message and hint and exits with its code', () => {
  const c = capture();
  assert.equal(reportError(c.io, new AwsCallError('CreateStream failed: LimitExceededException', 'LimitExceededException', 'ask for more shards'), plain), ExitCode.aws);
  assert.equal(c.err(), 'error: CreateStream failed: LimitExceededException\nhint: ask for more shards\n');
  const o = capture();
  assert.equal(reportError(o.io, new OwnershipError('bucket x is not ours'), plain), 4);
});

test('anything else is an internal error (exit 1), the stack only with --debug', () => {
  const c = capture();
  assert.equal(reportError(c.io, new TypeError('x is undefined'), plain), ExitCode.internal);
  assert.match(c.err(), /^internal error: x is undefined\n.*--debug/);
  assert.doesNotMatch(c.err(), /at .*:\d+:\d+/);
  const d = capture();
  reportError(d.io, new TypeError('x is undefined'), { ...plain, debug: true });
  assert.match(d.err(), /TypeError: x is undefined\n\s+at /);
});

test('spec problems print one per line and a count', () => {
  const c = capture();
  const e = new SpecError([
    { file: 'config.yaml', line: 3, col: 5, path: 'stream.shards', message: 'stream.shards must be >= 1, got 0' },
    { file: 'config.yaml', line: 9, col: 7, path: 'name', message: 'name is too long' },
  ]);
  assert.equal(reportError(c.io, e, plain), 2);
  assert.equal(c.err(), 'config.yaml:3:5 stream.shards must be >= 1, got 0\nconfig.yaml:9:7 name is too long\n2 problems in config.yaml\n');
});

test('the first Ctrl-C aborts the command signal and warns; dispose removes the handler', () => {
  const c = capture();
  const before = process.listenerCount('SIGINT');
  const i = onInterrupt(createUi(c.io, { color: false }));
  assert.equal(process.listenerCount('SIGINT'), before + 1);
  process.emit('SIGINT');
  assert.equal(i.signal.aborted, true);
  assert.match(c.err(), /stopping… \(press Ctrl-C again to quit at once\)/);
  i.dispose();
  assert.equal(process.listenerCount('SIGINT'), before);
});
