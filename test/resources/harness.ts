// Drives plan/up/down/status the way the CLI core does: a CommandContext over real SDK clients
// (local in-process emulator, or provider aws at an endpoint), LakehouseErrors turned into exit codes.
import { PassThrough, Readable } from 'node:stream';
import { openClients } from '../../src/aws/clients.js';
import type { CommandContext, CommandDef, OutputFormat, Ui } from '../../src/cli/command.js';
import down from '../../src/cli/commands/down.js';
import plan from '../../src/cli/commands/plan.js';
import status from '../../src/cli/commands/status.js';
import up from '../../src/cli/commands/up.js';
import type { Pipeline } from '../../src/config/types.js';
import { LakehouseError, NotConfirmedError } from '../../src/errors.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const COMMANDS: Record<string, CommandDef> = { plan, up, down, status };

function plainUi(stderr: PassThrough): Ui {
  return {
    color: false,
    info: (m) => void stderr.write(`${m}\n`),
    warn: (m) => void stderr.write(`${m}\n`),
    bold: (s) => s,
    dim: (s) => s,
    green: (s) => s,
    red: (s) => s,
    yellow: (s) => s,
    step: (label, work) => {
      stderr.write(`… ${label}\n`);
      return work();
    },
    // Not a terminal: what the real Ui does without a TTY.
    confirm: async (q) => {
      throw new NotConfirmedError(`${q} (not a terminal: pass --yes)`);
    },
  };
}

export async function runCommand(
  name: 'plan' | 'up' | 'down' | 'status',
  pipeline: Pipeline,
  args: Record<string, unknown> = {},
  output: OutputFormat = 'table',
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b) => out.push(b));
  stderr.on('data', (b) => err.push(b));
  const ctx: CommandContext = {
    io: { stdout, stderr, stdin: Readable.from(['']), env: {}, cwd: process.cwd(), isTTY: false },
    args: { config: pipeline.sourceFile, output, color: false, debug: false, ...args },
    ui: plainUi(stderr),
    loadPipeline: async () => pipeline,
    openClients: (p) =>
      p.provider === 'local'
        ? openClients({ provider: 'local', region: p.region, dataDir: p.local.dataDir, faults: (args.faults as string) ?? '' })
        : openClients({ provider: 'aws', region: p.region, endpointUrl: p.aws.endpointUrl }),
    signal: new AbortController().signal,
  };
  let code: number;
  try {
    code = await COMMANDS[name]!.run(ctx);
  } catch (e) {
    if (!(e instanceof LakehouseError)) throw e;
    stderr.write(`${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
    code = e.exitCode;
  }
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
