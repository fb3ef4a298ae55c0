// `lakehouse plan`: what `up` would create, change or leave, without changing anything.
import type { CommandContext, CommandDef } from '../command.js';

async function run(ctx: CommandContext): Promise<number> {
  const { withSession, computeUpPlan } = await import('../../resources/session.js');
  const { renderPlan, planJson, planCsv } = await import('../../resources/render.js');
  return withSession(ctx, async ({ rctx }) => {
    const { plan } = await computeUpPlan(rctx);
    const fmt = ctx.args.output;
    ctx.io.stdout.write(fmt === 'json' ? planJson(plan) : fmt === 'csv' ? planCsv(plan) : renderPlan(ctx.ui, plan));
    return 0;
  });
}

const plan: CommandDef = {
  command: 'plan',
  describe: 'Show what `up` would create, update or replace (changes nothing)',
  examples: [
    ['$0 plan', 'Compare the spec with what exists'],
    ['$0 plan --output json', 'The plan as data'],
    ['$0 plan --output csv', 'A row per resource: action, resource, name, changes, note'],
  ],
  run,
};
export default plan;
