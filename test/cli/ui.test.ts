// The Ui commands get: colors, steps, confirmations.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { Io } from '../../src/cli/command.js';
import { createUi, wantsColor } from '../../src/cli/ui.js';
import { ExitCode, NotConfirmedError } from '../../src/errors.js';

function io(opts: { tty?: boolean; env?: NodeJS.ProcessEnv; stdinTTY?: boolean } = {}): Io & { err(): string } {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (d) => (text += d));
  const stdin = Object.assign(new PassThrough(), { isTTY: opts.stdinTTY });
  return {
    stdout: new PassThrough(), stderr, stdin, env: opts.env ?? {}, cwd: '/', isTTY: opts.tty ?? false, err: () => text,
  };
}

test('colors only on a terminal, without NO_COLOR and without --no-color', () => {
  assert.equal(wantsColor(io({ tty: true }), true), true);
  assert.equal(wantsColor(io({ tty: true }), false), false);
  assert.equal(wantsColor(io({ tty: true, env: { NO_COLOR: '1' } }), true), false);
  assert.equal(wantsColor(io({ tty: false }), true), false);
  assert.equal(createUi(io(), { color: false }).red('x'), 'x');
  assert.equal(createUi(io(), { color: true }).red('x'), '\x1b[31mx\x1b[39m');
});

test('step prints plain start/finish lines when stderr is not a terminal, and passes results and errors', async () => {
  const i = io();
  const ui = createUi(i, { color: false });
  assert.equal(await ui.step('creating stream', async () => 42), 42);
  await assert.rejects(ui.step('creating bucket', async () => { throw new Error('nope'); }), /nope/);
  const lines = i.err().trim().split('\n');
  assert.equal(lines[0], 'creating stream…');
  assert.match(lines[1], /^creating stream: done in \d+\.\ds$/);
  assert.equal(lines[2], 'creating bucket…');
  assert.match(lines[3], /^creating bucket: failed after \d+\.\ds$/);
});

test('confirm: --yes answers yes; no terminal → NotConfirmedError (exit 5) with a hint', async () => {
  assert.equal(await createUi(io(), { color: false, yes: true }).confirm('Delete everything?'), true);
  await assert.rejects(createUi(io(), { color: false }).confirm('Delete everything?'), (e) =>
    e instanceof NotConfirmedError && e.exitCode === ExitCode.notConfirmed && /--yes/.test(e.hint ?? '') &&
    e.message === 'confirmation needed, and there is no terminal to ask: Delete everything?');
});

test('confirm on a terminal reads the answer', async () => {
  for (const [answer, expected] of [['y\n', true], ['yes\n', true], ['\n', false], ['n\n', false]] as const) {
    const i = io({ stdinTTY: true });
    const ui = createUi(i, { color: false });
    const pending = ui.confirm('Delete?');
    (i.stdin as PassThrough).write(answer);
    assert.equal(await pending, expected);
  }
});
