// `lakehouse serve` as a child process for the metrics and console tests (so it can be killed with -9),
// and the other real clients (boto3, the AWS CLI) run without blocking this process's event loop.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/bin.ts');

export interface ServeProc {
  child: ChildProcess;
  endpoint: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export function spawnServe(dataDir: string, env: Record<string, string> = {}): ServeProc {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  const endpoint = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /endpoint is (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
  endpoint.catch(() => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, endpoint, exited, output: () => out };
}

const CLIENT_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

/** A real client process (python3 with boto3, /usr/bin/aws): stdout, asynchronously. */
export async function runClient(bin: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(bin, args, { env: { ...process.env, ...CLIENT_ENV }, timeout: 60_000 });
  return stdout;
}
