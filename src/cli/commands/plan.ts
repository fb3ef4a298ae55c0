// `lakehouse plan`: what `up` would create, change, replace or delete, without changing anything, and what
// the pipeline would cost a month (prices.ts). --detailed-exitcode, as Terraform's, for CI: 0 no changes,
// 2 changes, 1 any error.
import type { Argv } from 'yargs';
import { ExitCode, LakehouseError, UsageError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';

async function run(ctx: CommandContext): Promise<number> {
  const detailed = Boolean(ctx.args['detailed-exitcode'] ?? ctx.args.detailedExitcode);
  try {
    return await planOnce(ctx, detailed);
  } catch (e) {
    // Terraform's contract: every error is 1 (the message and hint are kept).
    if (!detailed || !(e instanceof LakehouseError) || e.exitCode === ExitCode.interrupted) throw e;
    throw new LakehouseError(e.message, ExitCode.internal, e.hint);
  }
}

async function planOnce(ctx: CommandContext, detailed: boolean): Promise<number> {
  const { withSession, computeUpPlan } = await import('../../resources/session.js');
  const { renderPlan, planJson, planCsv } = await import('../../resources/render.js');
  const { hasChanges } = await import('../../resources/plan.js');
  const { estimateCost, renderCost } = await import('../../resources/cost.js');
  return withSession(ctx, async ({ rctx, pipeline }) => {
    const { plan, warnings } = await computeUpPlan(rctx);
    for (const w of warnings) ctx.ui.warn(w);
    // The local provider costs nothing; the estimate is for what AWS would bill.
    const gb = Number(ctx.args['monthly-gb'] ?? ctx.args.monthlyGb ?? 10);
    if (!Number.isFinite(gb) || gb < 0) throw new UsageError(`--monthly-gb must be a number of GB ≥ 0, got ${String(ctx.args['monthly-gb'])}`);
    const cost = pipeline.provider === 'aws' ? estimateCost(pipeline, gb) : undefined;
    const fmt = ctx.args.output;
    if (fmt === 'json') ctx.io.stdout.write(planJson(cost ? { ...plan, cost } : plan));
    else if (fmt === 'csv') ctx.io.stdout.write(planCsv(plan));
    else ctx.io.stdout.write(`${renderPlan(ctx.ui, plan)}${cost ? `\n${renderCost(ctx.ui, cost)}` : ''}`);
    return detailed && hasChanges(plan) ? 2 : 0;
  });
}

const plan: CommandDef = {
  command: 'plan',
  describe: 'Show what `up` would create, update, replace or delete (changes nothing), and its monthly cost',
  builder: (y: Argv) =>
    y
      .option('detailed-exitcode', {
        type: 'boolean',
        default: false,
        describe: 'Exit 0 with no changes, 2 with changes, 1 on any error (for CI)',
      })
      .option('monthly-gb', { type: 'number', default: 10, describe: 'Event volume (GB of JSON a month) the cost estimate assumes' }) as Argv,
  examples: [
    ['$0 plan', 'Compare the spec with what exists'],
    ['$0 plan --detailed-exitcode', 'Exit 2 when up would change something'],
    ['$0 plan --output json', 'The plan as data'],
    ['$0 plan --output csv', 'A row per resource: action, resource, name, changes, note'],
  ],
  run,
};
export default plan;
