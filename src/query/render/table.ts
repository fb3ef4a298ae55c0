// The aligned table people read on a terminal: numbers right-aligned, NULL marked, long values cut with
// an ellipsis so the table fits the terminal, and a row count. Buffers the rows (widths need them all).
// Rows that do not fit the terminal even with long values cut to `maxColumnWidth` are shown expanded
// (one `name | value` block per row, as psql's \x auto), and -x/--expanded asks for that always.
import { isNumericType } from '../values.js';
import { renderExpanded } from './expanded.js';
import type { Column, Renderer, RenderSummary, Row } from '../types.js';

export interface TableOptions {
  /** Terminal width to fit in; undefined → never shrink to fit. */
  maxWidth?: number;
  /** Cap any one column (a uuid or timestamp fits; a long free-text column does not). */
  maxColumnWidth?: number;
  style?: { bold(s: string): string; dim(s: string): string };
  /** 'always' (-x), 'auto' (when the rows do not fit maxWidth; the default), 'never'. */
  expanded?: 'always' | 'auto' | 'never';
}

const NULL_TEXT = 'NULL';
const SEP = ' │ ';
const MIN_WIDTH = 4;

const plain = { bold: (s: string) => s, dim: (s: string) => s };

/** Length in code points (close enough to columns for the text Athena returns). */
function len(s: string): number {
  return [...s].length;
}

/** One visual line: newlines shown as ↵, other control characters as spaces. */
function oneLine(s: string): string {
  return s.replace(/\r?\n/g, '↵').replace(/[\x00-\x1f\x7f]/g, ' ');
}

export function truncate(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}

/** Shrink the widest columns one step at a time until the row fits `maxWidth`. Columns marked `keep`
 * (numbers, dates: a cut one reads as a wrong value) shrink only once the text columns are at minimum. */
export function fitWidths(natural: number[], maxWidth: number | undefined, maxColumnWidth: number, keep: boolean[] = []): number[] {
  const widths = natural.map((w) => Math.min(w, maxColumnWidth));
  if (maxWidth === undefined) return widths;
  let excess = widths.reduce((a, b) => a + b, 0) + SEP.length * (widths.length - 1) + 2 - maxWidth;
  for (const pass of [false, true]) {
    while (excess > 0) {
      let widest = -1;
      widths.forEach((w, i) => {
        if ((pass || !keep[i]) && w > MIN_WIDTH && (widest < 0 || w > widths[widest]!)) widest = i;
      });
      if (widest < 0) break;
      widths[widest]!--;
      excess--;
    }
  }
  return widths;
}

/** Types whose values are wrong rather than shortened when cut. */
function keepWhole(type: string): boolean {
  return isNumericType(type) || /^(date|timestamp|time|boolean)/.test(type);
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - len(text)));
  return right ? fill + text : text + fill;
}

export function tableRenderer(opts: TableOptions = {}): Renderer {
  const style = opts.style ?? plain;
  let columns: Column[] = [];
  const rows: string[][] = [];
  // NULLs by position, so they can be dimmed after padding.
  const nulls = new Set<string>();
  return {
    begin(cols) {
      columns = cols;
      return '';
    },
    row(row: Row) {
      rows.push(row.map((c) => (c.text === null ? NULL_TEXT : oneLine(c.text))));
      row.forEach((c, i) => c.text === null && nulls.add(`${rows.length - 1}:${i}`));
      return '';
    },
    end(summary: RenderSummary) {
      return render(columns, rows, nulls, summary, opts, style);
    },
  };
}

function render(
  columns: Column[],
  rows: string[][],
  nulls: Set<string>,
  summary: RenderSummary,
  opts: TableOptions,
  style: { bold(s: string): string; dim(s: string): string },
): string {
  const out: string[] = [];
  const headers = columns.map((c) => oneLine(c.name));
  const natural = headers.map((h, i) => Math.max(len(h), ...rows.map((r) => len(r[i] ?? ''))));
  if (columns.length > 0 && rows.length > 0 && wantsExpanded(natural, opts)) {
    return renderExpanded(columns, rows, nulls, opts.maxWidth, style) + rowCountLine(summary) + '\n';
  }
  if (columns.length > 0) {
    const widths = fitWidths(natural, opts.maxWidth, opts.maxColumnWidth ?? Infinity, columns.map((c) => keepWhole(c.type)));
    const right = columns.map((c) => isNumericType(c.type));
    const line = (cells: string[]) => ' ' + cells.join(SEP).trimEnd();
    out.push(line(headers.map((h, i) => style.bold(pad(truncate(h, widths[i]!), widths[i]!, right[i]!)))));
    out.push(widths.map((w) => '─'.repeat(w + 2)).join('┼'));
    rows.forEach((r, ri) =>
      out.push(
        line(
          r.map((text, i) => {
            const cell = pad(truncate(text, widths[i]!), widths[i]!, right[i]!);
            return nulls.has(`${ri}:${i}`) ? style.dim(cell) : cell;
          }),
        ),
      ),
    );
  }
  out.push(rowCountLine(summary));
  return out.join('\n') + '\n';
}

/** Expanded when asked, or (auto) when the table would not fit even with long values cut to the column cap. */
function wantsExpanded(natural: number[], opts: TableOptions): boolean {
  const mode = opts.expanded ?? 'auto';
  if (mode !== 'auto') return mode === 'always';
  if (opts.maxWidth === undefined) return false;
  const capped = natural.map((w) => Math.min(w, opts.maxColumnWidth ?? Infinity));
  return capped.reduce((a, b) => a + b, 0) + SEP.length * (capped.length - 1) + 2 > opts.maxWidth;
}

export function rowCountLine({ rowCount, truncated, affected }: RenderSummary): string {
  if (affected) return `${affected.verb}: ${affected.count.toLocaleString('en-US')} ${affected.count === 1 ? 'row' : 'rows'}`;
  const n = `${rowCount.toLocaleString('en-US')} ${rowCount === 1 ? 'row' : 'rows'}`;
  return truncated ? `(${n}; more not shown, raise --max-rows)` : `(${n})`;
}
