// The pure plan step: desired vs observed → one action per resource, with field-level diffs.
// No I/O here, so it is unit-tested with hand-written states.
import type { Desired, FieldDiff, Observed, Plan, PlannedAction, ResourceKind } from './types.js';
import { APPLY_ORDER, DELETE_ORDER } from './types.js';
import { classifyColumns, classifyIcebergColumns } from './schema-change.js';
import { sameValue } from './values.js';

export interface PlanInput {
  pipeline: string;
  desired: Record<ResourceKind, Desired>;
  observed: Record<ResourceKind, Observed>;
  replaceOn: Record<ResourceKind, string[]>;
  /** Resources carrying our ownership mark that the spec no longer names (discover.ts). */
  orphans?: Observed[];
}

export function diffProps(d: Desired, o: Observed, replaceOn: string[]): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const field of Object.keys(d.props)) {
    const to = d.props[field];
    const from = o.props[field];
    if (sameValue(from, to)) continue;
    diffs.push({ field, from, to, forcesReplace: replaceOn.includes(field) });
  }
  return diffs;
}

function planOne(d: Desired, o: Observed, replaceOn: string[]): PlannedAction {
  const base = { kind: d.kind, name: d.name };
  if (!o.exists) return { ...base, action: 'create', diffs: [], attributes: d.props };
  if (!o.owned) {
    // A Glue database is a namespace others may share: use it, never change it.
    if (d.kind === 'database') return { ...base, action: 'noop', diffs: [], note: 'exists, not managed by this pipeline (shared)' };
    return { ...base, action: 'refuse', diffs: [], note: 'exists but is not ours (no lakehouse:pipeline mark for this pipeline)' };
  }
  const diffs = diffProps(d, o, replaceOn);
  if (!diffs.length) return { ...base, action: 'noop', diffs };
  if (diffs.some((x) => x.forcesReplace)) return { ...base, action: 'replace', diffs, attributes: d.props };
  return { ...base, action: 'update', diffs };
}

export function summarize(actions: PlannedAction[]): Plan['summary'] {
  const s: Plan['summary'] = { create: 0, update: 0, replace: 0, delete: 0, noop: 0, refuse: 0 };
  for (const a of actions) s[a.action]++;
  return s;
}

export function planUp(input: PlanInput): Plan {
  // A kind the pipeline does not use (direct_put: the stream) is not planned; one of ours left over is an orphan.
  const kinds = APPLY_ORDER.filter((k) => !input.desired[k].absent);
  const actions = kinds.map((k) => planOne(input.desired[k], input.observed[k], input.replaceOn[k]));
  // First: a rename turns a create into a replace, which the cascade below must see.
  const deletions = orphanActions(actions, input.orphans ?? []);
  // Firehose cannot switch source streams: a replaced stream means a replaced delivery stream.
  const stream = actions.find((a) => a.kind === 'stream');
  const delivery = actions.find((a) => a.kind === 'delivery')!;
  if (stream?.action === 'replace' && (delivery.action === 'noop' || delivery.action === 'update')) {
    delivery.action = 'replace';
    delivery.note = 'its source stream is replaced';
  }
  // A table moved to another place (e.g. a new bucket.name): what was delivered before is left behind.
  const table = actions.find((a) => a.kind === 'table')!;
  const moved = table.diffs.find((d) => d.field === 'location' && typeof d.from === 'string' && d.from);
  if (moved && !table.note) {
    // Unless the old bucket itself goes (renamed away, or dropped): then they go with it.
    const oldBucket = /^s3:\/\/([^/]+)/.exec(String(moved.from))?.[1];
    const bucketGoes = actions.some((a) => a.kind === 'bucket' && a.replaces === oldBucket) || deletions.some((a) => a.kind === 'bucket' && a.name === oldBucket);
    table.note = bucketGoes
      ? `the objects under ${String(moved.from)} are deleted with bucket ${oldBucket}`
      : `the objects under ${String(moved.from)} stay there: no longer queried, and not deleted by down`;
  }
  const columns = table.diffs.find((d) => d.field === 'columns');
  if (columns && Array.isArray(columns.from) && Array.isArray(columns.to)) {
    table.schemaChanges = classifyColumns(columns.from as string[], columns.to as string[]);
    const breaking = table.schemaChanges.filter((c) => !c.safe);
    if (breaking.length) table.note = [table.note, `${breaking.length} breaking column change(s) for the data already in the lake`].filter(Boolean).join('; ');
  }
  icebergSchema(table);
  actions.push(...deletions);
  return { pipeline: input.pipeline, actions, summary: summarize(actions) };
}

