// `lakehouse status`: each resource's state and ARN (or local path), the lake's objects, bytes and
// newest partition, the stream's retained records where the provider tells.
import type { Argv } from 'yargs';
import type { CommandContext, CommandDef } from '../command.js';

async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.watch) return (await import('../status-watch/watch.js')).watchStatus(ctx);
  const { withSession } = await import('../../resources/session.js');
  const { pipelineStatus } = await import('../../resources/status.js');
  const { statusCsv, statusTable } = await import('../../resources/status-render.js');
  return withSession(ctx, async ({ rctx }) => {
    const st = await pipelineStatus(rctx);
    const fmt = ctx.args.output;
    ctx.io.stdout.write(fmt === 'json' ? `${JSON.stringify(st, null, 2)}\n` : fmt === 'csv' ? statusCsv(st) : statusTable(ctx.ui, st));
    return 0;
  });
}

const status: CommandDef = {
  command: 'status',
  describe: "Show the pipeline's resources, their state, and what is in the lake",
  builder: (y: Argv) =>
    y
      .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'A live dashboard from CloudWatch (records in/out, throttles, iterator age, freshness) until Ctrl-C' })
      .option('interval', { requiresArg: true, type: 'number', default: 5, describe: 'With --watch: seconds between refreshes' }) as Argv,
  examples: [
    ['$0 status', 'A table'],
    ['$0 status --watch', 'A live terminal dashboard'],
    ['$0 status --output json', 'The same as data'],
  ],
  run,
};
export default status;
