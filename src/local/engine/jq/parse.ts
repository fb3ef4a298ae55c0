// A parser for the part of jq 1.6 that Firehose dynamic partitioning queries use: paths (.a.b, ."a b",
// .["a"], .[0], optional ?), pipes, object construction ({k: .x, "k": .y, k}), literals, the alternative
// operator //, comparisons, and a few builtins (tostring, ascii_downcase, strftime("%Y"), split, ltrimstr…). Why our own: the npm jq ports are either the C
// jq compiled to wasm (a heavy async start and jq 1.7, not 1.6) or unmaintained; Firehose's queries are tiny.
// Anything outside this subset is refused at parse time with a message, never guessed at.

export type Node =
  | { kind: 'identity' }
  | { kind: 'index'; target: Node; key: string | number; optional: boolean }
  | { kind: 'pipe'; left: Node; right: Node }
  | { kind: 'object'; entries: Array<{ key: string | Node; value: Node }> }
  | { kind: 'literal'; value: unknown }
  | { kind: 'alt'; left: Node; right: Node }
  | { kind: 'compare'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args?: Node[] };

export class JqSyntaxError extends Error {}

const BUILTINS = new Set(['tostring', 'tonumber', 'ascii_downcase', 'ascii_upcase', 'length', 'not', 'type', 'floor', 'keys', 'todate']);
/** Builtins with one argument (jq's name/1). */
const BUILTINS_1 = new Set(['strftime', 'split', 'ltrimstr', 'rtrimstr', 'join']);

type Tok = { t: 'punct' | 'ident' | 'string' | 'number' | 'field' | 'eof'; v: string; at: number };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['//', '==', '!=', '<=', '>='].includes(two)) {
      out.push({ t: 'punct', v: two, at: i });
      i += 2;
      continue;
    }
    if (c === '.' && /[A-Za-z_]/.test(src[i + 1] ?? '')) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      out.push({ t: 'field', v: src.slice(i + 1, j), at: i });
      i = j;
      continue;
    }
    if ('.|{}[]():,?<>'.includes(c)) {
      out.push({ t: 'punct', v: c, at: i });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') {
          const e = src[j + 1];
          if (e === '(') throw new JqSyntaxError(`string interpolation at ${j} is not supported`);
          if (e === 'u') {
            s += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          s += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e!] ?? e;
          j += 2;
          continue;
        }
        s += src[j++];
      }
      if (j >= src.length) throw new JqSyntaxError(`unterminated string starting at ${i}`);
      out.push({ t: 'string', v: s, at: i });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'number', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_$]/.test(src[j]!)) j++;
      out.push({ t: 'ident', v: src.slice(i, j), at: i });
      i = j;
      continue;
    }
    throw new JqSyntaxError(`unexpected character '${c}' at ${i}`);
  }
  out.push({ t: 'eof', v: '', at: src.length });
  return out;
}

