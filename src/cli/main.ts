// The testable core of the CLI: exec(argv) → exit code. Registers the commands listed in
// commands/index.ts, loading only the one that runs, so `--help` and `--version` stay fast.
import yargs, { type Argv } from 'yargs';
import pkg from '../../package.json' with { type: 'json' };
import { ExitCode, LakehouseError, UsageError } from '../errors.js';
import type { CommandDef, GlobalArgs, Io, OutputFormat } from './command.js';
import { commands, type CommandEntry } from './commands/index.js';
import { createContext } from './context.js';
import { reportError } from './report.js';
import { closestCommand, commandWord, selectedName } from './argv.js';
import { onInterrupt } from './interrupt.js';
import { configGiven } from './spec-find.js';
import { createUi, wantsColor } from './ui.js';

const EPILOG = `Environment:
  LAKEHOUSE_CONFIG     the spec to use when -c is not given (default ./config.yaml, else the nearest
                       config.yaml in a parent folder up to the repository root, as git finds .git)
  LAKEHOUSE_DATA_DIR   the local provider's data folder (default .lakehouse beside the spec)
  NO_COLOR             turn colors off, like --no-color
  AWS_REGION, AWS_PROFILE and the usual AWS variables apply to provider aws

Exit codes:
  0 ok · 1 internal error (a bug) · 2 spec or command-line error · 3 AWS refused or failed a call
  4 a resource with our name is not ours · 5 confirmation needed (use --yes) · 6 query failed
  7 records not accepted by the stream · 130 interrupted (Ctrl-C)`;

/** yargs' wording, in ours: "Unknown arguments: a, b" → "unknown option --a, --b"; a word typed without dashes
 * (`lakehouse validate extra`) is an unexpected argument, not an option. */
