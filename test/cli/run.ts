// Run the CLI core in-process with captured streams: what a user would see, and the exit code.
import { PassThrough } from 'node:stream';
import { exec } from '../../src/cli/main.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean } = {}): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const stdin = new PassThrough();
  stdin.end();
  const code = await exec(argv, {
    stdout,
    stderr,
    stdin,
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    isTTY: opts.isTTY ?? false,
  });
  return { code, stdout: out, stderr: err };
}
