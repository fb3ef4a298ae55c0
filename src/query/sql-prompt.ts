// Reading SQL statements typed at a terminal: a prompt, continuation lines until a line ends with `;` (or
// Ctrl-D), line editing and history (readline). Ctrl-C while typing drops what was typed (the `sql` shell)
// or gives up (`query -`); what happens to Ctrl-C while a query runs is the caller's (see onInterrupt).
import fs from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface StatementReaderOptions {
  input: Readable;
  output: Writable;
  prompt: string;
  /** Shown on continuation lines. */
  more: string;
  /** A file to load history from and save it to (0600); none → this session only. */
  historyFile?: string;
}

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

export interface StatementReader {
  /** The next statement without its trailing `;`; undefined at end of input (Ctrl-D on an empty line).
   * Rejects with Interrupted on Ctrl-C unless `keepOnInterrupt` (then the typed text is dropped). */
  read(opts?: { keepOnInterrupt?: boolean }): Promise<string | undefined>;
  /** Ctrl-C while not reading (a query runs): call this instead of the default. */
  onInterrupt(handler: (() => void) | undefined): void;
  close(): void;
}

const HISTORY_SIZE = 500;

export function statementReader(o: StatementReaderOptions): StatementReader {
  const history = loadHistory(o.historyFile);
  const rl: Interface = createInterface({ input: o.input, output: o.output, terminal: true, history, historySize: HISTORY_SIZE, prompt: o.prompt });
  let lines: string[] = [];
  let pending: { resolve(s: string | undefined): void; reject(e: Error): void; keep: boolean } | undefined;
  let idleInterrupt: (() => void) | undefined;
  let closed = false;
  const finish = (value: string | undefined) => {
    const p = pending;
    pending = undefined;
    lines = [];
    p?.resolve(value);
  };
  rl.on('line', (line) => {
    if (!pending) return;
    lines.push(line);
    const text = lines.join('\n');
    if (/;\s*$/.test(line)) return finish(text.replace(/[\s;]+$/, ''));
    if (lines.length === 1 && /^\s*(\\q|exit|quit)\s*$/i.test(line)) return finish(undefined);
    // Backslash commands (\x, \?) are one line, no `;`.
    if (lines.length === 1 && /^\s*\\/.test(line)) return finish(line.trim());
    rl.setPrompt(o.more);
    rl.prompt();
  });
  rl.on('SIGINT', () => {
    if (!pending) return idleInterrupt?.();
    if (pending.keep) {
      // As psql: Ctrl-C drops the statement being typed and asks again.
      lines = [];
      o.output.write('^C\n');
      rl.setPrompt(o.prompt);
      rl.prompt();
      return;
    }
    const p = pending;
    pending = undefined;
    o.output.write('^C\n');
    p.reject(new Interrupted());
  });
  rl.on('close', () => {
    closed = true;
    // Ctrl-D: a statement typed without `;` still runs; on an empty prompt it is the end.
    const text = lines.join('\n').trim();
    finish(text ? text.replace(/[\s;]+$/, '') : undefined);
  });
  return {
    read(opts = {}) {
      if (closed) return Promise.resolve(undefined);
      return new Promise((resolve, reject) => {
        pending = { resolve, reject, keep: opts.keepOnInterrupt === true };
        rl.setPrompt(o.prompt);
        rl.prompt();
      });
    },
    onInterrupt(handler) {
      idleInterrupt = handler;
    },
    close() {
      saveHistory(o.historyFile, (rl as unknown as { history: string[] }).history ?? []);
      rl.close();
    },
  };
}

function loadHistory(file: string | undefined): string[] {
  if (!file) return [];
  try {
    // readline keeps the newest first.
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(file: string | undefined, history: string[]): void {
  if (!file) return;
  try {
    fs.writeFileSync(file, [...history].reverse().slice(-HISTORY_SIZE).join('\n') + '\n', { mode: 0o600 });
  } catch {
    // History is a convenience: an unwritable home must not fail the session.
  }
}
