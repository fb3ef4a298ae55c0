// The lakehouse CLI as a real child process (node + tsx on src/cli/bin.ts), for tests where several
// lakehouse processes share a data directory. `run` waits for the exit; `start` returns at once.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../src/cli/bin.ts');
// By path: `--import tsx` would resolve from the child's cwd, a temp folder without node_modules.
const TSX = path.resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs');

export interface ProcResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Proc {
  child: ChildProcess;
  done: Promise<ProcResult>;
}

/** `stdin: null` leaves the child's stdin open (end it with child.stdin.end()). */
export function startLakehouse(args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string | null }): Proc {
  const child = spawn(process.execPath, ['--import', TSX, BIN, ...args], {
    cwd: o.cwd,
    env: { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...o.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  if (o.stdin !== null) child.stdin!.end(o.stdin ?? '');
  const done = new Promise<ProcResult>((resolve) =>
    child.once('close', (code, signal) => resolve({ code: code ?? (signal === 'SIGINT' ? 130 : 128), stdout, stderr })),
  );
  return { child, done };
}

export function runLakehouse(args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string }): Promise<ProcResult> {
  return startLakehouse(args, o).done;
}
