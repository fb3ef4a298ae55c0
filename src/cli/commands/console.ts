// `lakehouse console`: the pipeline in a web page on 127.0.0.1 (resources, CloudWatch graphs, the lake, the
// Glue table, an Athena editor). It opens the browser with a one-time link unless --no-open, and serves until
// Ctrl-C. With provider local it attaches to the running session like any other command.
import { spawn } from 'node:child_process';
import type { Argv } from 'yargs';
import { UsageError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';

async function run(ctx: CommandContext): Promise<number> {
  const port = Number(ctx.args.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${ctx.args.port}`);
  const { withSession } = await import('../../resources/session.js');
  const { cloudWatchFor } = await import('../../console/metrics.js');
  const { startConsole } = await import('../../console/server.js');
  return withSession(ctx, async ({ pipeline, clients, rctx }) => {
    const cw = await cloudWatchFor(clients);
    const server = await startConsole({ clients, pipeline, rctx, cw }, { port });
    ctx.io.stdout.write(
      `lakehouse console: ${ctx.ui.bold(server.url)}\n` +
        `  the link carries this run's key (a new one each run); only this machine can connect; stop with Ctrl-C\n`,
    );
    if (ctx.args.open !== false) openBrowser(server.url, ctx);
    let onTerm: (() => void) | undefined;
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      process.once('SIGTERM', (onTerm = () => resolve()));
    });
    if (onTerm) process.off('SIGTERM', onTerm);
    await server.close();
    cw.destroy();
    return 0;
  });
}

/** The desktop's opener; when there is none (a server, CI) the printed link is the way in. */
function openBrowser(url: string, ctx: CommandContext): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => ctx.ui.info(`lakehouse console: could not start ${cmd}; open the link above`));
    child.unref();
  } catch {
    ctx.ui.info(`lakehouse console: could not start ${cmd}; open the link above`);
  }
}

const consoleCommand: CommandDef = {
  command: 'console',
  describe: 'Open a web console of the pipeline on 127.0.0.1 (graphs, lake browser, table, Athena editor)',
  builder: (y: Argv) =>
    y
      .option('port', { type: 'number', default: 0, describe: 'TCP port on 127.0.0.1 (0 picks a free one)' })
      .option('open', { type: 'boolean', default: true, describe: 'Open the browser (--no-open: only print the link)' }) as Argv,
  examples: [
    ['$0 console', 'Open the console in the browser'],
    ['$0 console --no-open --port 8080', 'Print the link only, on a fixed port'],
  ],
  run,
};
export default consoleCommand;
