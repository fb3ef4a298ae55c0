// Check `{ faker: module.method, args }` generators against the real Faker: the method exists, it runs
// with these args, and what it returns fits the column type. Faker is imported lazily: it is heavy and only
// the paths that validate fields need it.
import params from './faker-params.json' with { type: 'json' };
import { parseGlueType, type GlueTypeInfo } from './glue-types.js';
import type { SpecSource } from './source.js';
import { isObject, type RawSpec } from './spec.js';
import { closest } from './suggest.js';

type Returns = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'bigint' | 'list' | 'mapping' | 'nothing';

// Methods whose samples can mislead a probe (a float that happens to be whole, a date as a string).
const KNOWN: Record<string, Returns> = {
  'number.float': 'float',
  'location.latitude': 'float',
  'location.longitude': 'float',
  'number.int': 'integer',
};

const NOT_MODULES = new Set(['fakerCore', 'rawDefinitions', 'definitions']);

function classify(v: unknown): Returns {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'bigint') return 'bigint';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (v instanceof Date) return 'date';
  if (Array.isArray(v)) return 'list';
  return v === undefined || v === null ? 'nothing' : 'mapping';
}

function methodsOf(obj: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = obj; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const n of Object.getOwnPropertyNames(p)) {
      if (n !== 'constructor' && !n.startsWith('_') && typeof (obj as Record<string, unknown>)[n] === 'function') names.add(n);
    }
  }
  return [...names];
}

const FITS: Record<GlueTypeInfo['cls'], Returns[]> = {
  string: ['string'],
  integer: ['integer'],
  float: ['integer', 'float'],
  decimal: ['integer', 'float'],
  boolean: ['boolean'],
  timestamp: ['date'],
  date: ['date'],
};

const RETURN_WORDS: Record<Returns, string> = {
  string: 'strings', integer: 'whole numbers', float: 'numbers with decimals', boolean: 'true/false', date: 'dates',
  bigint: 'BigInts', list: 'lists', mapping: 'objects', nothing: 'nothing',
};

const WANTED_WORDS: Record<GlueTypeInfo['cls'], string> = {
  string: 'strings', integer: 'whole numbers', float: 'numbers', decimal: 'numbers', boolean: 'true/false',
  timestamp: 'dates', date: 'dates',
};

const SUGGEST: Record<Returns, string> = {
  string: 'string', integer: 'int or bigint', float: 'double', boolean: 'boolean', date: 'timestamp or date',
  bigint: '', list: '', mapping: '', nothing: '',
};

function argsFor(args: unknown): unknown[] {
  if (Array.isArray(args)) return args;
  return args === undefined ? [] : [args];
}

/** Bounds an integer column needs from number.int's args (Faker's default max is 2^53-1). */
function intRangeProblem(info: GlueTypeInfo, method: string, args: unknown): string | undefined {
  if (info.cls !== 'integer' || method !== 'number.int' || info.glue === 'bigint') return undefined;
  const opts = Array.isArray(args) ? args[0] : args; // number.int(max) or number.int({ min, max })
  const max = isObject(opts) && typeof opts.max === 'number' ? opts.max : typeof opts === 'number' ? opts : undefined;
  const min = isObject(opts) && typeof opts.min === 'number' ? opts.min : 0;
  if (max === undefined) return `number.int without args.max can exceed ${info.glue}'s range ${info.min}..${info.max}; give args { min, max } within it or use bigint`;
  if (max > info.max! || min < info.min!) return `number.int args ${min}..${max} exceed ${info.glue}'s range ${info.min}..${info.max}; narrow them or use bigint`;
  return undefined;
}

interface Param {
  name: string;
  optional: boolean;
  keys?: string[];
  scalar?: boolean;
}
/** Parameters per method and overload, from Faker's type declarations (scripts/faker/params.ts). */
const PARAMS = (params as { methods: Record<string, Param[][]> }).methods;

/**
 * `args` against the method's declared parameters: option names (with did-you-mean), how many positional
 * arguments, a required one missing. Returns [path under gen.args, message] or undefined when they fit.
 * Without this, a misspelt option (`minimum:` for `min:`) is silently ignored by Faker.
 */
