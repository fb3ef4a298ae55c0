// Rules about the field list: Glue column names, types, generators that fit their type, and clashes
// with partition columns. Faker methods are checked separately (faker-check.ts) because Faker is heavy.
import { decimalProblem, parseGlueType, valueProblem } from './glue-types.js';
import type { SpecSource } from './source.js';
import { isObject, type RawSpec } from './spec.js';
import { describeValue } from './suggest.js';

const COLUMN = /^[a-z_][a-z0-9_]*$/;

function columnNameProblem(name: string): string | undefined {
  if (name.length > 255) return `must be at most 255 characters long, got ${name.length}`;
  if (COLUMN.test(name)) return undefined;
  const lower = name.toLowerCase();
  if (COLUMN.test(lower)) return `must be lowercase (Glue lowercases column names): use "${lower}"`;
  return `must be a Glue column name (lowercase letters, digits and _, not starting with a digit), got ${describeValue(name)}`;
}

export function checkFields(source: SpecSource, raw: RawSpec, partitionNames: string[]): void {
  if (!Array.isArray(raw.fields)) return;
  const seen = new Map<string, number>();
  raw.fields.forEach((f, i) => {
    if (!isObject(f)) return;
    if (typeof f.name === 'string') {
      const why = columnNameProblem(f.name);
      if (why) source.add(['fields', i, 'name'], why);
      const key = f.name.toLowerCase();
      if (seen.has(key)) source.add(['fields', i, 'name'], `"${f.name}" is already used by fields[${seen.get(key)}]; column names must be unique (ignoring case)`);
      else seen.set(key, i);
      if (partitionNames.includes(key)) {
        source.add(['fields', i, 'name'], `"${f.name}" clashes with the partition column ${key} from delivery.prefix; rename the field`);
      }
    }
    if (typeof f.type !== 'string') return;
    const info = parseGlueType(f.type);
    if (!info) return; // the schema reported it
    const bad = decimalProblem(info);
    if (bad) return source.add(['fields', i, 'type'], bad);
    const gen = f.gen as unknown;
    if (gen === 'uuid' && info.cls !== 'string') {
      source.add(['fields', i, 'gen'], `uuid makes strings, so type must be string, got ${f.type}`);
    } else if (gen === 'now' && !['timestamp', 'date', 'string'].includes(info.cls)) {
      source.add(['fields', i, 'gen'], `now makes the event time, so type must be timestamp, date or string, got ${f.type}`);
    } else if (isObject(gen) && Array.isArray(gen.pick)) {
      gen.pick.forEach((v, j) => {
        const why = valueProblem(info, v);
        if (why) source.add(['fields', i, 'gen', 'pick', j], `${describeValue(v)} ${why}, so it does not fit type ${f.type}`);
      });
    }
  });
  const key = raw.producer?.partition_key;
  if (typeof key === 'string' && !raw.fields.some((f) => isObject(f) && f.name === key)) {
    const names = raw.fields.filter(isObject).map((f) => f.name).join(', ');
    source.add(['producer', 'partition_key'], `"${key}" is not a field; use one of: ${names}`);
  }
}
