// The validation kit shared by the JSON and Query services: rules as data, checked the way AWS's Coral
// front end does. Wrong JSON types give a SerializationException (checked for the whole input first),
// constraint violations one ValidationException listing every failure in the rules' order, up to 10
// ("2 validation errors detected: Value 'x' at 'streamName' failed to satisfy constraint: ...").
// Services run it before looking anything up, as AWS does; the exception's code differs per service
// (Glue says InvalidInputException, Athena InvalidRequestException, IAM ValidationError).
import { AwsError } from '../types.js';

/** `sensitive`: a member the model marks sensitive (passwords, keys, URLs with credentials): AWS's message
 * leaves its value out ("Value at 'password' failed to satisfy constraint: …"). */
interface Base { required?: boolean; sensitive?: boolean }
export type Rule =
  | (Base & { type: 'string'; min?: number; max?: number; pattern?: string; enum?: readonly string[] })
  | (Base & { type: 'integer'; gte?: number; lte?: number })
  | (Base & { type: 'boolean' | 'timestamp' })
  | (Base & { type: 'blob'; max?: number })
  | (Base & { type: 'list'; min?: number; max?: number; member?: Rule; memberStr?: string; memberLength?: { min: number; max: number } })
  | (Base & { type: 'map'; min?: number; max?: number; key?: { min: number; max: number }; value?: { min: number; max: number }; valueType?: Rule })
  | (Base & { type: 'structure'; members: Rules });
export type Rules = Record<string, Rule>;

const MAX_REPORTED = 10;
const regexCache = new Map<string, RegExp>();

function serialization(message: string): AwsError {
  return new AwsError('SerializationException', message);
}

/** Decoded size of a base64 string without decoding it. */
export function base64Length(s: string): number {
  let pad = 0;
  if (s.length > 0 && s.charCodeAt(s.length - 1) === 61) pad++;
  if (s.length > 1 && s.charCodeAt(s.length - 2) === 61) pad++;
  return (s.length / 4) * 3 - pad;
}

// Top-level helpers, no closures: this runs for every record of every PutRecords call.
function notScalar(value: unknown): never {
  if (Array.isArray(value)) throw serialization('Start of list found where not expected');
  throw serialization('Start of structure or map found where not expected.');
}

