// `lakehouse plan`: what `up` would create, change or leave, without changing anything.
import type { CommandContext, CommandDef } from '../command.js';

async function run(ctx: CommandContext): Promise<number> {
  const { withSession, computeUpPlan } = await import('../../resources/session.js');
  const { renderPlan, planJson } = await import('../../resources/render.js');
  return withSession(ctx, async ({ rctx }) => {
    const { plan } = await computeUpPlan(rctx);
    ctx.io.stdout.write(ctx.args.output === 'json' ? planJson(plan) : renderPlan(ctx.ui, plan));
    return 0;
  });
}

const plan: CommandDef = {
  command: 'plan',
  describe: 'Show what `up` would create, update or replace (changes nothing)',
  examples: [
    ['$0 plan', 'Compare the spec with what exists'],
    ['$0 plan --output json', 'The plan as data'],
  ],
  run,
};
export default plan;
