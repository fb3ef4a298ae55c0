// `lakehouse down`: delete the pipeline's resources (dependents first), only those that are ours: the spec's
// by name and any other carrying our lakehouse:pipeline tag, so nothing tagged is left behind. The question
// says how many objects and bytes go with the bucket.
// Asks first; non-interactive without --yes is an error, never a hang.
import type { Argv } from 'yargs';
import { NotConfirmedError, UsageError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';

async function run(ctx: CommandContext): Promise<number> {
  // Checked before anything is read or changed: a script asking for CSV must not get the table silently.
  if (ctx.args.output === 'csv') {
    throw new UsageError('down --output csv is not supported: use table or json');
  }
  const { withSession } = await import('../../resources/session.js');
  const { observeAll } = await import('../../resources/observe.js');
  const { discoverOwned, orphansOf } = await import('../../resources/discover.js');
  const { bucketUsage } = await import('../../resources/bucket.js');
  const { humanBytes } = await import('../../query/footer.js');
  const { planDown } = await import('../../resources/plan.js');
  const { renderAction, summaryLine } = await import('../../resources/render.js');
  const { destroyPlan, raiseForOutcomes } = await import('../../resources/destroy.js');
  const { KIND_LABEL } = await import('../../resources/registry.js');
  const keepData = Boolean(ctx.args['keep-data'] ?? ctx.args.keepData);
  const json = ctx.args.output === 'json';
  // With --output json, stdout carries only the outcome document; the human account goes to stderr.
  const out = (s: string) => (json ? ctx.ui.info(s) : void ctx.io.stdout.write(`${s}\n`));
  return withSession(ctx, async ({ rctx, pipeline }) => {
    // The spec's resources by name, and every other one carrying our tag (renamed or dropped from the spec).
    const [observed, found] = await Promise.all([observeAll(rctx), discoverOwned(rctx)]);
    const orphans = orphansOf(rctx, found.owned);
    for (const w of found.warnings) ctx.ui.warn(w);
    const plan = planDown(pipeline.name, observed, keepData, orphans);
    // What the bucket deletion takes with it, said before asking.
    let dataLine = '';
    for (const a of plan.actions.filter((x) => x.kind === 'bucket' && x.action === 'delete')) {
      const u = await bucketUsage(rctx.clients.s3, a.name).catch(() => undefined);
      if (!u) continue;
      a.note = `${u.objects.toLocaleString('en-US')} object${u.objects === 1 ? '' : 's'}, ${humanBytes(u.bytes)}`;
      dataLine += ` and ${a.note} in S3 bucket ${a.name}`;
    }
    if (!plan.actions.length) {
      out(`Nothing to delete: no resource of pipeline ${pipeline.name} exists.`);
      if (json) ctx.io.stdout.write(`${JSON.stringify({ pipeline: pipeline.name, outcomes: [] }, null, 2)}\n`);
      return 0;
    }
    out(`Pipeline ${ctx.ui.bold(pipeline.name)}:\n`);
    for (const a of plan.actions) out(renderAction(ctx.ui, a).join('\n'));
    out(`\n${summaryLine(plan, 'Destroy')}`);
    if (plan.summary.delete && !ctx.args.yes) {
      const data = keepData ? '' : dataLine;
      const ok = await ctx.ui.confirm(`Delete ${plan.summary.delete} resource(s) of pipeline ${pipeline.name}${data}?`);
      if (!ok) throw new NotConfirmedError('Nothing was deleted.', 'Rerun with --yes to delete without asking.');
    }
    const outcomes = await destroyPlan(rctx, plan, observed, (m) => ctx.ui.info(m), orphans);
    for (const o of outcomes) {
      const mark = o.outcome === 'deleted' ? ctx.ui.green('deleted') : o.outcome === 'failed' ? ctx.ui.red('FAILED') : ctx.ui.dim(o.outcome);
      out(`  ${mark.padEnd(8)} ${KIND_LABEL[o.kind]} ${o.name}${o.detail ? ctx.ui.dim(` (${o.detail})`) : ''}`);
    }
    if (json) ctx.io.stdout.write(`${JSON.stringify({ pipeline: pipeline.name, outcomes }, null, 2)}\n`);
    raiseForOutcomes(outcomes);
    out(`Destroy complete: ${outcomes.filter((o) => o.outcome === 'deleted').length} deleted.`);
    return 0;
  });
}

const down: CommandDef = {
  command: 'down',
  describe: "Delete the pipeline's resources (only those it owns)",
  builder: (y: Argv) =>
    y.option('keep-data', { type: 'boolean', default: false, describe: 'Keep the bucket and its objects' }) as Argv,
  examples: [
    ['$0 down', 'Show what would be deleted and ask'],
    ['$0 down --yes --keep-data', 'Delete everything but the lake, without asking'],
  ],
  run,
};
export default down;
