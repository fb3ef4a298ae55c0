// Ctrl-C: the first one aborts the command's signal so it can stop cleanly; the second exits at once.
import { ExitCode } from '../errors.js';
import type { Ui } from './command.js';

export function onInterrupt(ui: Ui): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    ui.warn('stopping… (press Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => void process.off('SIGINT', handler) };
}
