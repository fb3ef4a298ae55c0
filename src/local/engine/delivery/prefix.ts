// Firehose custom S3 prefixes: `!{timestamp:<Java DateTimeFormatter pattern>}`, `!{firehose:random-string}` and
// (error prefix only) `!{firehose:error-output-type}`. Timestamps are evaluated in UTC at the arrival time of
// the oldest record of the object; when a prefix has no timestamp expression AWS appends `YYYY/MM/dd/HH/`.
// With dynamic partitioning, `!{partitionKeyFromQuery:<key>}` takes the key the MetadataExtraction query made
// for the object's records (`!{partitionKeyFromLambda:…}` needs a Lambda processor, which is not run locally).

export type PrefixPart =
  | { kind: 'text'; text: string }
  | { kind: 'timestamp'; pattern: string }
  | { kind: 'random' }
  | { kind: 'errorType' }
  | { kind: 'partitionKey'; key: string };

/** Parse a prefix; throws Error(message) on an expression AWS would refuse. */
export function parsePrefix(prefix: string, opts: { errorPrefix: boolean; dynamic?: boolean }): PrefixPart[] {
  const parts: PrefixPart[] = [];
  let i = 0;
  while (i < prefix.length) {
    const start = prefix.indexOf('!{', i);
    if (start < 0) {
      parts.push({ kind: 'text', text: prefix.slice(i) });
      break;
    }
    if (start > i) parts.push({ kind: 'text', text: prefix.slice(i, start) });
    const end = prefix.indexOf('}', start);
    if (end < 0) throw new Error(`The expression at position ${start} in the prefix is not closed: ${prefix}`);
    const expr = prefix.slice(start + 2, end);
    parts.push(parseExpression(expr, opts.errorPrefix, !!opts.dynamic));
    i = end + 1;
  }
  return parts;
}

function parseExpression(expr: string, errorPrefix: boolean, dynamic: boolean): PrefixPart {
  const colon = expr.indexOf(':');
  const namespace = colon < 0 ? expr : expr.slice(0, colon);
  const value = colon < 0 ? '' : expr.slice(colon + 1);
  if (namespace === 'partitionKeyFromQuery' || namespace === 'partitionKeyFromLambda') {
    if (errorPrefix) throw new Error(`The expression !{${expr}} cannot be used in ErrorOutputPrefix.`);
    if (!dynamic) throw new Error(`The expression !{${expr}} requires DynamicPartitioningConfiguration to be enabled.`);
    if (namespace === 'partitionKeyFromLambda') throw new Error(`The expression !{${expr}} needs a Lambda processor, which the local emulator does not run; use a MetadataExtraction processor and !{partitionKeyFromQuery:<key>}.`);
    if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error(`The expression !{${expr}} must name a partition key: !{partitionKeyFromQuery:<key>}.`);
    return { kind: 'partitionKey', key: value };
  }
  if (namespace === 'timestamp') {
    if (!value) throw new Error('The timestamp expression must have a format pattern: !{timestamp:<pattern>}');
    compilePattern(value); // validates
    return { kind: 'timestamp', pattern: value };
  }
  if (namespace === 'firehose' && value === 'random-string') return { kind: 'random' };
  if (namespace === 'firehose' && value === 'error-output-type') {
    if (!errorPrefix) throw new Error('The expression !{firehose:error-output-type} can only be used in ErrorOutputPrefix.');
    return { kind: 'errorType' };
  }
  throw new Error(`The expression !{${expr}} is not supported. Supported expressions: !{timestamp:<pattern>}, !{firehose:random-string}${errorPrefix ? ', !{firehose:error-output-type}' : ''}.`);
}

export function hasExpressions(prefix: string | undefined): boolean {
  return !!prefix && prefix.includes('!{');
}

export interface PrefixValues {
  /** Arrival time (ms) of the oldest record in the object. */
  timestamp: number;
  /** Deterministic per object, so a redone delivery produces the same key. */
  randomString: string;
  errorOutputType?: string;
  /** The object's dynamic partition keys (from the MetadataExtraction query). */
  partitionKeys?: Record<string, string>;
}

export const DEFAULT_TIME_PREFIX = 'YYYY/MM/dd/HH/';

/** Evaluate a prefix (already validated) for one object. */
export function evaluatePrefix(prefix: string, values: PrefixValues, opts: { errorPrefix: boolean }): string {
  const parts = parsePrefix(prefix, { ...opts, dynamic: !!values.partitionKeys });
  let out = '';
  // With dynamic partitioning the prefix is the user's layout: nothing is appended.
  let sawTimestamp = !!values.partitionKeys && !opts.errorPrefix;
  for (const p of parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'timestamp') {
      sawTimestamp = true;
      out += formatUtc(p.pattern, values.timestamp);
    } else if (p.kind === 'random') out += values.randomString;
    else if (p.kind === 'partitionKey') out += values.partitionKeys?.[p.key] ?? '';
    else out += values.errorOutputType ?? '';
  }
  // AWS appends its default UTC hour prefix when no timestamp expression is present.
  if (!sawTimestamp) out += formatUtc('yyyy/MM/dd/HH/', values.timestamp);
  return out;
}

type Token = { literal: string } | { field: string; width: number };

/** Compile a Java DateTimeFormatter pattern (the letters Firehose users use). Throws on unknown letters. */
export function compilePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) throw new Error(`Unterminated quote in timestamp pattern: ${pattern}`);
      tokens.push({ literal: close === i + 1 ? "'" : pattern.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      if (!'yYuMLdHhkKmsSDEa'.includes(c)) throw new Error(`Unknown pattern letter '${c}' in timestamp pattern: ${pattern}`);
      tokens.push({ field: c, width: j - i });
      i = j;
      continue;
    }
    tokens.push({ literal: c });
    i++;
  }
  return tokens;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function formatUtc(pattern: string, ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let out = '';
  for (const t of compilePattern(pattern)) {
    if ('literal' in t) {
      out += t.literal;
      continue;
    }
    const w = t.width;
    switch (t.field) {
      case 'y':
      case 'Y':
      case 'u':
        out += w === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), Math.max(w, 4));
        break;
      case 'M':
      case 'L':
        out += pad(d.getUTCMonth() + 1, w);
        break;
      case 'd':
        out += pad(d.getUTCDate(), w);
        break;
      case 'H':
      case 'k':
        out += pad(d.getUTCHours(), w);
        break;
      case 'h':
      case 'K':
        out += pad(d.getUTCHours() % 12 || (t.field === 'h' ? 12 : 0), w);
        break;
      case 'm':
        out += pad(d.getUTCMinutes(), w);
        break;
      case 's':
        out += pad(d.getUTCSeconds(), w);
        break;
      case 'S':
        out += pad(d.getUTCMilliseconds(), 3).padEnd(w, '0').slice(0, w);
        break;
      case 'D': {
        const dayOfYear = Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
        out += pad(dayOfYear, w);
        break;
      }
      case 'E':
        out += w >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()]!.slice(0, 3);
        break;
      case 'a':
        out += d.getUTCHours() < 12 ? 'AM' : 'PM';
        break;
    }
  }
  return out;
}
