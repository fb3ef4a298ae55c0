// Expanded output (psql's \x): one block per row, a `name | value` line per column, for rows too wide for
// the terminal. Values are shown whole (on one visual line); NULL is marked as in the table.
import type { Column } from '../types.js';

export interface ExpandedStyle {
  bold(s: string): string;
  dim(s: string): string;
}

function len(s: string): number {
  return [...s].length;
}

/** Rows as expanded records; `nulls` holds `row:col` of NULL cells (already rendered as text). */
export function renderExpanded(columns: Column[], rows: string[][], nulls: Set<string>, maxWidth: number | undefined, style: ExpandedStyle): string {
  const names = columns.map((c) => c.name.replace(/\s+/g, ' '));
  const labelWidth = Math.max(1, ...names.map(len));
  const out: string[] = [];
  rows.forEach((r, ri) => {
    const title = `-[ RECORD ${ri + 1} ]`;
    const valueWidth = Math.max(0, ...r.map(len));
    const ruleRight = Math.max(1, Math.min(valueWidth + 1, (maxWidth ?? Infinity) - labelWidth - 2));
    const left = title + '-'.repeat(Math.max(1, labelWidth + 1 - title.length));
    out.push(style.dim(`${left}+${'-'.repeat(ruleRight)}`));
    r.forEach((text, i) => {
      const cell = nulls.has(`${ri}:${i}`) ? style.dim(text) : text;
      out.push(`${style.bold(names[i]!.padEnd(labelWidth))} | ${cell}`);
    });
  });
  return out.length ? out.join('\n') + '\n' : '';
}
