// GetPartitions' Expression: the SQL-like filter Glue documents for partition keys
// (`year = '2024' AND month BETWEEN 1 AND 3`, `=, <>, !=, <, >, <=, >=, AND, OR, NOT, BETWEEN, IN, LIKE,
// IS [NOT] NULL`, parentheses). Keys of integer types (int, bigint, smallint, tinyint) compare as numbers,
// others as strings. What it cannot parse is an InvalidInputException, as Glue answers.
import { invalidInput } from './errors.js';

type Token = { kind: 'id' | 'str' | 'num' | 'op' | 'punct'; text: string };
export type PartitionPredicate = (values: Record<string, string>) => boolean;

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'LIKE', 'IS', 'NULL']);
const NUMERIC = /^(int|integer|bigint|smallint|tinyint|long)$/i;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)|(<>|!=|<=|>=|=|<|>)|([(),])|([A-Za-z_][\w]*|`[^`]+`))/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw invalidInput(`Unsupported expression '${text}': unexpected text at '${text.slice(i).trim()}'.`);
    i = re.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'str', text: m[1].slice(1, -1).replace(/''/g, "'") });
    else if (m[2] !== undefined) out.push({ kind: 'num', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'op', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'punct', text: m[4] });
    else out.push({ kind: 'id', text: m[5]!.replace(/`/g, '') });
  }
  return out;
}

/** Compiles an Expression over the table's partition keys (name → Glue type). */
export function compileExpression(text: string, keys: Record<string, string>): PartitionPredicate {
  const tokens = tokenize(text);
  let pos = 0;
  const fail = (why: string): never => {
    throw invalidInput(`Unsupported expression '${text}': ${why}.`);
  };
  const peekWord = (w: string) => tokens[pos]?.kind === 'id' && tokens[pos]!.text.toUpperCase() === w;
  const take = (w: string) => (peekWord(w) ? (pos++, true) : false);
  const expect = (t: string) => (tokens[pos]?.text === t ? pos++ : fail(`expected '${t}'`));

  function literal(): string {
    const t = tokens[pos++];
    if (!t || (t.kind !== 'str' && t.kind !== 'num')) return fail('expected a literal');
    return t.text;
  }
  function compare(key: string, a: string, b: string): number {
    if (NUMERIC.test(keys[key] ?? '')) return Number(a) - Number(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function predicate(): PartitionPredicate {
    const t = tokens[pos];
    if (t?.text === '(') {
      pos++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (take('NOT')) {
      const inner = predicate();
      return (v) => !inner(v);
    }
    if (!t || t.kind !== 'id' || KEYWORDS.has(t.text.toUpperCase())) return fail('expected a partition key');
    const key = t.text.toLowerCase();
    if (!(key in keys)) return fail(`${t.text} is not a partition key`);
    pos++;
    if (take('IS')) {
      const not = take('NOT');
      if (!take('NULL')) fail('expected NULL');
      return (v) => (v[key] === undefined) !== not;
    }
    const negate = take('NOT');
    let p: PartitionPredicate;
    if (take('BETWEEN')) {
      const lo = literal();
      if (!take('AND')) fail('expected AND in BETWEEN');
      const hi = literal();
      p = (v) => v[key] !== undefined && compare(key, v[key]!, lo) >= 0 && compare(key, v[key]!, hi) <= 0;
    } else if (take('IN')) {
      expect('(');
      const list = [literal()];
      while (tokens[pos]?.text === ',') {
        pos++;
        list.push(literal());
      }
      expect(')');
      p = (v) => v[key] !== undefined && list.some((x) => compare(key, v[key]!, x) === 0);
    } else if (take('LIKE')) {
      const pattern = literal();
      const re = new RegExp('^' + pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.') + '$', 's');
      p = (v) => v[key] !== undefined && re.test(v[key]!);
    } else {
      if (negate) fail('NOT must precede BETWEEN, IN or LIKE here');
      const op = tokens[pos++];
      if (op?.kind !== 'op') return fail('expected a comparison operator');
      const lit = literal();
      const test: Record<string, (c: number) => boolean> = {
        '=': (c) => c === 0, '<>': (c) => c !== 0, '!=': (c) => c !== 0,
        '<': (c) => c < 0, '>': (c) => c > 0, '<=': (c) => c <= 0, '>=': (c) => c >= 0,
      };
      const f = test[op.text]!;
      return (v) => v[key] !== undefined && f(compare(key, v[key]!, lit));
    }
    return negate ? (v) => !p(v) : p;
  }
  function and(): PartitionPredicate {
    let left = predicate();
    while (take('AND')) {
      const l = left;
      const r = predicate();
      left = (v) => l(v) && r(v);
    }
    return left;
  }
  function or(): PartitionPredicate {
    let left = and();
    while (take('OR')) {
      const l = left;
      const r = and();
      left = (v) => l(v) || r(v);
    }
    return left;
  }
  const result = or();
  if (pos < tokens.length) fail(`unexpected '${tokens[pos]!.text}'`);
  return result;
}
