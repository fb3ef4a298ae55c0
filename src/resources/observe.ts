// Reads what exists, for every resource of the pipeline, in parallel.
import { MODULES } from './registry.js';
import type { Observed, ResourceContext, ResourceKind } from './types.js';
import { APPLY_ORDER } from './types.js';

export async function observeAll(ctx: ResourceContext): Promise<Record<ResourceKind, Observed>> {
  const entries = await Promise.all(
    APPLY_ORDER.map(async (kind) => [kind, await MODULES[kind].describe(ctx, ctx.desired[kind])] as const),
  );
  return Object.fromEntries(entries) as Record<ResourceKind, Observed>;
}

export function replaceRules(): Record<ResourceKind, string[]> {
  return Object.fromEntries(APPLY_ORDER.map((k) => [k, MODULES[k].replaceOn])) as Record<ResourceKind, string[]>;
}
