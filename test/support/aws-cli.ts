// The AWS CLI v2 for tests (Debian's /usr/bin/aws, else an `aws` v2 on PATH), or undefined so they skip. When
// the CLI is a Python script, commands run through its own entry point in a few long-lived Python processes
// (aws_batch.py): each parses, signs, sends and prints as a new `aws` would, without a ~1 s Python start each.
import { execFile, execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AwsCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function findAwsV2(): string | undefined {
  for (const candidate of ['/usr/bin/aws', 'aws']) {
    try {
      const v = execFileSync(candidate, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (v.startsWith('aws-cli/2.')) return candidate;
    } catch {
      /* not there */
    }
  }
  return undefined;
}

export const AWS_CLI = findAwsV2();

/** The Python of the CLI's `#!` line, if it is a Python script. */
function pythonOf(cli: string): string | undefined {
  try {
    const file = cli.includes('/') ? cli : execFileSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).trim();
    return /^#!(\S*python\S*)/.exec(fs.readFileSync(file, 'latin1').slice(0, 200))?.[1];
  } catch {
    return undefined;
  }
}

const PYTHON = AWS_CLI ? pythonOf(AWS_CLI) : undefined;
const BATCH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'aws_batch.py');

/** One Python process running CLI commands one after another; answers come in order. */
class CliProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: Array<(r: AwsCliResult) => void> = [];
  private buffered = '';

  constructor(readonly key: string, env: NodeJS.ProcessEnv, cwd: string | undefined) {
    this.child = spawn(PYTHON!, [BATCH], { env, cwd });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (text: string) => {
      this.buffered += text;
      for (let nl = this.buffered.indexOf('\n'); nl >= 0; nl = this.buffered.indexOf('\n')) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.waiting.shift()!(JSON.parse(line) as AwsCliResult);
      }
    });
    let stderr = '';
    this.child.stderr.on('data', (b) => (stderr += b));
    this.child.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w({ code: code ?? 1, stdout: '', stderr: `aws_batch.py exited: ${stderr}` });
    });
  }

  run(args: string[], timeoutMs: number): Promise<AwsCliResult> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill(), timeoutMs);
      this.waiting.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.stdin.write(JSON.stringify(args) + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** An environment for the CLI (or anything using AWS's credential chain) that reads nothing of the machine's:
 *  test keys, us-east-1, no pager, and config/credentials files under `home` that do not exist. */
export function isolatedCliEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: path.join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
  };
}

const idle: CliProcess[] = [];
const started: CliProcess[] = [];

/** `aws <args>` with exactly `env` (and `cwd`); concurrent calls each get a process of their own. */
export function awsCli(args: string[], o: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<AwsCliResult> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  if (!PYTHON) {
    // A CLI that is not a Python script (the bundled installer's): one process per command.
    return new Promise((resolve) =>
      execFile(AWS_CLI!, args, { env: o.env, cwd: o.cwd, timeout: timeoutMs }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
  }
  const key = JSON.stringify([o.env, o.cwd]);
  const at = idle.findIndex((p) => p.key === key);
  const p = at >= 0 ? idle.splice(at, 1)[0]! : started[started.push(new CliProcess(key, o.env, o.cwd)) - 1]!;
  return p.run(args, timeoutMs).finally(() => idle.push(p));
}

/** Ends the Python processes (call when the file's CLI tests are done). */
export function closeAwsCli(): void {
  for (const p of started.splice(0)) p.close();
  idle.length = 0;
}
