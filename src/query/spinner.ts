// While a query runs, a one-line spinner on a terminal's stderr: Athena's state, time elapsed, data scanned
// so far (as GetQueryExecution reports it). Erased before the first row is written; nothing off a terminal.
import type { Writable } from 'node:stream';
import { humanBytes } from './footer.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface QueryProgress {
  state: string;
  scannedBytes?: number;
}

export interface Spinner {
  update(p: QueryProgress): void;
  stop(): void;
}

export function querySpinner(out: Writable, enabled: boolean, dim: (s: string) => string = (s) => s): Spinner {
  if (!enabled) return { update() {}, stop() {} };
  const started = Date.now();
  let progress: QueryProgress = { state: 'SUBMITTING' };
  let frame = 0;
  let stopped = false;
  const draw = () => {
    const parts = [progress.state, `${((Date.now() - started) / 1000).toFixed(1)} s`];
    if (progress.scannedBytes !== undefined) parts.push(`scanned ${humanBytes(progress.scannedBytes)}`);
    out.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${dim(parts.join(' · '))}`);
  };
  const timer = setInterval(draw, 100);
  draw();
  return {
    update(p) {
      progress = { ...progress, ...p };
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      out.write('\r\x1b[K');
    },
  };
}
