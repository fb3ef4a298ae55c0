// Running the CLI in-process with captured streams: the whole CLI core (`runCli`, argv through exec) or one
// command module on a given Pipeline (`runCommand`, the way the core calls it: a CommandContext over real
// SDK clients on the local emulator, LakehouseErrors turned into exit codes).
import { PassThrough, Readable } from 'node:stream';
import { openClients, type Clients } from '../../src/aws/clients.js';
import type { CommandContext, CommandDef, Io, OutputFormat, Ui } from '../../src/cli/command.js';
import { exec } from '../../src/cli/main.js';
import type { Pipeline } from '../../src/config/types.js';
import { LakehouseError } from '../../src/errors.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface IoOptions {
  /** Text the command reads from stdin (default none). */
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Default false: not a terminal, so confirmations fail fast instead of waiting for an answer. */
  isTTY?: boolean;
}

/** An Io whose stdout and stderr are collected; `result(code)` gives them back as text. */
export function captureIo(o: IoOptions = {}): { io: Io; stderr: PassThrough; result(code: number): CliRun } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b) => out.push(b));
  stderr.on('data', (b) => err.push(b));
  const io: Io = { stdout, stderr, stdin: Readable.from([o.stdin ?? '']), env: o.env ?? {}, cwd: o.cwd ?? process.cwd(), isTTY: o.isTTY ?? false };
  return { io, stderr, result: (code) => ({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }) };
}

/** `lakehouse <argv>` through the CLI core (env defaults to empty: no NO_COLOR, no LAKEHOUSE_CONFIG). */
export async function runCli(argv: string[], o: IoOptions = {}): Promise<CliRun> {
  const c = captureIo(o);
  return c.result(await exec(argv, c.io));
}

/** A colourless Ui writing to `stderr`; `confirm` answers every question with `answer`. */
export function plainUi(stderr: PassThrough, o: { answer: boolean; echoSteps: boolean }): Ui {
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
      if (o.echoSteps) stderr.write(`… ${label}\n`);
      return work();
    },
    confirm: async () => o.answer,
  };
}

export interface CommandRunOptions extends IoOptions {
  output?: OutputFormat;
  signal?: AbortSignal;
  /** LAKEHOUSE_FAULTS syntax for the in-process emulator the command opens (provider local). */
  faults?: string;
  /** Sees every client set the command opens. */
  onClients?: (c: Clients) => void;
  /** The Ui's answer to confirmations (default false) and whether it echoes step labels (default false). */
  answer?: boolean;
  echoSteps?: boolean;
}

/** Runs one command module on `pipeline` (its loadPipeline returns it as is). */
export async function runCommand(def: CommandDef, pipeline: Pipeline, args: Record<string, unknown> = {}, o: CommandRunOptions = {}): Promise<CliRun> {
  const { io, stderr, result } = captureIo(o);
  const ctx: CommandContext = {
    io,
    args: { config: pipeline.sourceFile, output: o.output ?? 'table', color: false, debug: false, ...args },
    ui: plainUi(stderr, { answer: o.answer ?? false, echoSteps: o.echoSteps ?? false }),
    loadPipeline: async () => pipeline,
    openClients: async (p) => {
      const c = await openClients({
        provider: p.provider,
        region: p.region,
        dataDir: p.local.dataDir,
        endpointUrl: p.aws.endpointUrl,
        enforceShardLimits: p.local.enforceShardLimits,
        ...(p.provider === 'local' ? { faults: o.faults ?? '' } : {}),
      });
      o.onClients?.(c);
      return c;
    },
    signal: o.signal ?? new AbortController().signal,
  };
  let code: number;
  try {
    code = await def.run(ctx);
  } catch (e) {
    if (!(e instanceof LakehouseError)) throw e;
    stderr.write(`${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
    code = e.exitCode;
  }
  return result(code);
}