export function parseJq(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p]!;
  const isP = (v: string) => peek().t === 'punct' && peek().v === v;
  const expect = (v: string) => {
    if (!isP(v)) throw new JqSyntaxError(`expected '${v}' at ${peek().at}, found ${peek().v ? `'${peek().v}'` : 'end of query'}`);
    p++;
  };

  const pipe = (): Node => {
    let left = alt();
    while (isP('|')) {
      p++;
      left = { kind: 'pipe', left, right: alt() };
    }
    return left;
  };
  const alt = (): Node => {
    const left = compare();
    if (isP('//')) {
      p++;
      return { kind: 'alt', left, right: alt() };
    }
    return left;
  };
  const compare = (): Node => {
    const left = postfix();
    const t = peek();
    if (t.t === 'punct' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      p++;
      return { kind: 'compare', op: t.v, left, right: postfix() };
    }
    return left;
  };
  const suffixes = (target: Node): Node => {
    for (;;) {
      const t = peek();
      if (t.t === 'field') {
        p++;
        target = { kind: 'index', target, key: t.v, optional: false };
      } else if (t.t === 'punct' && t.v === '.' && toks[p + 1]?.t === 'string') {
        p++;
        target = { kind: 'index', target, key: toks[p++]!.v, optional: false };
      } else if (t.t === 'punct' && (t.v === '[' || (t.v === '.' && toks[p + 1]?.v === '['))) {
        if (t.v === '.') p++;
        p++;
        const k = peek();
        if (k.t !== 'string' && k.t !== 'number') throw new JqSyntaxError(`only .["key"] and .[n] index forms are supported (at ${k.at})`);
        p++;
        expect(']');
        target = { kind: 'index', target, key: k.t === 'number' ? Number(k.v) : k.v, optional: false };
      } else if (t.t === 'punct' && t.v === '?' && target.kind === 'index') {
        p++;
        target = { ...target, optional: true };
      } else return target;
    }
  };
  const postfix = (): Node => {
    const t = peek();
    if (t.t === 'field') return suffixes({ kind: 'identity' });
    if (t.t === 'punct' && t.v === '.') {
      const next = toks[p + 1]!;
      if (next.t === 'string' || (next.t === 'punct' && next.v === '[')) return suffixes({ kind: 'identity' });
      p++;
      return suffixes({ kind: 'identity' });
    }
    if (t.t === 'punct' && t.v === '(') {
      p++;
      const inner = pipe();
      expect(')');
      return suffixes(inner);
    }
    if (t.t === 'punct' && t.v === '{') return object();
    if (t.t === 'string') {
      p++;
      return { kind: 'literal', value: t.v };
    }
    if (t.t === 'number') {
      p++;
      return { kind: 'literal', value: Number(t.v) };
    }
    if (t.t === 'ident') {
      p++;
      if (t.v === 'null') return { kind: 'literal', value: null };
      if (t.v === 'true' || t.v === 'false') return { kind: 'literal', value: t.v === 'true' };
      if (BUILTINS_1.has(t.v) && isP('(')) {
        p++;
        const arg = pipe();
        expect(')');
        return suffixes({ kind: 'call', name: t.v, args: [arg] });
      }
      if (BUILTINS.has(t.v)) return { kind: 'call', name: t.v };
      throw new JqSyntaxError(`${t.v}/0 is not defined or not supported by this evaluator (at ${t.at})`);
    }
    throw new JqSyntaxError(`unexpected ${t.v ? `'${t.v}'` : 'end of query'} at ${t.at}`);
  };
  // jq's ExpD: terms joined by pipes; `//` or `==` inside an object value need parentheses, as in jq.
  const objectValue = (): Node => {
    let left = postfix();
    while (isP('|')) {
      p++;
      left = { kind: 'pipe', left, right: postfix() };
    }
    return left;
  };
  const object = (): Node => {
    expect('{');
    const entries: Array<{ key: string | Node; value: Node }> = [];
    while (!isP('}')) {
      const k = peek();
      let key: string | Node;
      if (k.t === 'ident' || k.t === 'string') {
        p++;
        key = k.v;
      } else if (k.t === 'punct' && k.v === '(') {
        p++;
        key = pipe();
        expect(')');
      } else throw new JqSyntaxError(`expected an object key at ${k.at}`);
      if (isP(':')) {
        p++;
        entries.push({ key, value: objectValue() });
      } else if (typeof key === 'string') {
        // {status} is {status: .status}
        entries.push({ key, value: { kind: 'index', target: { kind: 'identity' }, key, optional: false } });
      } else throw new JqSyntaxError(`expected ':' at ${peek().at}`);
      if (!isP(',')) break;
      p++;
    }
    expect('}');
    return { kind: 'object', entries };
  };

  const node = pipe();
  if (peek().t !== 'eof') throw new JqSyntaxError(`unexpected '${peek().v}' at ${peek().at}`);
  return node;
}
