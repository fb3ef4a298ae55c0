// Executes a `down` plan in dependency order. Every deletion is attempted even after a failure (they are
// independent enough), and the outcome of each is reported so a rerun finishes what failed.
import { AwsCallError, OwnershipError } from '../errors.js';
import { emptyBucket } from './bucket.js';
import { tablesIn } from './database.js';
import { KIND_LABEL, MODULES } from './registry.js';
import type { Observed, Plan, ResourceContext, ResourceKind } from './types.js';

export interface DestroyOutcome {
  kind: ResourceKind;
  name: string;
  outcome: 'deleted' | 'failed' | 'kept' | 'refused';
  detail?: string;
}

export async function destroyPlan(
  ctx: ResourceContext,
  plan: Plan,
  observed: Record<ResourceKind, Observed>,
  log: (msg: string) => void = () => {},
  orphans: Observed[] = [],
): Promise<DestroyOutcome[]> {
  // The spec's resource of that kind, or one of ours by tag under another name (renamed, dropped).
  const target = (kind: ResourceKind, name: string): Observed =>
    observed[kind].name === name ? observed[kind] : (orphans.find((o) => o.kind === kind && o.name === name) ?? { kind, name, exists: true, owned: true, props: {} });
  const out: DestroyOutcome[] = [];
  for (const a of plan.actions) {
    const label = `${KIND_LABEL[a.kind]} ${a.name}`;
    if (a.action === 'refuse') {
      out.push({ kind: a.kind, name: a.name, outcome: 'refused', detail: a.note });
      continue;
    }
    if (a.action !== 'delete') {
      out.push({ kind: a.kind, name: a.name, outcome: 'kept', detail: a.note?.replace(/^kept: /, '') });
      continue;
    }
    try {
      if (a.kind === 'database') {
        // Only an empty database goes: other pipelines' tables may live in it.
        const others = await tablesIn(ctx, a.name);
        if (others.length) {
          out.push({ kind: a.kind, name: a.name, outcome: 'kept', detail: `still holds tables: ${others.join(', ')}` });
          continue;
        }
      }
      if (a.kind === 'bucket') {
        const n = await ctx.step(`Emptying ${label}`, () => emptyBucket(ctx.clients.s3, a.name).catch(ignoreMissingBucket));
        if (n) log(`Deleted ${n} objects from ${label}`);
      }
      log(`Deleting ${label}`);
      await MODULES[a.kind].delete(ctx, target(a.kind, a.name));
      out.push({ kind: a.kind, name: a.name, outcome: 'deleted' });
    } catch (e) {
      out.push({ kind: a.kind, name: a.name, outcome: 'failed', detail: (e as Error).message });
    }
  }
  return out;
}

function ignoreMissingBucket(e: unknown): number {
  if (e instanceof AwsCallError && e.code === 'NoSuchBucket') return 0;
  throw e;
}

/** Throws the error `down` ends with: failures (exit 3, rerun finishes) before refusals (exit 4). */
export function raiseForOutcomes(outcomes: DestroyOutcome[]): void {
  const line = (o: DestroyOutcome) => `  ${KIND_LABEL[o.kind]} ${o.name}${o.detail ? `: ${o.detail}` : ''}`;
  const failed = outcomes.filter((o) => o.outcome === 'failed');
  const refused = outcomes.filter((o) => o.outcome === 'refused');
  const deleted = outcomes.filter((o) => o.outcome === 'deleted');
  const refusedText = refused.length ? `\nRefused (not ours, untouched):\n${refused.map(line).join('\n')}` : '';
  if (failed.length) {
    throw new AwsCallError(
      `down did not finish.\nDeleted:\n${deleted.map(line).join('\n') || '  (nothing)'}\nFailed:\n${failed.map(line).join('\n')}${refusedText}`,
      'PartialFailure',
      'Run `lakehouse down` again to finish: what is already gone is skipped.',
    );
  }
  if (refused.length) {
    throw new OwnershipError(
      `Refused to delete ${refused.length} resource(s) that exist with our names but are not ours:\n${refused.map(line).join('\n')}`,
      'Nothing of them was touched. Rename the pipeline, or remove them yourself if they are really yours.',
    );
  }
}