/**
 * An Iceberg table's schema diff: added fields are an in-place schema evolution (UpdateTable with
 * UpdateOpenTableFormatInput), columns only the table has are kept, an order change is nothing; none of
 * them forces a replacement. A type change still does, and then the table's rows are lost: say so.
 */
function icebergSchema(table: PlannedAction): void {
  const schema = table.diffs.find((d) => d.field === 'schema');
  const iceberg = table.attributes?.tableType === 'ICEBERG' || schema !== undefined;
  if (schema && Array.isArray(schema.from) && Array.isArray(schema.to)) {
    const changes = classifyIcebergColumns(schema.from as string[], schema.to as string[]);
    if (changes) {
      schema.forcesReplace = false;
      table.schemaChanges = changes;
      if (!changes.some((c) => c.change === 'added')) table.diffs = table.diffs.filter((d) => d !== schema);
      if (table.action === 'replace' && !table.replaces && !table.diffs.some((d) => d.forcesReplace)) {
        table.action = table.diffs.length ? 'update' : 'noop';
        delete table.attributes;
      }
      const kept = changes.filter((c) => c.change === 'kept');
      if (table.action === 'noop' && kept.length) table.note = `column(s) ${kept.map((c) => c.column).join(', ')} in the table, not in the spec: kept`;
    }
  }
  if (iceberg && table.action === 'replace' && !table.replaces) {
    table.note = [table.note, 'the Iceberg table is created again empty: the data it holds is deleted'].filter(Boolean).join('; ');
  }
}

/**
 * Ours but no longer in the spec: the only one of its kind while the spec's is to be created is a rename
 * (the create becomes a replace of the old name); any other is a deletion.
 */
function orphanActions(actions: PlannedAction[], orphans: Observed[]): PlannedAction[] {
  const out: PlannedAction[] = [];
  for (const o of orphans) {
    const sameKind = orphans.filter((x) => x.kind === o.kind);
    const creating = actions.find((a) => a.kind === o.kind && a.action === 'create');
    if (creating && sameKind.length === 1) {
      creating.action = 'replace';
      creating.replaces = o.name;
      creating.note = `renamed from ${o.name}: ${o.name} is deleted${o.kind === 'table' ? ' (its objects stay in the bucket)' : ''}`;
      continue;
    }
    out.push({ kind: o.kind, name: o.name, action: 'delete', diffs: [], note: 'ours (lakehouse:pipeline), no longer in the spec' });
  }
  // Dependents first, as down deletes.
  return out.sort((a, b) => DELETE_ORDER.indexOf(a.kind) - DELETE_ORDER.indexOf(b.kind));
}

/** What `down` would do: delete what exists and is ours; refuse what exists and is not. */
export function planDown(pipeline: string, observed: Record<ResourceKind, Observed>, keepData: boolean, orphans: Observed[] = []): Plan {
  const actions: PlannedAction[] = [];
  for (const kind of DELETE_ORDER) {
    for (const o of [observed[kind], ...orphans.filter((x) => x.kind === kind)]) planDownOne(actions, o, keepData);
  }
  return { pipeline, actions, summary: summarize(actions) };
}

function planDownOne(actions: PlannedAction[], o: Observed, keepData: boolean): void {
  const kind = o.kind;
  const base = { kind, name: o.name, diffs: [] };
  if (!o.exists) return;
  if (kind === 'bucket' && keepData) actions.push({ ...base, action: 'noop', note: 'kept: --keep-data' });
  else if (kind === 'database' && !o.owned) actions.push({ ...base, action: 'noop', note: 'not managed by this pipeline (shared)' });
  else if (!o.owned) actions.push({ ...base, action: 'refuse', note: 'exists but is not ours: left untouched' });
  else actions.push({ ...base, action: 'delete' });
}

/** Column changes that break reading the files already in the lake (they need an explicit choice). */
export function breakingChanges(plan: Plan) {
  return plan.actions.flatMap((a) => (a.schemaChanges ?? []).filter((c) => !c.safe));
}

export function hasChanges(plan: Plan): boolean {
  return plan.actions.some((a) => a.action !== 'noop' && a.action !== 'refuse');
}
