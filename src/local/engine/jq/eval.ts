// Evaluates a parsed jq query (parse.ts) against one JSON value with jq 1.6's rules: a query yields a stream
// of outputs (an optional index that fails yields none), indexing null gives null, indexing the wrong type is
// an error with jq's wording, and tostring prints numbers as jq 1.6 does (%.17g: 1e+20, not 100000000000000000000).
import { parseJq, type Node } from './parse.js';

export class JqRuntimeError extends Error {}

export interface CompiledJq {
  /** All outputs of the query for this input; throws JqRuntimeError as jq would. */
  run(input: unknown): unknown[];
}

export function compileJq(src: string): CompiledJq {
  const node = parseJq(src);
  return { run: (input) => evaluate(node, input) };
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'boolean' : typeof v;
}

function describe(v: unknown): string {
  const t = typeName(v);
  if (t === 'string' || t === 'number') return `${t} ${JSON.stringify(tostring(v))}`.replace(/^number "(.*)"$/, 'number ($1)');
  return t;
}

function index(target: unknown, key: string | number): unknown {
  if (target === null) return null;
  if (typeof key === 'string') {
    if (typeof target === 'object' && !Array.isArray(target)) return (target as Record<string, unknown>)[key] ?? null;
    throw new JqRuntimeError(`Cannot index ${typeName(target)} with "${key}"`);
  }
  if (Array.isArray(target)) return target[key < 0 ? target.length + key : key] ?? null;
  throw new JqRuntimeError(`Cannot index ${typeName(target)} with number`);
}

/** jq 1.6's number text: integers plainly up to 17 digits, otherwise C's %.17g shortest form. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '1.7976931348623157e+308' : n < 0 ? '-1.7976931348623157e+308' : 'null';
  const [mant, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 17) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

function json(v: unknown): string {
  if (typeof v === 'number') return numberText(v);
  if (Array.isArray(v)) return `[${v.map(json).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${json(x)}`).join(',')}}`;
  return JSON.stringify(v);
}

export function tostring(v: unknown): string {
  return typeof v === 'string' ? v : json(v);
}

const ORDER = ['null', 'false', 'true', 'number', 'string', 'array', 'object'];
function rank(v: unknown): number {
  return ORDER.indexOf(v === false ? 'false' : v === true ? 'true' : typeName(v));
}

function compare(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number') return a - (b as number);
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  // Arrays and objects: compare their JSON with sorted keys (enough for equality, which is what queries use).
  const ja = json(sortKeys(a));
  const jb = json(sortKeys(b));
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as any)[k])]));
  return v;
}

function call(name: string, v: unknown): unknown {
  switch (name) {
    case 'tostring':
      return tostring(v);
    case 'tonumber':
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return Number(v);
      throw new JqRuntimeError(`Cannot parse '${tostring(v)}' as JSON`);
    case 'ascii_downcase':
    case 'ascii_upcase':
      if (typeof v !== 'string') throw new JqRuntimeError(`${name} input must be a string`);
      return name === 'ascii_downcase' ? v.replace(/[A-Z]/g, (c) => c.toLowerCase()) : v.replace(/[a-z]/g, (c) => c.toUpperCase());
    case 'length':
      if (v === null) return 0;
      if (typeof v === 'string') return [...v].length;
      if (typeof v === 'number') return Math.abs(v);
      if (Array.isArray(v)) return v.length;
      if (typeof v === 'object') return Object.keys(v).length;
      throw new JqRuntimeError(`boolean (${v}) has no length`);
    case 'not':
      return v === null || v === false;
    case 'type':
      return typeName(v);
    case 'floor':
      if (typeof v !== 'number') throw new JqRuntimeError(`${describe(v)} number required`);
      return Math.floor(v);
    case 'todate':
      if (typeof v !== 'number') throw new JqRuntimeError('strftime/1 requires parsed datetime inputs');
      return strftime('%Y-%m-%dT%H:%M:%SZ', v);
    case 'keys':
      if (Array.isArray(v)) return v.map((_, i) => i);
      if (v && typeof v === 'object') return Object.keys(v).sort();
      throw new JqRuntimeError(`${describe(v)} has no keys`);
  }
  throw new JqRuntimeError(`${name}/0 is not defined`);
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** C strftime in UTC (jq's gmtime), for the conversions partition keys use. */
export function strftime(fmt: string, seconds: number): string {
  const d = new Date(Math.floor(seconds) * 1000);
  const pad = (n: number, w = 2, c = '0') => String(n).padStart(w, c);
  const day = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  return fmt.replace(/%(.)/g, (m, c: string) => {
    switch (c) {
      case 'Y': return String(d.getUTCFullYear());
      case 'y': return pad(d.getUTCFullYear() % 100);
      case 'm': return pad(d.getUTCMonth() + 1);
      case 'd': return pad(d.getUTCDate());
      case 'e': return pad(d.getUTCDate(), 2, ' ');
      case 'H': return pad(d.getUTCHours());
      case 'M': return pad(d.getUTCMinutes());
      case 'S': return pad(d.getUTCSeconds());
      case 'j': return pad(day, 3);
      case 'a': return WEEKDAYS[d.getUTCDay()]!.slice(0, 3);
      case 'A': return WEEKDAYS[d.getUTCDay()]!;
      case 'b': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case 'B': return MONTHS[d.getUTCMonth()]!;
      case 'Z': return 'UTC';
      case 's': return String(Math.floor(seconds));
      case 'F': return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      case 'T': return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      case '%': return '%';
      default: throw new JqRuntimeError(`strftime: the conversion ${m} is not supported by this evaluator`);
    }
  });
}

