// Metric math for GetMetricData's `Expression`: + - * / ^, parentheses, numbers, query ids, and the
// functions the console and `status --watch` use (SUM, AVG, MIN, MAX on an array or series, ABS, RATE,
// DIFF, FILL(m, value|REPEAT), PERIOD, METRICS()). Series are Map<timestamp ms, value>; arithmetic on two
// series keeps the timestamps both have, as CloudWatch does. Anything else fails loudly (ValidationError).
import { AwsError } from '../../types.js';

export type TS = Map<number, number>;
export type Value = number | TS | TS[];

export interface MathEnv {
  /** A query's series by id (MetricStat results and earlier expressions). */
  series(id: string): TS | undefined;
  /** Every MetricStat series of the request, for METRICS(). */
  all(): TS[];
  periodSeconds: number;
}

const fail = (msg: string) => new AwsError('ValidationError', msg, 400);

type Tok = { k: 'num'; v: number } | { k: 'id'; v: string } | { k: 'op'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*")|(.))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    if (m[1]) out.push({ k: 'num', v: Number(m[1]) });
    else if (m[2]) out.push({ k: 'id', v: m[2] });
    else if (m[3]) throw fail(`Unsupported metric math: string literals (${m[3]}) are not supported locally`);
    else if (m[4] && m[4].trim()) {
      if (!'+-*/^(),[]'.includes(m[4])) throw fail(`Syntax error in metric math expression at '${m[4]}'`);
      out.push({ k: 'op', v: m[4] });
    }
  }
  return out;
}

export function evaluate(expression: string, env: MathEnv): Value {
  const toks = tokenize(expression);
  let i = 0;
  const peek = (v: string) => toks[i]?.k === 'op' && toks[i]!.v === v;
  const expect = (v: string) => {
    if (!peek(v)) throw fail(`Syntax error in metric math expression: expected '${v}'`);
    i++;
  };
  const expr = (): Value => {
    let left = term();
    while (peek('+') || peek('-')) {
      const op = (toks[i++] as { v: string }).v;
      left = binary(left, term(), op === '+' ? (a, b) => a + b : (a, b) => a - b);
    }
    return left;
  };
  const term = (): Value => {
    let left = unary();
    while (peek('*') || peek('/')) {
      const op = (toks[i++] as { v: string }).v;
      left = binary(left, unary(), op === '*' ? (a, b) => a * b : (a, b) => a / b);
    }
    return left;
  };
  const unary = (): Value => {
    if (peek('-')) {
      i++;
      return binary(-1, unary(), (a, b) => a * b);
    }
    const base = primary();
    if (peek('^')) {
      i++;
      return binary(base, unary(), (a, b) => a ** b);
    }
    return base;
  };
  const primary = (): Value => {
    const t = toks[i++];
    if (!t) throw fail('Syntax error in metric math expression: unexpected end');
    if (t.k === 'num') return t.v;
    if (t.k === 'op' && t.v === '(') {
      const v = expr();
      expect(')');
      return v;
    }
    if (t.k === 'op' && t.v === '[') {
      const items: TS[] = [];
      while (!peek(']')) {
        items.push(...asArray(expr()));
        if (!peek(']')) expect(',');
      }
      i++;
      return items;
    }
    if (t.k === 'id' && peek('(')) {
      i++;
      const args: Value[] = [];
      while (!peek(')')) {
        args.push(expr());
        if (!peek(')')) expect(',');
      }
      i++;
      return call(t.v.toUpperCase(), args, env);
    }
    if (t.k === 'id') {
      const s = env.series(t.v);
      if (!s) throw fail(`Unrecognized reference(s): ${t.v}`);
      return s;
    }
    throw fail(`Syntax error in metric math expression at '${t.v}'`);
  };
  const v = expr();
  if (i < toks.length) throw fail('Syntax error in metric math expression: unexpected input after the end');
  return v;
}

function asArray(v: Value): TS[] {
  if (typeof v === 'number') throw fail('Metric math: a number where a time series was expected');
  return Array.isArray(v) ? v : [v];
}

function binary(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (Array.isArray(a)) return a.map((s) => binary(s, b, f) as TS);
  if (Array.isArray(b)) return b.map((s) => binary(a, s, f) as TS);
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const out: TS = new Map();
  if (typeof a === 'number') for (const [t, y] of b as TS) out.set(t, f(a, y));
  else if (typeof b === 'number') for (const [t, x] of a) out.set(t, f(x, b));
  else for (const [t, x] of a) if (b.has(t)) out.set(t, f(x, b.get(t)!));
  return out;
}

const sorted = (s: TS) => [...s].sort((x, y) => x[0] - y[0]);

function across(list: TS[], f: (vals: number[]) => number): TS {
  const stamps = new Map<number, number[]>();
  for (const s of list) for (const [t, v] of s) (stamps.get(t) ?? stamps.set(t, []).get(t)!).push(v);
  return new Map([...stamps].map(([t, vals]) => [t, f(vals)]));
}

const REDUCE: Record<string, (v: number[]) => number> = {
  SUM: (v) => v.reduce((a, b) => a + b, 0),
  AVG: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  MIN: (v) => Math.min(...v),
  MAX: (v) => Math.max(...v),
};

function call(name: string, args: Value[], env: MathEnv): Value {
  const one = (): TS => {
    const a = args[0];
    if (a === undefined || typeof a === 'number' || Array.isArray(a)) throw fail(`${name} takes a time series`);
    return a;
  };
  const reduce = REDUCE[name];
  if (reduce) {
    const a = args[0];
    if (a === undefined || typeof a === 'number') throw fail(`${name} takes a time series or an array of time series`);
    // On one series CloudWatch gives a scalar (over all its points); on an array, a series across them.
    return Array.isArray(a) ? across(a, reduce) : a.size ? reduce([...a.values()]) : NaN;
  }
  switch (name) {
    case 'METRICS':
      return env.all();
    case 'PERIOD':
      return env.periodSeconds;
    case 'ABS':
      return binary(args[0] ?? NaN, 0, (x) => Math.abs(x));
    case 'RATE':
    case 'DIFF': {
      const pts = sorted(one());
      const out: TS = new Map();
      for (let k = 1; k < pts.length; k++) {
        const d = pts[k]![1] - pts[k - 1]![1];
        out.set(pts[k]![0], name === 'DIFF' ? d : d / ((pts[k]![0] - pts[k - 1]![0]) / 1000));
      }
      return out;
    }
    case 'FILL': {
      const s = one();
      const fill = args[1];
      const grid = new Set<number>();
      for (const o of env.all()) for (const t of o.keys()) grid.add(t);
      for (const t of s.keys()) grid.add(t);
      const out: TS = new Map();
      let last: number | undefined;
      for (const t of [...grid].sort((a, b) => a - b)) {
        if (s.has(t)) last = s.get(t)!;
        const v = s.has(t) ? s.get(t)! : typeof fill === 'number' ? fill : last;
        if (v !== undefined) out.set(t, v);
      }
      return out;
    }
    case 'REPEAT':
      return NaN; // only meaningful as FILL's second argument (handled above: a non-number repeats)
    default:
      throw fail(`Unsupported metric math function ${name} (local: ${Object.keys(REDUCE).join(', ')}, ABS, RATE, DIFF, FILL, PERIOD, METRICS)`);
  }
}