function checkType(value: unknown, rule: Rule): void {
  const t = typeof value;
  switch (rule.type) {
    case 'string':
      if (t === 'string') return;
      if (t === 'boolean') throw serialization('class java.lang.Boolean can not be converted to an String');
      if (t === 'number') throw serialization('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
      notScalar(value);
    // falls through (unreachable: notScalar throws)
    case 'integer':
      if (t === 'number') return;
      if (t === 'boolean') throw serialization('class java.lang.Boolean can not be converted to an Integer');
      if (t === 'string') throw serialization('class java.lang.String can not be converted to an Integer');
      notScalar(value);
    // falls through
    case 'boolean':
      if (t === 'boolean') return;
      if (t === 'number') throw serialization('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean');
      if (t === 'string') throw serialization(`'${String(value).toUpperCase()}' can not be converted to an Boolean`);
      notScalar(value);
    // falls through
    case 'timestamp':
      if (t === 'number') return;
      if (t === 'boolean') throw serialization('class java.lang.Boolean can not be converted to milliseconds since epoch');
      if (t === 'string') throw serialization('class java.lang.String can not be converted to milliseconds since epoch');
      notScalar(value);
    // falls through
    case 'blob': {
      if (t === 'boolean') throw serialization('class java.lang.Boolean can not be converted to a Blob');
      if (t === 'number') throw serialization('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob');
      if (t === 'object') notScalar(value);
      const s = value as string;
      if (s.length % 4) {
        throw serialization(`'${s}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${s.length}`);
      }
      checkBase64(s);
      return;
    }
    case 'list':
      if (t !== 'object') throw serialization('Expected list or null');
      if (!Array.isArray(value)) throw serialization('Start of structure or map found where not expected.');
      return;
    case 'map':
    case 'structure':
      if (t !== 'object') throw serialization(rule.type === 'map' ? 'Expected map or null' : 'Expected null');
      if (Array.isArray(value)) throw serialization('Start of list found where not expected');
      return;
  }
}

/** The type pass over the whole input: AWS reports a SerializationException before any constraint. */
function checkTypes(input: Record<string, unknown>, rules: Rules): void {
  for (const name in rules) {
    const value = input[name];
    if (value == null) continue;
    const rule = rules[name]!;
    checkType(value, rule);
    if (rule.type === 'structure') checkTypes(value as Record<string, unknown>, rule.members);
    else if (rule.type === 'list' && rule.member) {
      const member = rule.member;
      for (const item of value as unknown[]) {
        if (item == null) continue;
        checkType(item, member);
        if (member.type === 'structure') checkTypes(item as Record<string, unknown>, member.members);
      }
    } else if (rule.type === 'map') {
      const valueType = rule.valueType ?? (rule.value ? STRING : undefined);
      if (valueType) for (const v of Object.values(value as object)) if (v != null) checkType(v, valueType);
    }
  }
}

const STRING: Rule = { type: 'string' };

const BASE64_BAD = /[^a-zA-Z0-9+/=]|=[^=]/;

/** Java's decoder: a character outside the alphabet (or data after padding), or stray bits in the last one. */
function checkBase64(s: string): void {
  // Short strings are checked fully; long ones (record data) by their alphabet only (speed: every record).
  const m = s.length <= 4096 ? BASE64_BAD.exec(s) : BASE64_BAD.exec(s.slice(-8));
  if (m) throw serialization(`'${s}' can not be converted to a Blob: Invalid Base64 character: '${m[0]![0]}'`);
  if (s.length && Buffer.from(s.slice(-4), 'base64').toString('base64') !== s.slice(-4)) {
    throw serialization(`'${s}' can not be converted to a Blob: Invalid last non-pad Base64 character dectected`);
  }
}

const lowerCache = new Map<string, string>();
function lowerFirst(s: string): string {
  let l = lowerCache.get(s);
  if (l === undefined) lowerCache.set(s, (l = s[0]!.toLowerCase() + s.slice(1)));
  return l;
}

function show(value: unknown, rule: Rule): string {
  if (value == null) return 'null';
  let text: string;
  if (rule.type === 'blob') {
    const n = base64Length(value as string);
    text = `java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]`;
  } else if (rule.type === 'list') {
    text = `[${(value as unknown[]).map((v) => rule.memberStr ?? String(v)).join(', ')}]`;
  } else if (rule.type === 'map') {
    text = `{${Object.entries(value as object).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
  } else {
    text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return `'${text}'`;
}

function sizeOf(value: unknown, rule: Rule): number {
  if (rule.type === 'blob') return base64Length(value as string);
  if (rule.type === 'map') return Object.keys(value as object).length;
  return (value as string | unknown[]).length;
}

function fail(errors: string[], value: unknown, rule: Rule, path: string, constraint: string): void {
  const shown = rule.sensitive && value != null ? '' : ` ${show(value, rule)}`;
  errors.push(`Value${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
}

function lengthRange(r: { min: number; max: number }): string {
  return `[Member must have length less than or equal to ${r.max}, Member must have length greater than or equal to ${r.min}]`;
}

function checkOne(value: unknown, rule: Rule, path: string, errors: string[]): void {
  if (value == null) {
    if (rule.required) fail(errors, value, rule, path, 'Member must not be null');
    return;
  }
  switch (rule.type) {
    case 'integer':
      if (rule.gte !== undefined && (value as number) < rule.gte) fail(errors, value, rule, path, `Member must have value greater than or equal to ${rule.gte}`);
      if (rule.lte !== undefined && (value as number) > rule.lte) fail(errors, value, rule, path, `Member must have value less than or equal to ${rule.lte}`);
      return;
    case 'string':
      if (rule.enum && !rule.enum.includes(value as string)) fail(errors, value, rule, path, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
      if (rule.pattern) {
        let re = regexCache.get(rule.pattern);
        if (!re) regexCache.set(rule.pattern, (re = new RegExp(`^(?:${rule.pattern})$`)));
        if (!re.test(value as string)) fail(errors, value, rule, path, `Member must satisfy regular expression pattern: ${rule.pattern}`);
      }
      break;
    case 'structure':
      checkMembers(value as Record<string, unknown>, rule.members, path + '.', errors);
      return;
  }
  if ('min' in rule && rule.min !== undefined && sizeOf(value, rule) < rule.min) fail(errors, value, rule, path, `Member must have length greater than or equal to ${rule.min}`);
  if ('max' in rule && rule.max !== undefined && sizeOf(value, rule) > rule.max) fail(errors, value, rule, path, `Member must have length less than or equal to ${rule.max}`);
  if (rule.type === 'list' && rule.memberLength) {
    const r = rule.memberLength;
    // Some services report member lengths once, at the list (Kinesis TagKeys), as AWS words it.
    if ((value as unknown[]).some((v) => typeof v === 'string' && (v.length < r.min || v.length > r.max))) {
      fail(errors, value, rule, path, `Member must satisfy constraint: ${lengthRange(r)}`);
    }
  }
  if (rule.type === 'list' && rule.member) {
    const items = value as unknown[];
    // A list's entries are never null on AWS: a null one is refused where it stands.
    const member = { ...rule.member, required: true };
    for (let i = 0; i < items.length && errors.length < MAX_REPORTED; i++) checkOne(items[i], member, `${path}.${i + 1}.member`, errors);
  }
  if (rule.type === 'map') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (rule.key && keys.some((k) => k.length < rule.key!.min || k.length > rule.key!.max)) {
      fail(errors, value, rule, path, `Map keys must satisfy constraint: ${lengthRange(rule.key)}`);
    }
    if (rule.value && keys.some((k) => typeof obj[k] !== 'string' || (obj[k] as string).length < rule.value!.min || (obj[k] as string).length > rule.value!.max)) {
      fail(errors, value, rule, path, `Map value must satisfy constraint: ${lengthRange(rule.value)}`);
    }
  }
}

function checkMembers(input: Record<string, unknown>, rules: Rules, prefix: string, errors: string[]): void {
  for (const name in rules) {
    if (errors.length >= MAX_REPORTED) return;
    checkOne(input[name], rules[name]!, prefix + lowerFirst(name), errors);
  }
}

/** Every constraint problem of `input` (at most 10, as AWS reports), in the rules' order. */
export function problems(input: Record<string, unknown>, rules: Rules): string[] {
  checkTypes(input, rules);
  const errors: string[] = [];
  checkMembers(input, rules, '', errors);
  return errors;
}

/** AWS's one message for a list of problems. */
export function validationMessage(errors: string[]): string {
  const n = errors.length;
  return `${n} validation error${n > 1 ? 's' : ''} detected: ${errors.join('; ')}`;
}

/** Throws the SerializationException, or the ValidationException (named `code` for the service), AWS
 * would return for `input`. */
export function validate(input: Record<string, unknown>, rules: Rules, code = 'ValidationException', status = 400): void {
  const errors = problems(input, rules);
  if (errors.length) throw new AwsError(code, validationMessage(errors), status);
}

/** One problem in AWS's wording, for checks a rule cannot express (Glue's and IAM's own conditions). */
export function oneProblem(value: unknown, path: string, constraint: string): string {
  return `Value ${value == null ? 'null' : `'${typeof value === 'object' ? JSON.stringify(value) : String(value)}'`} at '${path}' failed to satisfy constraint: ${constraint}`;
}
