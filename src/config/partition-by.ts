// delivery.partition_by: Firehose dynamic partitioning from the spec. Each entry is a field name (`status`) or
// a named jq path (`{name: tier, query: .customer.tier}`); they become `name=!{partitionKeyFromQuery:name}/`
// folders right after the table's folder (before the time folders), one MetadataExtraction jq query, and Glue
// partition columns projected as enum (known values) or injected (any value; queries must then name it).
import { parseGlueType } from './glue-types.js';
import type { SpecSource } from './source.js';
import { isObject, type RawPartitionBy, type RawSpec } from './spec.js';
import type { KeyPartition } from './types.js';

/** AWS: at most 50 partition keys per query, 500 active partitions per delivery stream. */
export const MAX_PARTITION_KEYS = 50;
export const ACTIVE_PARTITION_LIMIT = 500;

const NAME = /^[a-z_][a-z0-9_]*$/;
/** The jq lakehouse writes into the query: a path, optionally piped to tostring/ascii_downcase/ascii_upcase. */
const SEGMENT = String.raw`(?:\.[A-Za-z_][A-Za-z0-9_]*|\."[^"\\]*"|\.?\["[^"\\]*"\]|\.?\[-?\d+\])`;
const JQ_PATH = new RegExp(String.raw`^(?:${SEGMENT})+(?:\s*\|\s*(?:tostring|ascii_downcase|ascii_upcase))*$`);
const KEY_TYPES = ['string', 'int', 'bigint', 'smallint', 'tinyint'];

function entryName(e: RawPartitionBy): string | undefined {
  return typeof e === 'string' ? e : isObject(e) && typeof e.name === 'string' ? e.name : undefined;
}

export function checkPartitionBy(source: SpecSource, raw: RawSpec, timeNames: string[]): void {
  const list = raw.delivery?.partition_by;
  if (!Array.isArray(list)) return;
  const at = (i: number, ...rest: Array<string | number>) => ['delivery', 'partition_by', i, ...rest];
  const fields = Array.isArray(raw.fields) ? raw.fields.filter(isObject) : [];
  const seen = new Set<string>();
  let combos = 1;
  if (list.length > MAX_PARTITION_KEYS) source.add(['delivery', 'partition_by'], `has ${list.length} keys; Firehose takes at most ${MAX_PARTITION_KEYS}`);
  list.forEach((e, i) => {
    const name = entryName(e);
    if (name === undefined) return; // the schema reported it
    const where = typeof e === 'string' ? at(i) : at(i, 'name');
    if (seen.has(name)) source.add(where, `"${name}" is listed twice`);
    seen.add(name);
    if (timeNames.includes(name)) source.add(where, `"${name}" clashes with the time partition ${name} from delivery.prefix`);
    if (typeof e === 'string') {
      const f = fields.find((x) => x.name === name);
      if (!f) return source.add(where, `"${name}" is not a field; use one of: ${fields.map((x) => x.name).join(', ')}, or {name, query} for a jq path`);
      const info = typeof f.type === 'string' ? parseGlueType(f.type) : undefined;
      if (info && !KEY_TYPES.includes(info.glue)) {
        source.add(where, `"${name}" is a ${f.type} field; partition keys are string or integer fields (Firehose writes the value into the S3 key)`);
      }
      const gen = f.gen as unknown;
      const pick = isObject(gen) && Array.isArray(gen.pick) ? gen.pick : undefined;
      combos = pick ? combos * new Set(pick.map(String)).size : Infinity;
      return;
    }
    if (!NAME.test(name)) source.add(where, `must be a Glue column name (lowercase letters, digits and _), got "${name}"`);
    if (fields.some((x) => x.name === name)) source.add(where, `"${name}" is a field: list it as "- ${name}" to partition by the field`);
    if (typeof e.query === 'string' && !JQ_PATH.test(e.query.trim())) {
      source.add(at(i, 'query'), `must be a jq path such as .customer.tier or .["odd key"], optionally | tostring, | ascii_downcase or | ascii_upcase; got "${e.query}"`);
    }
    combos = Array.isArray(e.values) ? combos * e.values.length : Infinity;
  });
  if (Number.isFinite(combos) && combos > ACTIVE_PARTITION_LIMIT) {
    source.add(['delivery', 'partition_by'], `makes up to ${combos} partitions at once; Firehose keeps at most ${ACTIVE_PARTITION_LIMIT} active partitions per delivery stream and sends the records of any more to the error prefix`);
  }
  const interval = raw.delivery?.buffer?.interval_s;
  if (list.length && interval === 0) source.add(['delivery', 'buffer', 'interval_s'], 'must be at least 1 with delivery.partition_by: Firehose has no zero buffering with dynamic partitioning');
  if (list.length && raw.delivery?.error_prefix === '') source.add(['delivery', 'error_prefix'], 'must not be empty with delivery.partition_by: Firehose requires an ErrorOutputPrefix with dynamic partitioning');
}

export function keyPartitions(raw: RawSpec): KeyPartition[] {
  return (raw.delivery?.partition_by ?? []).map((e) => {
    if (typeof e === 'string') {
      const f = raw.fields.find((x) => x.name === e)!;
      const pick = isObject(f.gen) && 'pick' in f.gen ? f.gen.pick : undefined;
      const type = parseGlueType(f.type)!.glue;
      return { name: e, query: `.${e}`, type, field: e, ...(pick ? { values: [...new Set(pick.map(String))] } : {}) };
    }
    return { name: e.name, query: e.query.trim(), type: 'string', ...(e.values ? { values: e.values.map(String) } : {}) };
  });
}

/** The MetadataExtraction query: one object with every key, e.g. `{status: .status, tier: .customer.tier}`. */
export function metadataQuery(keys: KeyPartition[]): string | undefined {
  return keys.length ? `{${keys.map((k) => `${k.name}: ${k.query.includes('|') ? `(${k.query})` : k.query}`).join(', ')}}` : undefined;
}

/** The Firehose Prefix: the key folders inserted right after the table's folder. */
export function prefixWithKeys(prefix: string, staticPart: string, keys: KeyPartition[]): string {
  if (!keys.length) return prefix;
  return staticPart + keys.map((k) => `${k.name}=!{partitionKeyFromQuery:${k.name}}/`).join('') + prefix.slice(staticPart.length);
}
