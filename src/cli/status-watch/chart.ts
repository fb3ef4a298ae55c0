// Terminal charts for `status --watch`: a panel is a title with its unit and latest/peak values, a bar chart
// a few rows high drawn with eighth blocks (so 4 rows give 32 levels), a y axis labelled with the peak and
// zero, and an x axis with HH:MM (UTC) labels under it. Pure: values in, lines out (tested directly).
import type { Panel } from '../../console/metrics.js';

const BLOCKS = ' ▁▂▃▄▅▆▇█';

/** 1234 → "1.2k", 0.5 → "0.5", 12 → "12". */
export function compact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim(n / 1e9)}G`;
  if (a >= 1e6) return `${trim(n / 1e6)}M`;
  if (a >= 1e3) return `${trim(n / 1e3)}k`;
  return trim(n);
}

function trim(n: number): string {
  const s = Math.abs(n) >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(1);
  return s.replace(/\.0$/, '');
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export interface ChartOptions {
  startMs: number;
  periodMs: number;
  /** Rows of bars (each row holds 8 levels). */
  height: number;
  bold?: (s: string) => string;
  dim?: (s: string) => string;
  /** Draw the x axis and its time labels (false: panels stacked above share the last one's). */
  axis?: boolean;
}

/** The panel's lines; the chart shows the last values that fit in `width` columns. */
export function renderPanel(panel: Panel, width: number, o: ChartOptions): string[] {
  const bold = o.bold ?? ((s: string) => s);
  const dim = o.dim ?? ((s: string) => s);
  const axisW = 7; // "  1.2k ┤"
  const cols = Math.max(10, Math.min(panel.values.length, width - axisW - 2));
  const values = panel.values.slice(-cols);
  const firstMs = o.startMs + (panel.values.length - cols) * o.periodMs;
  const known = values.filter((v): v is number => v !== null);
  const peak = known.length ? Math.max(...known) : 0;
  const latest = [...values].reverse().find((v) => v !== null);
  // Narrow panels drop the CloudWatch metric name ("Records in · IncomingRecords" → "Records in"), then cut.
  const short = panel.title.split(' · ')[0]!;
  const total = panel.stat === 'Sum' ? `  total ${compact(known.reduce((a, b) => a + b, 0))}` : '';
  const stats = `now ${latest === undefined || latest === null ? '–' : compact(latest)}  peak ${compact(peak)}${total}`;
  const fits = (title: string) => title.length + panel.unit.length + stats.length + 3 <= width;
  const title = fits(panel.title) ? panel.title : fits(short) ? short : short.slice(0, Math.max(1, width - panel.unit.length - stats.length - 4)) + '…';
  const lines = [`${bold(title)} ${dim(panel.unit)}  ${dim(stats)}`];
  const levels = o.height * 8;
  // Any value above zero shows at least one eighth, so a trickle is not mistaken for nothing.
  const scaled = values.map((v) => (v === null ? -1 : peak > 0 ? Math.max(v > 0 ? 1 : 0, Math.round((v / peak) * levels)) : 0));
  for (let row = o.height - 1; row >= 0; row--) {
    const label = row === 0 ? '0' : row === o.height - 1 && peak > 0 ? compact(peak) : '';
    let bar = '';
    for (const s of scaled) {
      if (s < 0) bar += row === 0 ? dim('·') : ' '; // no data point in that minute
      else bar += BLOCKS[Math.max(0, Math.min(8, s - row * 8))];
    }
    lines.push(`${label.padStart(axisW - 2)} ┤${bar}`);
  }
  if (o.axis !== false) {
    lines.push(`${' '.repeat(axisW - 2)} └${'─'.repeat(cols)}`);
    lines.push(' '.repeat(axisW) + timeAxis(firstMs, o.periodMs, cols));
  }
  return lines;
}

/** HH:MM labels under the first column, every 15 columns, and ending under the last column, never overlapping. */
function timeAxis(firstMs: number, periodMs: number, cols: number): string {
  const out = new Array<string>(cols).fill(' ');
  const put = (col: number, at: number) => {
    const text = hhmm(firstMs + col * periodMs);
    if (at < 0 || at + text.length > cols) return;
    for (let k = Math.max(0, at - 1); k < Math.min(cols, at + text.length + 1); k++) if (out[k] !== ' ') return;
    for (let k = 0; k < text.length; k++) out[at + k] = text[k]!;
  };
  put(cols - 1, cols - 5);
  put(0, 0);
  for (let c = 15; c < cols - 8; c += 15) put(c, c);
  return `${out.join('').trimEnd()} UTC`;
}
