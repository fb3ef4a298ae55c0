// Validate the raw spec against schemas/pipeline.schema.json with ajv (all errors) and turn each ajv error
// into a located, human sentence that names the key and says what would be right.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../schemas/pipeline.schema.json' with { type: 'json' };
import type { SpecSource } from './source.js';
import type { SpecPath } from './spec.js';
import { closest, describeValue } from './suggest.js';

let compiled: ValidateFunction | undefined;
let ajv: Ajv | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    // `errorMessage` (as ajv-errors and yaml-language-server read it) carries our wording; ajv itself ignores it.
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: ['string', 'object'] });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** For a value that fails one of several shapes (anyOf) only by its capitals, the lowercase spelling. */
function lowercaseThatFits(e: ErrorObject): string | undefined {
  if (e.keyword !== 'anyOf' || typeof e.data !== 'string' || e.data === e.data.toLowerCase() || !ajv) return undefined;
  const lower = e.data.toLowerCase();
  return ajv.validate(e.parentSchema as object, lower) ? lower : undefined;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false',
  object: 'a mapping (key: value)', array: 'a list', null: 'empty',
};

function toPath(pointer: string): SpecPath {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function customMessage(e: ErrorObject): string | undefined {
  const em = (e.parentSchema as { errorMessage?: unknown } | undefined)?.errorMessage;
  if (typeof em === 'string') return em;
  if (em && typeof em === 'object') return (em as Record<string, string>)[e.keyword];
  return undefined;
}

function sentence(e: ErrorObject): string {
  const got = describeValue(e.data);
  const custom = customMessage(e);
  if (custom) {
    const meant = lowercaseThatFits(e);
    const text = custom.includes('{got}') ? custom.replace('{got}', got) : `${custom}, got ${got}`;
    return meant ? `${text} (did you mean ${meant}?)` : text;
  }
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const types = String(p.type).split(',').map((t) => TYPE_WORDS[t] ?? t);
      return `must be ${types.join(' or ')}, got ${got}`;
    }
    case 'enum': {
      // on-demand, On_Demand, ONDEMAND → on_demand: the same word spelt another way (not merely a near one).
      const loose = (v: unknown) => String(v).toLowerCase().replace(/[-_\s]/g, '');
      const meant = typeof e.data === 'string' ? (p.allowedValues as unknown[]).find((v) => loose(v) === loose(e.data)) : undefined;
      return `must be one of ${(p.allowedValues as unknown[]).join(', ')}, got ${got}${meant !== undefined ? ` (did you mean ${String(meant)}?)` : ''}`;
    }
    case 'minimum': return `must be >= ${p.limit}, got ${got}`;
    case 'maximum': return `must be <= ${p.limit}, got ${got}`;
    case 'minLength': return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long`;
    case 'maxLength': return `must be at most ${p.limit} characters long, got ${String(e.data).length}`;
    case 'minItems': return p.limit === 1 ? 'must list at least one item' : `must list at least ${p.limit} items`;
    case 'maxItems': return `must list at most ${p.limit} items, got ${Array.isArray(e.data) ? e.data.length : got}`;
    case 'maxProperties': return `must have at most ${p.limit} entries`;
    case 'pattern': return `must match ${p.pattern}, got ${got}`;
    default: return e.message ?? 'is invalid';
  }
}

/** Among an anyOf's branches, the errors of the branch whose shape the value matches (else none). */
function pickBranch(anyOf: ErrorObject, errors: ErrorObject[]): ErrorObject[] | undefined {
  const shape = new Set(['type', 'required', 'enum', 'pattern', 'const']);
  const branches = new Map<number, ErrorObject[]>();
  for (const e of errors) {
    const m = e.schemaPath.slice(anyOf.schemaPath.length).match(/^\/(\d+)\//);
    if (!m || !e.schemaPath.startsWith(anyOf.schemaPath)) continue;
    const list = branches.get(Number(m[1])) ?? [];
    list.push(e);
    branches.set(Number(m[1]), list);
  }
  for (const list of branches.values()) {
    if (!list.some((e) => e.instancePath === anyOf.instancePath && shape.has(e.keyword))) return list;
  }
  return undefined;
}

function report(source: SpecSource, e: ErrorObject): void {
  const at = toPath(e.instancePath);
  const p = e.params as Record<string, string>;
  if (e.keyword === 'required') {
    const what = at.length ? 'is missing' : 'The spec is missing';
    source.add(at, `${what} the required key "${p.missingProperty}"`);
  } else if (e.keyword === 'additionalProperties') {
    const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
    const guess = closest(p.additionalProperty, allowed);
    const hint = guess ? ` (did you mean ${guess}?)` : '';
    const owner = at.length ? 'here' : 'at the top level';
    source.add([...at, p.additionalProperty], `is not a known key${hint}; allowed ${owner}: ${allowed.join(', ')}`, { key: true });
  } else if (e.keyword === 'propertyNames') {
    source.add([...at, p.propertyName], 'is not a valid tag key: use 1–128 letters, digits, spaces and _ . : / = + - @', { key: true });
  } else if (e.propertyName === undefined) {
    source.add(at, sentence(e));
  }
}

/** Validate; add every problem to the source. Returns true when the spec matches the schema. */
export function checkSchema(source: SpecSource, data: unknown): boolean {
  const validate = validator();
  if (validate(data)) return true;
  let errors = [...(validate.errors ?? [])];
  // Resolve anyOf failures first (outermost first) into either the matching branch's errors or one sentence.
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const a of anyOfs) {
    if (!errors.includes(a)) continue;
    const within = (e: ErrorObject) => e.instancePath === a.instancePath || e.instancePath.startsWith(a.instancePath + '/');
    const inside = errors.filter((e) => e !== a && within(e) && e.schemaPath.startsWith(a.schemaPath + '/'));
    const chosen = pickBranch(a, inside);
    errors = errors.filter((e) => !inside.includes(e) && (chosen ? e !== a : true));
    if (chosen) errors.push(...chosen);
  }
  // A misspelt required key shows up twice (unknown "tabel", missing "table"): keep the unknown-key one.
  const misspelt = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
    const guess = closest((e.params as { additionalProperty: string }).additionalProperty, allowed);
    if (guess) misspelt.add(`${e.instancePath}|${guess}`);
  }
  errors = errors.filter((e) => e.keyword !== 'required' || !misspelt.has(`${e.instancePath}|${(e.params as { missingProperty: string }).missingProperty}`));
  const seen = new Set<string>();
  for (const e of errors) {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report(source, e);
  }
  return false;
}
