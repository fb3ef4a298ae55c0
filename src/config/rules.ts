// Semantic rules the JSON Schema cannot say: AWS naming and cross-key constraints. Written defensively:
// they run even when the schema found problems, so one run reports everything.
import { checkFields } from './field-rules.js';
import { checkIceberg } from './iceberg-rules.js';
import { keyPrefixProblems } from './key-rules.js';
import { checkNames, type DerivedNames } from './names.js';
import { checkPartitionBy } from './partition-by.js';
import { expressionsIn, parsePrefix, staticFolder, type ParsedPrefix } from './prefix.js';
import type { SpecSource } from './source.js';
import type { RawSpec } from './spec.js';

export const DEFAULT_ERROR_PREFIX = 'errors/!{firehose:error-output-type}/';
export const DEFAULT_RESULTS_PREFIX = 'athena-results/';

export function defaultPrefix(table: string): string {
  return `${table}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`;
}

/** The delivery prefix as given, else the default from the table name (when that is a string). */
export function effectivePrefix(raw: RawSpec): string | undefined {
  // An Iceberg table lives in <table.name>/ (delivery.prefix is refused for it): only its fixed part counts.
  const p = raw.table?.format === 'iceberg' ? undefined : raw.delivery?.prefix;
  if (typeof p === 'string') return p;
  return typeof raw.table?.name === 'string' ? defaultPrefix(raw.table.name) : undefined;
}

function checkErrorPrefix(source: SpecSource, raw: RawSpec, parsed: ParsedPrefix | undefined): void {
  const given = raw.delivery?.error_prefix;
  if (typeof given !== 'string') return;
  const at = ['delivery', 'error_prefix'];
  if (given === '' && parsed?.hasExpressions) {
    return source.add(at, `must not be empty when delivery.prefix has !{…} expressions (Firehose requires it), e.g. "${DEFAULT_ERROR_PREFIX}"`);
  }
  const expressions = expressionsIn(given);
  for (const ex of expressions) {
    if (ex !== 'firehose:error-output-type' && ex !== 'firehose:random-string' && !ex.startsWith('timestamp:')) {
      source.add(at, `uses !{${ex}}; it may use !{firehose:error-output-type}, !{firehose:random-string} and !{timestamp:fmt}`);
    } else if (ex === 'timestamp:') source.add(at, 'uses !{timestamp:} without a format, e.g. !{timestamp:yyyy}', { within: '!{timestamp:}' });
  }
  if ((given.match(/!\{/g) ?? []).length !== expressions.length) {
    source.add(at, 'has a "!{" without its closing "}" (expressions are !{namespace:value})', { within: /!\{[^}]*$/.exec(given)?.[0] ?? '!{' });
  }
  if (given.startsWith('/')) source.add(at, 'must not start with "/" (S3 keys have no leading slash)');
  for (const p of keyPrefixProblems(given)) source.add(at, p.message, { within: p.part });
  const folder = staticFolder(given);
  if (parsed && parsed.staticPart && folder.startsWith(parsed.staticPart)) {
    source.add(at, `"${given}" lies inside the table's folder ${parsed.staticPart}, so Athena would read error records as data; use e.g. "${DEFAULT_ERROR_PREFIX}"`);
  }
}

function checkResultsPrefix(source: SpecSource, raw: RawSpec, parsed: ParsedPrefix | undefined): void {
  const rp = raw.athena?.results_prefix;
  if (typeof rp !== 'string' || rp === '') return;
  const at = ['athena', 'results_prefix'];
  if (rp.includes('!{')) source.add(at, 'must be a fixed folder without !{…} expressions');
  else if (rp.startsWith('/')) source.add(at, 'must not start with "/" (S3 keys have no leading slash)');
  else if (!rp.endsWith('/')) source.add(at, `must end with "/", e.g. "${rp}/"`);
  for (const p of keyPrefixProblems(rp)) source.add(at, p.message, { within: p.part });
  if (parsed && parsed.staticPart && rp.startsWith(parsed.staticPart)) {
    source.add(at, `"${rp}" lies inside the table's folder ${parsed.staticPart}, so Athena would read query results as data; use e.g. "${DEFAULT_RESULTS_PREFIX}"`);
  }
}

export function checkRules(source: SpecSource, raw: RawSpec, names: DerivedNames): ParsedPrefix | undefined {
  checkNames(source, raw, names);
  if (raw.stream?.mode === 'on_demand' && raw.stream.shards !== undefined) {
    source.add(['stream', 'shards'], 'applies only to mode provisioned; remove it (on_demand scales shards itself)');
  }
  if (raw.source === 'direct_put') {
    // Nothing reads these without a stream: refusing them beats silently ignoring what the user asked for.
    if (raw.stream !== undefined) source.add(['stream'], 'applies only to source kinesis; remove it (source direct_put has no Kinesis stream)', { key: true });
    if (raw.producer?.partition_key !== undefined) {
      source.add(['producer', 'partition_key'], 'applies only to source kinesis; remove it (Firehose Direct PUT records have no partition key)', { key: true });
    }
  }
  for (const key of Object.keys(raw.tags ?? {})) {
    if (/^(lakehouse|aws):/i.test(key)) source.add(['tags', key], 'is reserved: tag keys must not start with lakehouse: or aws:', { key: true });
  }
  const prefix = effectivePrefix(raw);
  const parsed = typeof prefix === 'string' ? parsePrefix(prefix) : undefined;
  if (parsed && prefix !== undefined) {
    for (const p of [...parsed.problems, ...keyPrefixProblems(prefix)]) source.add(['delivery', 'prefix'], p.message, { within: p.part });
  }
  checkErrorPrefix(source, raw, parsed);
  checkResultsPrefix(source, raw, parsed);
  // An Iceberg table has no partition columns from the prefix (its partitions are transforms of fields).
  const timeNames = raw.table?.format === 'iceberg' ? [] : (parsed?.partitions.map((p) => p.name) ?? []);
  checkFields(source, raw, timeNames);
  checkPartitionBy(source, raw, timeNames);
  checkIceberg(source, raw, names.bucket);
  return parsed;
}