function argsProblem(method: string, args: unknown): [Array<string | number>, string] | undefined {
  const overloads = PARAMS[method];
  if (!overloads?.length) return undefined; // a method newer than the table: the probe still runs it
  const list = argsFor(args);
  const fits = (sig: Param[]) =>
    list.length <= sig.length &&
    sig.every((p, i) => (list[i] === undefined ? p.optional : isObject(list[i]) ? !!p.keys && Object.keys(list[i]).every((k) => p.keys!.includes(k)) : p.scalar !== false || !p.keys));
  if (overloads.some(fits)) return undefined;
  const sig = overloads[0]!;
  const names = sig.map((p) => p.name).join(', ') || 'none';
  if (list.length > Math.max(...overloads.map((o) => o.length))) return [[], `Faker ${method} takes ${sig.length} argument(s) (${names}), got ${list.length}`];
  for (let i = 0; i < list.length; i++) {
    const p = sig[i];
    const v = list[i];
    const base = Array.isArray(args) ? [i] : [];
    if (!p) break;
    if (isObject(v)) {
      const keys = [...new Set(overloads.flatMap((o) => o[i]?.keys ?? []))];
      if (!keys.length) return [base, `Faker ${method}'s ${p.name} is not an options object: give a plain value`];
      for (const k of Object.keys(v)) {
        if (keys.includes(k)) continue;
        // `minimum` for `min`: too far for edit distance, but one is the other's prefix.
        const lower = k.toLowerCase();
        const guess = closest(k, keys) ?? keys.find((c) => lower.startsWith(c.toLowerCase()) || c.toLowerCase().startsWith(lower));
        return [[...base, k], `Faker ${method} has no option "${k}"${guess ? ` (did you mean ${guess}?)` : ''}; its options: ${keys.join(', ')}`];
      }
    } else if (v !== undefined && p.scalar === undefined && p.keys) {
      return [base, `Faker ${method}'s ${p.name} is an options object { ${p.keys.join(', ')} }`];
    }
  }
  const missing = sig.findIndex((p, i) => !p.optional && list[i] === undefined);
  if (missing >= 0) return [[], `Faker ${method} needs its ${sig[missing]!.name} argument${sig[missing]!.keys ? ` { ${sig[missing]!.keys!.join(', ')} }` : ''}`];
  return undefined;
}

export async function checkFakerFields(source: SpecSource, raw: RawSpec): Promise<void> {
  if (!Array.isArray(raw.fields)) return;
  const wanted = raw.fields
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => {
      const gen: unknown = isObject(f) ? f.gen : undefined;
      return isObject(gen) && typeof gen.faker === 'string' && /^[a-zA-Z]+\.[a-zA-Z0-9]+$/.test(gen.faker);
    });
  if (!wanted.length) return;
  const { faker: shared } = await import('@faker-js/faker/locale/en');
  // Our own instance: seeding the shared one would make every later user of it repeat the same values.
  const FakerClass = shared.constructor as new (o: { locale: unknown }) => typeof shared;
  const faker = new FakerClass({ locale: shared.rawDefinitions });
  const root = faker as unknown as Record<string, unknown>;
  const modules = Object.keys(root).filter((k) => isObject(root[k]) && !NOT_MODULES.has(k) && !k.startsWith('_'));
  for (const { f, i } of wanted) {
    // A generator the schema already rejected (say a misspelt `args`) would only add noise here.
    if (source.problems.some((p) => p.path.startsWith(`fields[${i}].gen`))) continue;
    const gen = f.gen as { faker: string; args?: unknown };
    const at = ['fields', i, 'gen', 'faker'];
    const [mod, name] = gen.faker.split('.');
    if (!modules.includes(mod)) {
      const guess = closest(mod, modules);
      source.add(at, `"${gen.faker}" is not a Faker method: there is no module "${mod}"${guess ? ` (did you mean ${guess}?)` : ''}`);
      continue;
    }
    const target = root[mod] as Record<string, (...a: unknown[]) => unknown>;
    const methods = methodsOf(target);
    if (!methods.includes(name)) {
      const guess = closest(name, methods);
      source.add(at, `"${gen.faker}" is not a Faker method${guess ? ` (did you mean ${mod}.${guess}?)` : `; ${mod} has: ${methods.join(', ')}`}`);
      continue;
    }
    const bad = argsProblem(gen.faker, gen.args);
    if (bad) {
      // An unknown option points at its key; a missing argument at the method.
      const onKey = typeof bad[0][bad[0].length - 1] === 'string';
      source.add(['fields', i, 'gen', 'args', ...bad[0]], bad[1], gen.args === undefined ? { anchor: at } : { key: onKey });
      continue;
    }
    let returns: Returns;
    try {
      faker.seed(20240501); // a fixed seed: the probe gives the same answer on every run
      const samples = Array.from({ length: 5 }, () => classify(target[name](...argsFor(gen.args))));
      returns = KNOWN[gen.faker] ?? (samples.includes('float') ? 'float' : samples[0]);
    } catch (err) {
      const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      source.add(['fields', i, 'gen'], `Faker ${gen.faker} fails with these args: ${why}`, { anchor: gen.args === undefined ? at : ['fields', i, 'gen', 'args'] });
      continue;
    }
    const info = typeof f.type === 'string' ? parseGlueType(f.type) : undefined;
    if (!info) continue;
    if (returns === 'bigint' || returns === 'list' || returns === 'mapping' || returns === 'nothing') {
      const what = { bigint: 'a BigInt, which JSON cannot carry (use number.int)', list: 'a list', mapping: 'an object', nothing: 'nothing' }[returns];
      source.add(['fields', i, 'gen'], `Faker ${gen.faker} returns ${what}; a column needs one scalar value`);
    } else if (!FITS[info.cls].includes(returns)) {
      source.add(['fields', i, 'gen'], `Faker ${gen.faker} returns ${RETURN_WORDS[returns]}, which do not fit type ${f.type}: declare type ${SUGGEST[returns]} or pick a method that returns ${WANTED_WORDS[info.cls]}`);
    } else {
      const why = intRangeProblem(info, gen.faker, gen.args);
      if (why) source.add(['fields', i, 'gen'], why);
    }
  }
}