function usageMessage(msg: string, argv: string[]): string {
  const missing = /^Not enough arguments following: (\S+)$/.exec(msg);
  if (missing) {
    // Short aliases of the options that take a value, to name both spellings.
    const pairs: Record<string, string> = { c: 'config', f: 'file', o: 'output', n: 'amount', d: 'duration', r: 'rate' };
    const key = missing[1]!;
    const long = pairs[key] ?? key;
    const short = Object.entries(pairs).find(([, l]) => l === long)?.[0];
    return `${short ? `-${short}/` : ''}--${long} needs a value`;
  }
  const choice = /^Invalid values:\s*Argument: (\S+), Given: (.*), Choices: (.*)$/s.exec(msg);
  if (choice) return `--${choice[1]} must be one of ${choice[3]!.replace(/"/g, '').trim()}, got ${choice[2]}`;
  const unknown = msg.match(/^Unknown arguments?: (.*)$/);
  if (!unknown) return msg;
  const all = unknown[1].split(', ');
  const stray = all.filter((n) => argv.includes(n));
  if (stray.length) return `unexpected argument${stray.length > 1 ? 's' : ''} ${stray.map((n) => `"${n}"`).join(', ')}`;
  const names = all.map((n) => (n.length === 1 ? `-${n}` : `--${n}`));
  return `unknown option${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
}

/** `completion bash|zsh` → the argv yargs understands (no shell word) and the SHELL its script generator reads. */
function completionShell(argv: string[]): { argv: string[]; shell?: string } {
  const at = argv.indexOf('completion');
  const word = at >= 0 && commandWord(argv) === 'completion' ? argv[at + 1] : undefined;
  if (word === undefined || word.startsWith('-')) return { argv };
  if (word !== 'bash' && word !== 'zsh') throw new UsageError(`completion supports bash or zsh, got "${word}"`, 'run `lakehouse completion bash` or `lakehouse completion zsh`');
  return { argv: [...argv.slice(0, at + 1), ...argv.slice(at + 2)], shell: `/bin/${word}` };
}

/** The command word of a completion request (`--get-yargs-completions lakehouse query --`), when complete. */
function completingCommand(argv: string[]): string | undefined {
  const at = argv.indexOf('--get-yargs-completions');
  const words = argv.slice(at + 2, -1); // after the script name, without the word being completed
  return commandWord(words);
}

function fullIo(io: Partial<Io>): Io {
  const stdout = io.stdout ?? process.stdout;
  return {
    stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    isTTY: io.isTTY ?? (stdout as { isTTY?: boolean }).isTTY === true,
  };
}

function globalOptions(y: Argv, io: Io): Argv {
  return y
    .option('config', {
      alias: 'c', type: 'string', requiresArg: true, default: io.env.LAKEHOUSE_CONFIG || './config.yaml',
      describe: 'The pipeline spec (YAML)', defaultDescription: '$LAKEHOUSE_CONFIG, else ./config.yaml or the nearest one above (up to the repository root)',
    })
    .option('region', { type: 'string', requiresArg: true, describe: 'AWS region (beats the spec and AWS_REGION)' })
    .option('profile', { type: 'string', requiresArg: true, describe: 'AWS named profile (provider aws)' })
    .option('endpoint-url', { type: 'string', requiresArg: true, describe: 'Send AWS calls to this endpoint, e.g. http://127.0.0.1:4566' })
    .option('output', { alias: 'o', requiresArg: true, choices: ['table', 'json', 'csv'], default: 'table', describe: 'Output format for data' })
    .option('color', { type: 'boolean', default: true, describe: 'Colors on a terminal (--no-color, or set NO_COLOR)' })
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces and AWS request details' })
    .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Answer yes to confirmations (down, replace)' })
    .group(['config', 'region', 'profile', 'endpoint-url', 'output', 'color', 'debug', 'yes', 'help', 'version'], 'Global options:') as Argv;
}

/** Register every command: the one that runs with its real builder, the others for the listing only. */
async function registerCommands(y: Argv, run: CommandEntry | undefined, onSelect: (def: CommandDef, args: Record<string, unknown>) => void): Promise<Argv> {
  for (const entry of commands) {
    if (entry !== run) {
      y = y.command(entry.command, entry.describe, (b) => b, () => undefined);
      continue;
    }
    const def = (await entry.load()).default;
    y = y.command(def.command, def.describe, (b) => {
      let built = def.builder ? def.builder(b) : b;
      for (const [cmd, what] of def.examples ?? []) built = built.example(cmd, what);
      return built;
    }, (args) => onSelect(def, args));
  }
  return y;
}

function parse(y: Argv, argv: string[]): Promise<{ output: string }> {
  // Completion answers arrive in a second callback (the first has empty output), so wait for it.
  const completing = argv.includes('--get-yargs-completions');
  return new Promise((resolve, reject) => {
    const timer = completing ? setTimeout(() => resolve({ output: '' }), 2000) : undefined;
    try {
      y.parse(argv, {}, (err, _args, output) => {
        if (err) return reject(err);
        if (completing && !output) return;
        clearTimeout(timer);
        resolve({ output: output ?? '' });
      });
    } catch (err) {
      clearTimeout(timer);
      reject(err);
    }
  });
}

export async function exec(argvIn: string[], ioIn: Partial<Io> = {}): Promise<number> {
  const io = fullIo(ioIn);
  // `lakehouse help [command]` reads as `lakehouse [command] --help`.
  const argvTyped = argvIn[0] === 'help' ? [...argvIn.slice(1), '--help'] : argvIn;
  const debug = argvTyped.includes('--debug');
  const early = createUi(io, { color: wantsColor(io, !argvTyped.includes('--no-color')) });
  const style = { red: early.red, dim: early.dim, debug };
  const shellBefore = process.env.SHELL;
  try {
    const { argv, shell } = completionShell(argvTyped);
    // yargs picks the completion script's shell from $SHELL when it is set up (below); restored in finally.
    if (shell) process.env.SHELL = shell;
    // Shell completion asks with a partial word; yargs answers it, so skip the unknown-command check, but load
    // the command already typed so its own options complete too.
    const completing = argv.includes('--get-yargs-completions');
    const word = completing ? undefined : commandWord(argv);
    const wanted = completing ? completingCommand(argv) : word;
    const entry = wanted === undefined ? undefined : commands.find((c) => selectedName(c.command) === wanted);
    if (word !== undefined && !entry && word !== 'completion') {
      const guess = closestCommand(word, [...commands.map((c) => selectedName(c.command)), 'completion']);
      throw new UsageError(`unknown command "${word}"${guess ? ` (did you mean ${guess}?)` : ''}`, 'run `lakehouse --help` to list the commands');
    }
    let selected: { def: CommandDef; args: Record<string, unknown> } | undefined;
    const base = yargs(argv);
    let y = globalOptions(base, io)
      .scriptName('lakehouse')
      .usage('$0 <command> [options]\n\nStand up a streaming data lakehouse (Kinesis → Firehose → S3/Parquet → Glue → Athena) from one YAML spec, on AWS or fully local.')
      .version(pkg.version)
      .alias('help', 'h')
      .strict()
      .exitProcess(false)
      .wrap(Math.min(110, base.terminalWidth()))
      .demandCommand(1, 'name a command, e.g. lakehouse validate')
      .example('$0 init', 'write a starter ./config.yaml')
      .example('$0 validate', 'check ./config.yaml and summarize it')
      .example('$0 -c pipelines/orders.yaml validate --output json', 'print the normalized pipeline')
      .epilog(EPILOG)
      .fail((msg, err) => {
        const help = entry ? `run \`lakehouse ${selectedName(entry.command)} --help\` for its options` : 'run `lakehouse --help` for usage';
        // yargs' own validation (e.g. requiresArg) arrives as a YError: a usage problem, not a bug.
        if (err && err.name !== 'YError') throw err;
        throw new UsageError(usageMessage(msg ?? err?.message ?? '', argv), help);
      }) as Argv;
    y = await registerCommands(y, entry, (def, args) => (selected = { def, args }));
    y = y.completion('completion', 'Print a bash/zsh completion script (source it from your shell profile)');
    const { output } = await parse(y, argv);
    if (!selected) {
      if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      return ExitCode.ok;
    }
    const { def, args } = selected as { def: CommandDef; args: Record<string, unknown> };
    // yargs reads a lone `-` positional (stdin, by convention: `query -`) as ''; give it back.
    for (const name of def.command.match(/(?<=[[<])[\w-]+(?=[\]>])/g) ?? []) {
      if (args[name] === '' && argv.includes('-')) args[name] = '-';
    }
    const globals: GlobalArgs & Record<string, unknown> = {
      ...args,
      config: String(args.config),
      configGiven: configGiven(argv) || !!io.env.LAKEHOUSE_CONFIG,
      output: args.output as OutputFormat,
      color: wantsColor(io, args.color !== false),
      debug: args.debug === true,
      yes: args.yes === true,
      region: args.region as string | undefined,
      profile: args.profile as string | undefined,
      endpointUrl: args.endpointUrl as string | undefined,
    };
    const ui = createUi(io, { color: globals.color, yes: globals.yes });
    const interrupt = onInterrupt(ui);
    const ctx = createContext(io, globals, ui, interrupt.signal);
    try {
      return await def.run(ctx);
    } catch (err) {
      const ctrlC = err instanceof LakehouseError && err.exitCode === ExitCode.interrupted;
      if (ctrlC || (interrupt.signal.aborted && !(err instanceof UsageError))) {
        ui.info('interrupted');
        return ExitCode.interrupted;
      }
      throw err;
    } finally {
      interrupt.dispose();
      await ctx.closeAll();
    }
  } catch (err) {
    return reportError(io, err, style);
  } finally {
    if (shellBefore === undefined) delete process.env.SHELL;
    else process.env.SHELL = shellBefore;
  }
}
