// What a command module looks like. src/cli/commands/index.ts lists them; src/cli/main.ts registers
// them with yargs and turns thrown LakehouseErrors into exit codes. Commands never call process.exit.
import type { Readable, Writable } from 'node:stream';
import type { Argv } from 'yargs';
import type { Clients } from '../aws/clients.js';
import type { Pipeline } from '../config/types.js';

export interface Io {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout is a terminal: progress bars, spinners, aligned tables, prompts. */
  isTTY: boolean;
}

export type OutputFormat = 'table' | 'json' | 'csv';

export interface GlobalArgs {
  config: string;
  /** The spec was named (-c/--config or LAKEHOUSE_CONFIG); else it may be found above the working directory. */
  configGiven?: boolean;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  output: OutputFormat;
  color: boolean;
  debug: boolean;
  /** Answer yes to confirmations (down, replace). */
  yes?: boolean;
}

export interface Ui {
  color: boolean;
  /** Informational line to stderr (so stdout stays clean for data). */
  info(msg: string): void;
  warn(msg: string): void;
  /** Styled text helpers that honour --no-color / NO_COLOR. */
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  /** A spinner on a TTY (plain start/finish lines otherwise) around a long step. */
  step<T>(label: string, work: () => Promise<T>): Promise<T>;
  /** Ask yes/no on a TTY; throws NotConfirmedError when not interactive. */
  confirm(question: string): Promise<boolean>;
}

export interface CommandContext {
  io: Io;
  args: GlobalArgs & Record<string, unknown>;
  ui: Ui;
  /** Load + validate + normalize the spec named by -c / LAKEHOUSE_CONFIG, with --region etc. applied. */
  loadPipeline(): Promise<Pipeline>;
  /** Clients for the pipeline's provider (close them when done; main.ts also closes on exit). */
  openClients(pipeline: Pipeline): Promise<Clients>;
  /** Aborted on Ctrl-C (SIGINT): stop cleanly after in-flight work. */
  signal: AbortSignal;
}

export interface CommandDef {
  /** yargs command string, e.g. 'query [sql]'. */
  command: string;
  describe: string;
  builder?: (y: Argv) => Argv;
  examples?: Array<[string, string]>;
  run(ctx: CommandContext): Promise<number>;
}
