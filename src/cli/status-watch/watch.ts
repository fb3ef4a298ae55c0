// `lakehouse status --watch`: a live terminal dashboard of the pipeline from CloudWatch (records in and out
// per minute, throttles, iterator age, freshness, failed conversions) and the error-prefix object count,
// redrawn every --interval seconds until Ctrl-C. The same code for local and aws: only the clients differ.
import type { CommandContext } from '../command.js';
import { renderPanel } from './chart.js';
import type { Dashboard } from '../../console/metrics.js';

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[?25l';
const ALT_SCREEN_OFF = '\x1b[?25h\x1b[?1049l';
const HOME_CLEAR = '\x1b[H\x1b[2J';

export async function watchStatus(ctx: CommandContext): Promise<number> {
  const { cloudWatchFor, fetchDashboard } = await import('../../console/metrics.js');
  const pipeline = await ctx.loadPipeline();
  const clients = await ctx.openClients(pipeline);
  const cw = await cloudWatchFor(clients);
  const out = ctx.io.stdout as NodeJS.WriteStream;
  const tty = ctx.io.isTTY;
  const everyMs = Math.max(1, Number(ctx.args.interval ?? 5)) * 1000;
  if (tty) out.write(ALT_SCREEN_ON);
  try {
    while (!ctx.signal.aborted) {
      const columns = tty ? out.columns || 100 : 100;
      const rows = tty ? out.rows || 40 : 40;
      const twoUp = columns >= 100;
      const panelWidth = twoUp ? Math.floor((columns - 3) / 2) : columns;
      let body: string;
      const minutes = Math.max(10, Math.min(60, panelWidth - 9));
      const columnsNote = `${minutes} min`;
      try {
        const d = await fetchDashboard(cw, clients, pipeline, { minutes });
        body = frame(ctx, d, panelWidth, twoUp, rows);
      } catch (e) {
        if (ctx.signal.aborted) break;
        body = ctx.ui.red(`CloudWatch did not answer: ${(e as Error).message}`) + '\n';
      }
      const header =
        `${ctx.ui.bold(`lakehouse · ${pipeline.name}`)} ${ctx.ui.dim(`(${pipeline.provider}, ${pipeline.region})`)}  ` +
        ctx.ui.dim(`${pipeline.source === 'direct_put' ? 'Direct PUT' : pipeline.stream.name} → ${pipeline.delivery.name} → s3://${pipeline.bucket.name}`) +
        `\n${ctx.ui.dim(`updated ${new Date().toISOString().slice(11, 19)} UTC, every ${everyMs / 1000}s · per minute, last ${columnsNote} · Ctrl-C to stop`)}`;
      out.write(`${tty ? HOME_CLEAR : '\n'}${header}\n${body}`);
      await sleep(everyMs, ctx.signal);
    }
  } finally {
    if (tty) out.write(ALT_SCREEN_OFF);
    cw.destroy();
    await clients.close();
  }
  return 0;
}

function frame(ctx: CommandContext, d: Dashboard, width: number, twoUp: boolean, rows: number): string {
  // Two rows of bars per chart on a short terminal, three when there is room.
  // and on a terminal too short for every panel's time axis, only the bottom panels keep theirs.
  const perColumn = twoUp ? Math.ceil(d.panels.length / 2) : d.panels.length;
  const height = rows >= perColumn * 7 + 6 ? 3 : 2;
  const everyAxis = rows >= perColumn * (height + 4) + 6;
  const opts = { startMs: d.startMs, periodMs: d.periodMs, height, bold: ctx.ui.bold, dim: ctx.ui.dim };
  const step = twoUp ? 2 : 1;
  const blocks = d.panels.map((p, i) => renderPanel(p, width, { ...opts, axis: everyAxis || i >= d.panels.length - step }));
  const lines: string[] = [];
  for (let i = 0; i < blocks.length; i += twoUp ? 2 : 1) {
    const left = blocks[i]!;
    const right = twoUp ? blocks[i + 1] : undefined;
    for (let k = 0; k < left.length; k++) {
      lines.push(right ? `${padVisible(left[k]!, width)}   ${right[k] ?? ''}` : left[k]!);
    }
    lines.push('');
  }
  const errors = d.errorObjects === null ? '–' : d.errorObjects.toLocaleString('en-US');
  const note = d.errorObjects ? ctx.ui.yellow(errors) : errors;
  lines.push(`Objects under the error prefix (records Firehose could not convert): ${note}`);
  return lines.join('\n') + '\n';
}

/** Pad to a visible width (ANSI colour codes take no columns). */
function padVisible(s: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const visible = s.replace(/\x1b\[[0-9;]*m/g, '').length;
  return visible >= width ? s : s + ' '.repeat(width - visible);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
