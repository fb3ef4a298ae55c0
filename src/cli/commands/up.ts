// `lakehouse up`: show the plan, then create or update every resource in dependency order.
// A change AWS cannot make in place (replace), and deleting resources of ours the spec no longer names
// (found by their lakehouse:pipeline tag), need --yes or an interactive yes.
import { NotConfirmedError, OwnershipError, UsageError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';

async function run(ctx: CommandContext): Promise<number> {
  // Checked before anything is read or changed: a script asking for CSV must not get the table silently.
  if (ctx.args.output === 'csv') {
    throw new UsageError('up --output csv is not supported: use table or json', 'For the plan as CSV: lakehouse plan --output csv');
  }
  const { withSession, computeUpPlan } = await import('../../resources/session.js');
  const { renderPlan, renderAction, planJson } = await import('../../resources/render.js');
  const { hasChanges, breakingChanges } = await import('../../resources/plan.js');
  const { BREAKING_CHOICES } = await import('../../resources/schema-change.js');
  const { applyPlan } = await import('../../resources/apply.js');
  const json = ctx.args.output === 'json';
  return withSession(ctx, async ({ rctx, pipeline }) => {
    const { plan, observed, orphans, warnings } = await computeUpPlan(rctx);
    for (const w of warnings) ctx.ui.warn(w);
    const refused = plan.actions.filter((a) => a.action === 'refuse');
    if (refused.length) {
      throw new OwnershipError(
        `Refusing to touch ${refused.length} resource(s) that exist with our names but are not ours:\n` +
          refused.flatMap((a) => renderAction(ctx.ui, a)).join('\n'),
        'Nothing was changed. Pick another pipeline name (or bucket name) in the spec.',
      );
    }
    if (!hasChanges(plan)) {
      if (json) ctx.io.stdout.write(planJson(plan));
      else ctx.io.stdout.write('No changes. Your pipeline is up to date.\n');
      return 0;
    }
    if (!json) ctx.io.stdout.write(renderPlan(ctx.ui, plan));
    const breaking = breakingChanges(plan);
    if (breaking.length && !ctx.args.yes) {
      const ok = await ctx.ui.confirm(`Apply ${breaking.length} breaking column change(s) (${breaking.map((c) => c.column).join(', ')})? ${BREAKING_CHOICES}`);
      if (!ok) throw new NotConfirmedError(`Breaking schema change not confirmed: nothing was changed.\n${breaking.map((c) => `  ${c.column}: ${c.reason}`).join('\n')}`, BREAKING_CHOICES);
    }
    if ((plan.summary.replace || plan.summary.delete) && !ctx.args.yes) {
      const what = [
        plan.summary.replace ? `replace ${plan.summary.replace} resource(s) (deleted and created again)` : '',
        plan.summary.delete ? `delete ${plan.summary.delete} resource(s) no longer in the spec` : '',
      ].filter(Boolean);
      // Replacing an Iceberg table creates it again empty: its rows are gone.
      const lost = plan.actions.filter((a) => a.kind === 'table' && a.action === 'replace' && !a.replaces && a.attributes?.tableType === 'ICEBERG');
      for (const a of lost) what.push(`delete all the data of Iceberg table ${a.name}`);
      const ok = await ctx.ui.confirm(`${what.join(' and ').replace(/^./, (c) => c.toUpperCase())}?`);
      if (!ok) throw new NotConfirmedError('Replacements and deletions not confirmed: nothing was changed.', 'Rerun with --yes to apply them.');
    }
    const result = await applyPlan(rctx, plan, observed, (m) => ctx.ui.info(m), orphans);
    if (json) ctx.io.stdout.write(`${JSON.stringify({ ...JSON.parse(planJson(plan)), applied: result }, null, 2)}\n`);
    else {
      ctx.io.stdout.write(
        `Apply complete: ${result.created.length} created, ${result.updated.length} updated, ${result.replaced.length} replaced` +
          `${result.deleted.length ? `, ${result.deleted.length} deleted` : ''}.` +
          ` Pipeline ${pipeline.name} is up.\n`,
      );
    }
    return 0;
  });
}

const up: CommandDef = {
  command: 'up',
  describe: 'Create or update the pipeline so it matches the spec',
  examples: [
    ['$0 up', 'Show the plan and apply it'],
    ['$0 up --yes', 'Also apply replacements and deletions without asking'],
  ],
  run,
};
export default up;
