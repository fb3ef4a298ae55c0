// The parsed YAML with node positions, so every problem can point at file:line:col.
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { SpecProblem } from '../errors.js';
import { formatPath, type SpecPath } from './spec.js';
import { rewordParseError } from './yaml-limits.js';

export class SpecSource {
  readonly lineCounter = new LineCounter();
  readonly doc: Document;
  readonly problems: SpecProblem[] = [];

  constructor(
    readonly text: string,
    /** The file name shown in messages (relative to the working directory when inside it). */
    readonly display: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: true, uniqueKeys: true });
    for (const err of this.doc.errors) {
      const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
      const first = rewordParseError(err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
      const hint = bracketHint(text.split('\n')[pos.line - 1] ?? '');
      this.problems.push({ file: display, line: pos.line, col: pos.col, path: '', message: `YAML syntax error: ${first}${hint}` });
      // The errors after an unquoted `bucket[16]` in a flow collection all follow from it: show the cause only.
      if (hint) break;
    }
  }

  /** The position of the value at `at` (or of its key with `key: true`); falls back to the nearest parent. */
  locate(at: SpecPath, opts: { key?: boolean; within?: string } = {}): { line: number; col: number } {
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    let found = node as Node | undefined;
    for (const seg of at) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
        if (!pair) break;
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else break;
      if (node && typeof node === 'object' && 'range' in node) found = node as Node;
      else if (keyNode) found = keyNode; // `key:` with no value: point at the key
      else break;
    }
    const target = opts.key && keyNode ? keyNode : found;
    let offset = target?.range?.[0] ?? 0;
    if (opts.within && isScalar(target) && typeof target.value === 'string') {
      // Point inside a one-line string at the offending part, when the source text shows it verbatim.
      const quote = target.type === 'QUOTE_DOUBLE' || target.type === 'QUOTE_SINGLE' ? 1 : 0;
      const at = target.value.indexOf(opts.within);
      const start = offset + quote + at;
      if (at >= 0 && this.text.slice(start, start + opts.within.length) === opts.within) offset = start;
    }
    return this.lineCounter.linePos(offset);
  }

  /** Record a problem about the value at `at`; the message is prefixed with the dotted path. */
  add(at: SpecPath, message: string, opts: { key?: boolean; anchor?: SpecPath; within?: string } = {}): void {
    const p = formatPath(at);
    const { line, col } = this.locate(opts.anchor ?? at, opts);
    this.problems.push({ file: this.display, line, col, path: p, message: p ? `${p} ${message}` : message });
  }
}

/** `config.yaml` for a file in the working directory, the absolute path for one elsewhere. */
export function displayName(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Inside `{ … }` or `[ … ]` an unquoted value like bucket[16] opens a YAML list: say to quote it. */
function bracketHint(line: string): string {
  const m = /(\w+)\s*:\s*([A-Za-z_]\w*\[[^\]"']*\])/.exec(line);
  if (!m || !/[{[]/.test(line.slice(0, m.index))) return '';
  return ` (in a { } or [ ] collection an unquoted ${m[2]} starts a YAML list: quote it, ${m[1]}: "${m[2]}")`;
}