function call1(name: string, v: unknown, arg: unknown): unknown {
  switch (name) {
    case 'strftime':
      if (typeof arg !== 'string') throw new JqRuntimeError('strftime/1 requires a string format');
      if (typeof v !== 'number') throw new JqRuntimeError('strftime/1 requires parsed datetime inputs');
      return strftime(arg, v);
    case 'split':
      if (typeof v !== 'string' || typeof arg !== 'string') throw new JqRuntimeError('split input and separator must be strings');
      return v.split(arg);
    case 'ltrimstr':
      return typeof v === 'string' && typeof arg === 'string' && v.startsWith(arg) ? v.slice(arg.length) : v;
    case 'rtrimstr':
      return typeof v === 'string' && typeof arg === 'string' && arg && v.endsWith(arg) ? v.slice(0, v.length - arg.length) : v;
    case 'join':
      if (!Array.isArray(v)) throw new JqRuntimeError(`Cannot iterate over ${typeName(v)}`);
      return v.map((x) => (x === null ? '' : typeof x === 'string' ? x : tostring(x))).join(String(arg));
  }
  throw new JqRuntimeError(`${name}/1 is not defined`);
}

function evaluate(node: Node, input: unknown): unknown[] {
  switch (node.kind) {
    case 'identity':
      return [input];
    case 'literal':
      return [node.value];
    case 'call':
      if (!node.args) return [call(node.name, input)];
      return evaluate(node.args[0]!, input).map((arg) => call1(node.name, input, arg));
    case 'index': {
      const out: unknown[] = [];
      for (const t of evaluate(node.target, input)) {
        try {
          out.push(index(t, node.key));
        } catch (e) {
          if (!node.optional || !(e instanceof JqRuntimeError)) throw e;
        }
      }
      return out;
    }
    case 'pipe':
      return evaluate(node.left, input).flatMap((v) => evaluate(node.right, v));
    case 'alt': {
      const good = evaluate(node.left, input).filter((v) => v !== null && v !== false);
      return good.length ? good : evaluate(node.right, input);
    }
    case 'compare': {
      const out: unknown[] = [];
      for (const r of evaluate(node.right, input)) {
        for (const l of evaluate(node.left, input)) {
          const c = compare(l, r);
          out.push({ '==': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[node.op]);
        }
      }
      return out;
    }
    case 'object': {
      let objs: Array<Record<string, unknown>> = [{}];
      for (const e of node.entries) {
        const keys = typeof e.key === 'string' ? [e.key] : evaluate(e.key, input);
        const next: Array<Record<string, unknown>> = [];
        for (const o of objs) {
          for (const k of keys) {
            if (typeof k !== 'string') throw new JqRuntimeError(`Object keys must be strings`);
            for (const v of evaluate(e.value, input)) next.push({ ...o, [k]: v });
          }
        }
        objs = next;
      }
      return objs;
    }
  }
}
