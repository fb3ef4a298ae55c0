// Executes an `up` plan: replaced resources are deleted first (dependents first), then everything is
// created or updated in dependency order. Stops at the first failure; the next `up` re-plans from what
// exists, so it finishes the job.
import { KIND_LABEL, MODULES } from './registry.js';
import type { Observed, Plan, ResourceContext, ResourceKind } from './types.js';
import { APPLY_ORDER, DELETE_ORDER } from './types.js';

export interface ApplyResult {
  created: string[];
  updated: string[];
  replaced: string[];
}

export async function applyPlan(
  ctx: ResourceContext,
  plan: Plan,
  observed: Record<ResourceKind, Observed>,
  log: (msg: string) => void = () => {},
): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], updated: [], replaced: [] };
  const byKind = new Map(plan.actions.map((a) => [a.kind, a]));
  for (const kind of DELETE_ORDER) {
    if (byKind.get(kind)?.action !== 'replace') continue;
    log(`Deleting ${KIND_LABEL[kind]} ${observed[kind].name} (to replace it)`);
    await MODULES[kind].delete(ctx, observed[kind]);
  }
  for (const kind of APPLY_ORDER) {
    const a = byKind.get(kind);
    if (!a) continue;
    const label = `${KIND_LABEL[kind]} ${a.name}`;
    if (a.action === 'create' || a.action === 'replace') {
      log(`Creating ${label}`);
      await MODULES[kind].create(ctx, ctx.desired[kind]);
      (a.action === 'create' ? result.created : result.replaced).push(label);
    } else if (a.action === 'update') {
      log(`Updating ${label}: ${a.diffs.map((d) => d.field).join(', ')}`);
      await MODULES[kind].update(ctx, ctx.desired[kind], observed[kind], a.diffs.map((d) => d.field));
      result.updated.push(label);
    }
  }
  return result;
}
