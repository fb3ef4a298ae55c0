import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { OutputClosed, streamWriter } from '../../src/query/output.js';

test('a reader that closes the pipe early (| head) ends the output without an unhandled EPIPE', async () => {
  // A real pipe into `head -c 10`, which exits after ten bytes.
  const head = spawn('head', ['-c', '10'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const write = streamWriter(head.stdin);
  const exited = once(head, 'exit');
  const line = 'x'.repeat(1000) + '\n';
  let err: unknown;
  try {
    for (let i = 0; i < 100_000; i++) {
      await write(line);
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
  } catch (e) {
    err = e;
  }
  await exited;
  assert.ok(err instanceof OutputClosed, `expected OutputClosed, got ${String(err)}`);
});
