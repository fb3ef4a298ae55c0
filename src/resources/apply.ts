// Executes an `up` plan: replaced resources are deleted first (dependents first), so are resources of
// ours the spec no longer names (renamed: the old name; dropped: deleted), then everything is created or
// updated in dependency order. Stops at the first failure; the next `up` re-plans from what exists, so it
// finishes the job.
import { tablesIn } from './database.js';
import { KIND_LABEL, MODULES } from './registry.js';
import type { Observed, Plan, PlannedAction, ResourceContext, ResourceKind } from './types.js';
import { APPLY_ORDER, DELETE_ORDER } from './types.js';

export interface ApplyResult {
  created: string[];
  updated: string[];
  replaced: string[];
  deleted: string[];
}

/** Deletes one of ours; a Glue database only when empty (other pipelines' tables may live in it). */
async function deleteOwned(ctx: ResourceContext, o: Observed, log: (msg: string) => void, why: string): Promise<boolean> {
  const label = `${KIND_LABEL[o.kind]} ${o.name}`;
  if (o.kind === 'database') {
    const left = await tablesIn(ctx, o.name);
    if (left.length) {
      log(`Kept ${label}: still holds tables ${left.join(', ')}`);
      return false;
    }
  }
  log(`Deleting ${label} (${why})`);
  await MODULES[o.kind].delete(ctx, o);
  return true;
}

export async function applyPlan(
  ctx: ResourceContext,
  plan: Plan,
  observed: Record<ResourceKind, Observed>,
  log: (msg: string) => void = () => {},
  orphans: Observed[] = [],
): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], updated: [], replaced: [], deleted: [] };
  // The spec's own resource of each kind (the plan also lists orphans of the same kind).
  const byKind = new Map<ResourceKind, PlannedAction>();
  for (const a of plan.actions) if (a.name === ctx.desired[a.kind].name) byKind.set(a.kind, a);
  const orphan = (kind: ResourceKind, name: string): Observed =>
    orphans.find((o) => o.kind === kind && o.name === name) ?? { kind, name, exists: true, owned: true, props: {} };
  for (const kind of DELETE_ORDER) {
    const a = byKind.get(kind);
    if (a?.action === 'replace') {
      if (a.replaces) await deleteOwned(ctx, orphan(kind, a.replaces), log, `renamed to ${a.name}`);
      else await deleteOwned(ctx, observed[kind], log, 'to replace it');
    }
    for (const d of plan.actions.filter((x) => x.kind === kind && x.action === 'delete')) {
      if (await deleteOwned(ctx, orphan(kind, d.name), log, 'no longer in the spec')) result.deleted.push(`${KIND_LABEL[kind]} ${d.name}`);
    }
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
