// Live feedback while producing, on stderr (stdout carries --print records or the JSON summary):
// a redrawn bar on a terminal, a plain line every few seconds otherwise, JSON lines with --output json
// (accepted counts and each shard's highest sequence number, so a caller knows what is durable).
import type { Writable } from 'node:stream';
import { formatDuration } from './duration.js';
import { compact, int, megabytes } from './format.js';
import type { ProduceStats } from './stats.js';

export type ProgressMode = 'bar' | 'lines' | 'json' | 'off';

export interface ProgressOptions {
  mode: ProgressMode;
  out: Writable;
  stats: ProduceStats;
  /** Records to produce (Infinity with --duration). */
  total: number;
  durationMs?: number;
  /** Redraw/print period; defaults: bar 200 ms, lines 5 s, json 1 s. */
  intervalMs?: number;
}

const DEFAULT_INTERVAL: Record<ProgressMode, number> = { bar: 200, lines: 5000, json: 1000, off: 0 };
const BAR_WIDTH = 24;

export class ProgressReporter {
  private timer: NodeJS.Timeout | undefined;
  /** Recent samples for a moving records/s (last ~2 s). */
  private samples: Array<{ t: number; accepted: number }> = [];

  constructor(private readonly opts: ProgressOptions) {
    this.samples.push({ t: opts.stats.startedAt, accepted: 0 });
  }

  start(): void {
    if (this.opts.mode === 'off') return;
    const every = this.opts.intervalMs ?? DEFAULT_INTERVAL[this.opts.mode];
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  /** Final tick (the bar at its last state, then a newline) and stop. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.tick();
    if (this.opts.mode === 'bar') this.opts.out.write('\n');
  }

  private tick(): void {
    const { stats, out, mode } = this.opts;
    const now = performance.now();
    this.samples.push({ t: now, accepted: stats.accepted });
    while (this.samples.length > 2 && now - this.samples[0]!.t > 2000) this.samples.shift();
    const first = this.samples[0]!;
    const rate = now > first.t ? ((stats.accepted - first.accepted) * 1000) / (now - first.t) : 0;
    if (mode === 'json') out.write(JSON.stringify(this.jsonLine(now)) + '\n');
    else if (mode === 'lines') out.write(this.plainLine(rate) + '\n');
    else if (mode === 'bar') out.write('\r\x1b[2K' + this.barLine(now, rate));
  }

  private fraction(now: number): number | undefined {
    const { stats, total, durationMs } = this.opts;
    if (Number.isFinite(total)) return total > 0 ? Math.min(1, (stats.accepted + stats.failed) / total) : 1;
    if (durationMs) return Math.min(1, stats.elapsedMs(now) / durationMs);
    return undefined;
  }

  private eta(now: number, rate: number): string {
    const { stats, total, durationMs } = this.opts;
    if (Number.isFinite(total)) {
      const left = total - stats.accepted - stats.failed;
      return rate > 0 ? formatDuration((left / rate) * 1000) : '--:--';
    }
    if (durationMs) return formatDuration(durationMs - stats.elapsedMs(now));
    return '--:--';
  }

  barLine(now: number, rate: number): string {
    const { stats, total } = this.opts;
    const f = this.fraction(now);
    const filled = f === undefined ? 0 : Math.round(f * BAR_WIDTH);
    const bar = f === undefined ? '' : `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(f * 100)).padStart(3)}% `;
    const count = Number.isFinite(total) ? `${int(stats.accepted)}/${int(total)}` : int(stats.accepted);
    const failed = stats.failed ? ` · ${int(stats.failed)} failed` : '';
    return `${bar}${count} rec · ${compact(rate)} rec/s · ${megabytes(stats.acceptedBytes)} · ${int(stats.retried)} retries${failed} · ETA ${this.eta(now, rate)}`;
  }

  plainLine(rate: number): string {
    const { stats, total } = this.opts;
    const of = Number.isFinite(total) ? `/${int(total)}` : '';
    return (
      `produce: ${int(stats.accepted)}${of} records accepted, ${int(rate)} rec/s, ${megabytes(stats.acceptedBytes)}, ` +
      `${int(stats.retried)} retried, ${int(stats.failed)} failed, ${formatDuration(stats.elapsedMs())} elapsed`
    );
  }

  jsonLine(now: number): Record<string, unknown> {
    const { stats } = this.opts;
    return {
      event: 'progress',
      accepted: stats.accepted,
      retried: stats.retried,
      throttled: stats.throttled,
      failed: stats.failed,
      bytes: stats.acceptedBytes,
      elapsedMs: Math.round(stats.elapsedMs(now)),
      lastSequenceNumbers: Object.fromEntries([...stats.shards].map(([id, s]) => [id, s.lastSequence])),
    };
  }
}
