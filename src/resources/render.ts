// Turning a plan into text people read (Terraform-like) and into data (--output json, --output csv).
import type { Ui } from '../cli/command.js';
import { KIND_LABEL } from './registry.js';
import { csvCell } from './status-render.js';
import type { FieldDiff, Plan, PlannedAction, Value } from './types.js';
import { canonical, sameValue } from './values.js';

type Style = Pick<Ui, 'green' | 'red' | 'yellow' | 'dim' | 'bold'>;

const SYMBOL: Record<PlannedAction['action'], string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  noop: '=',
  refuse: '!',
};

function short(v: Value | undefined): string {
  if (v === undefined || v === null) return '(none)';
  const s = typeof v === 'string' ? JSON.stringify(v) : canonical(v);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

function isPlainObject(v: Value | undefined): v is Record<string, Value> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Field-level lines: nested objects by dotted path, lists of strings as added/removed items. */
export function diffLines(field: string, from: Value | undefined, to: Value | undefined): string[] {
  if (isPlainObject(from) && isPlainObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.filter((k) => !sameValue(from[k], to[k])).flatMap((k) => diffLines(`${field}.${k}`, from[k], to[k]));
  }
  const strings = (v: Value | undefined): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (strings(from) && strings(to)) {
    const added = to.filter((x) => !from.includes(x)).map((x) => `${field}: + ${x}`);
    const removed = from.filter((x) => !to.includes(x)).map((x) => `${field}: - ${x}`);
    if (added.length || removed.length) return [...removed, ...added];
    return [`${field}: order ${short(from)} → ${short(to)}`];
  }
  // Same-length lists of documents (a policy's statements): entry by entry, so a long value is not cut to
  // two identical-looking prefixes.
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    return from.flatMap((f, i) => (sameValue(f, to[i]) ? [] : diffLines(`${field}[${i}]`, f, to[i])));
  }
  return [`${field}: ${short(from)} → ${short(to)}`];
}

function colorFor(s: Style, action: PlannedAction['action']): (t: string) => string {
  if (action === 'create') return s.green;
  if (action === 'delete' || action === 'refuse') return s.red;
  if (action === 'update' || action === 'replace') return s.yellow;
  return s.dim;
}

export function renderAction(s: Style, a: PlannedAction): string[] {
  const paint = colorFor(s, a.action);
  const extra: string[] = [];
  if (a.action === 'noop' && !a.note?.startsWith('kept')) extra.push('unchanged');
  if (a.action === 'replace' && !a.replaces) {
    const forcing = a.diffs.filter((d: FieldDiff) => d.forcesReplace).map((d) => d.field);
    extra.push(forcing.length ? `${forcing.join(', ')} forces replacement` : 'must be replaced');
  }
  if (a.note) extra.push(a.note);
  const head = `  ${paint(SYMBOL[a.action].padEnd(3))} ${KIND_LABEL[a.kind]} ${s.bold(a.name)}${extra.length ? s.dim(` (${extra.join('; ')})`) : ''}`;
  const lines = [head];
  if (a.action === 'create') {
    // The settings people check before creating; documents (policies, parameters) stay in --output json.
    for (const [k, v] of Object.entries(a.attributes ?? {})) {
      if (v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
        lines.push(`        ${paint('+')} ${k} = ${Array.isArray(v) ? v.join(', ') || '(none)' : short(v)}`);
      }
    }
  }
  for (const d of a.diffs) {
    // Column diffs are shown classified below instead.
    if ((d.field === 'columns' || d.field === 'schema') && a.schemaChanges) continue;
    for (const l of diffLines(d.field, d.from, d.to)) lines.push(`        ${paint('~')} ${l}${d.forcesReplace ? s.red(' (forces replacement)') : ''}`);
  }
  for (const c of a.schemaChanges ?? []) {
    const what = c.change === 'added' ? `+ ${c.column} ${c.to}` : c.change === 'kept' ? `= ${c.column} ${c.from}` : c.change === 'dropped' ? `- ${c.column} ${c.from}` : c.change === 'renamed' ? `${c.from} → ${c.to}` : `${c.column}: ${c.from} → ${c.to}`;
    const verdict = c.safe ? s.dim(`(safe: ${c.reason})`) : s.red(`(BREAKING: ${c.reason})`);
    lines.push(`        ${paint('~')} ${a.diffs.some((d) => d.field === 'schema') || c.change === 'kept' ? 'schema' : 'columns'}: ${what} ${verdict}`);
  }
  return lines;
}

export function summaryLine(plan: Plan, verb: 'Plan' | 'Destroy' = 'Plan'): string {
  const n = plan.summary;
  if (verb === 'Destroy') return `Destroy: ${n.delete} to delete, ${n.refuse} refused (not ours), ${n.noop} kept.`;
  const parts = [`${n.create} to create`, `${n.update} to update`, `${n.replace} to replace`];
  if (n.delete) parts.push(`${n.delete} to delete`);
  parts.push(`${n.noop} unchanged`);
  if (n.refuse) parts.push(`${n.refuse} refused (not ours)`);
  return `Plan: ${parts.join(', ')}.`;
}

export function renderPlan(s: Style, plan: Plan): string {
  const lines = [`Pipeline ${s.bold(plan.pipeline)}:`, ''];
  for (const a of plan.actions) lines.push(...renderAction(s, a));
  lines.push('', summaryLine(plan));
  return `${lines.join('\n')}\n`;
}

/** The plan as data: stable field names for scripts. */
export function planJson(plan: Plan & { cost?: unknown }): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** The plan as CSV: a row per resource; its changes (the diff lines of the table view) in one cell. */
export function planCsv(plan: Plan): string {
  const out = ['action,resource,name,changes,note'];
  for (const a of plan.actions) {
    const changes = a.diffs.flatMap((d) => diffLines(d.field, d.from, d.to).map((l) => (d.forcesReplace ? `${l} (forces replacement)` : l)));
    out.push([a.action, KIND_LABEL[a.kind], a.name, changes.join('; '), a.note ?? ''].map(csvCell).join(','));
  }
  return `${out.join('\n')}\n`;
}
