// Terminal output: colors (off with --no-color, NO_COLOR or a non-terminal), a spinner on a TTY and plain
// lines elsewhere, yes/no prompts that refuse to guess when nobody can answer.
import { createInterface } from 'node:readline/promises';
import { NotConfirmedError } from '../errors.js';
import type { Io, Ui } from './command.js';

export function wantsColor(io: Io, flag: boolean): boolean {
  return flag && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '') && io.isTTY;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createUi(io: Io, opts: { color: boolean; yes?: boolean }): Ui {
  const paint = (code: number, reset: number) => (s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[${reset}m` : s);
  const green = paint(32, 39);
  const red = paint(31, 39);
  const yellow = paint(33, 39);
  const dim = paint(2, 22);
  const errTTY = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const seconds = (start: number) => `${((Date.now() - start) / 1000).toFixed(1)}s`;
  return {
    color: opts.color,
    info: (msg) => void io.stderr.write(`${msg}\n`),
    warn: (msg) => void io.stderr.write(`${yellow('warning:')} ${msg}\n`),
    bold: paint(1, 22),
    dim,
    green,
    red,
    yellow,
    async step(label, work) {
      const start = Date.now();
      if (!errTTY) io.stderr.write(`${label}…\n`);
      let frame = 0;
      const timer = errTTY
        ? setInterval(() => io.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}`), 80)
        : undefined;
      try {
        const result = await work();
        if (timer) io.stderr.write(`\r\x1b[K${green('✓')} ${label} ${dim(seconds(start))}\n`);
        else io.stderr.write(`${label}: done in ${seconds(start)}\n`);
        return result;
      } catch (err) {
        if (timer) io.stderr.write(`\r\x1b[K${red('✗')} ${label}\n`);
        else io.stderr.write(`${label}: failed after ${seconds(start)}\n`);
        throw err;
      } finally {
        if (timer) clearInterval(timer);
      }
    },
    async confirm(question) {
      if (opts.yes) return true;
      if ((io.stdin as { isTTY?: boolean }).isTTY !== true) {
        throw new NotConfirmedError(`confirmation needed, and there is no terminal to ask: ${question}`, 'pass --yes (-y) to confirm');
      }
      const rl = createInterface({ input: io.stdin, output: io.stderr });
      try {
        const answer = (await rl.question(`${question} [y/N] `)).trim().toLowerCase();
        return answer === 'y' || answer === 'yes';
      } finally {
        rl.close();
      }
    },
  };
}
