// A pseudo-terminal for tests: the lakehouse CLI in a detached tmux session of a given size, keys sent as a
// user types them, the screen read back (capture-pane). Each session has its own tmux server (-L), so
// tests never touch a user's tmux. `hasTmux` tells whether tmux is installed (Makefile test-deps installs it).
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../src/cli/bin.ts');
const TSX = path.resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs');

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

let counter = 0;

export interface Tty {
  /** Text as typed (no key names interpreted), then Enter when `enter`. */
  type(text: string, enter?: boolean): void;
  /** Key names: Enter, C-c, C-d, Up… */
  keys(...names: string[]): void;
  screen(): string;
  /** Poll the screen (and scrollback) until `re` matches; throws with the screen after `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** The command's exit code, once it has ended (printed by the wrapper shell). */
  exitCode(timeoutMs?: number): Promise<number>;
  close(): void;
}

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function lakehouseTty(args: string[], o: { cwd: string; env?: Record<string, string>; width?: number; height?: number }): Tty {
  const sock = `lakehouse-test-${process.pid}-${++counter}`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', sock, ...a], { encoding: 'utf8' });
  const env = { NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...o.env };
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${q(v)};`).join(' ');
  const cmd = [process.execPath, '--import', TSX, BIN, ...args].map(q).join(' ');
  // The shell stays after the command so its last screen and exit code can be read. Ctrl-C reaches the whole
  // foreground group: the trap (a handler, reset to default in the command it runs) keeps the shell alive.
  const script = `trap 'true' INT; ${exports} ${cmd}; echo "[exit $?]"; sleep 600`;
  tmux('new-session', '-d', '-s', 't', '-x', String(o.width ?? 80), '-y', String(o.height ?? 40), '-c', o.cwd, 'sh', '-c', script);
  tmux('set-option', '-t', 't', 'history-limit', '5000');
  const screen = () => tmux('capture-pane', '-p', '-J', '-t', 't', '-S', '-5000');
  const tty: Tty = {
    type(text, enter = false) {
      // tmux reads an argument ending in `;` as a command separator; `\;` is the literal semicolon.
      tmux('send-keys', '-t', 't', '-l', text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text);
      if (enter) tmux('send-keys', '-t', 't', 'Enter');
    },
    keys(...names) {
      tmux('send-keys', '-t', 't', ...names);
    },
    screen,
    async waitFor(re, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const s = screen();
        if (re.test(s)) return s;
        if (Date.now() > end) throw new Error(`timed out waiting for ${re} on the terminal:\n${s}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async exitCode(timeoutMs = 30_000) {
      const s = await tty.waitFor(/\[exit \d+\]/, timeoutMs);
      return Number(/\[exit (\d+)\]/.exec(s)![1]);
    },
    close() {
      try {
        tmux('kill-server');
      } catch {
        /* already gone */
      }
    },
  };
  return tty;
}
