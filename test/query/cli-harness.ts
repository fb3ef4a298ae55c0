// Runs the query command the way the CLI core does — a CommandContext over real SDK clients on the
// pipeline's data directory, thrown LakehouseErrors turned into exit codes — with stdout/stderr captured.
import { PassThrough, Readable } from 'node:stream';
import { openClients, type Clients } from '../../src/aws/clients.js';
import queryCommand from '../../src/cli/commands/query.js';
import type { CommandContext, OutputFormat, Ui } from '../../src/cli/command.js';
import type { Pipeline } from '../../src/config/types.js';
import { LakehouseError } from '../../src/errors.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const ui = (stderr: PassThrough): Ui => ({
  color: false,
  info: (m) => void stderr.write(m + '\n'),
  warn: (m) => void stderr.write(m + '\n'),
  bold: (s) => s,
  dim: (s) => s,
  green: (s) => s,
  red: (s) => s,
  yellow: (s) => s,
  step: (_label, work) => work(),
  confirm: async () => false,
});

export async function runQueryCli(
  pipeline: Pipeline,
  args: Record<string, unknown>,
  opts: { output?: OutputFormat; stdin?: string; isTTY?: boolean; signal?: AbortSignal; onClients?: (c: Clients) => void } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b) => out.push(b));
  stderr.on('data', (b) => err.push(b));
  const ctx: CommandContext = {
    io: { stdout, stderr, stdin: Readable.from([opts.stdin ?? '']), env: {}, cwd: process.cwd(), isTTY: opts.isTTY ?? false },
    args: { config: pipeline.sourceFile, output: opts.output ?? 'table', color: false, debug: false, ...args },
    ui: ui(stderr),
    loadPipeline: async () => pipeline,
    openClients: async (p) => {
      const c = await openClients({
        provider: p.provider,
        region: p.region,
        dataDir: p.local.dataDir,
        endpointUrl: p.aws.endpointUrl,
        ...(p.provider === 'local' ? { faults: '' } : {}),
      });
      opts.onClients?.(c);
      return c;
    },
    signal: opts.signal ?? new AbortController().signal,
  };
  let code: number;
  try {
    code = await queryCommand.run(ctx);
  } catch (e) {
    if (!(e instanceof LakehouseError)) throw e;
    stderr.write(`${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
    code = e.exitCode;
  }
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
