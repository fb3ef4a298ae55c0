// Firehose key prefixes: which `name=!{timestamp:fmt}` segments become projected partitions, where the
// table's folder is, and the rules that keep the layout queryable.
import type { TimePartition } from './types.js';

/** The timestamp formats a partition segment may use, coarse to fine, with their projection. */
const FORMATS: Array<Omit<TimePartition, 'name'>> = [
  { type: 'int', format: 'yyyy', range: [2020, 2050] },
  { type: 'int', format: 'MM', range: [1, 12], digits: 2 },
  { type: 'int', format: 'dd', range: [1, 31], digits: 2 },
  { type: 'int', format: 'HH', range: [0, 23], digits: 2 },
];

const EXPRESSION = /!\{([^}]*)\}/g;
const SEGMENT = /^([a-z_][a-z0-9_]*)=!\{timestamp:([^}]*)\}$/;

export interface ParsedPrefix {
  /** The fixed folder before the first expression, e.g. `events/` (the whole prefix when it has none). */
  staticPart: string;
  hasExpressions: boolean;
  partitions: TimePartition[];
  /** Problems, each a sentence to follow `delivery.prefix`, with the part of the prefix it is about. */
  problems: Array<{ message: string; part?: string }>;
}

export function expressionsIn(prefix: string): string[] {
  return [...prefix.matchAll(EXPRESSION)].map((m) => m[1]);
}

/** The part of a prefix before its first `!{`, cut back to the last `/`. */
export function staticFolder(prefix: string): string {
  const at = prefix.indexOf('!{');
  if (at < 0) return prefix;
  return prefix.slice(0, prefix.lastIndexOf('/', at) + 1);
}

export function parsePrefix(prefix: string): ParsedPrefix {
  const problems: ParsedPrefix['problems'] = [];
  const partitions: TimePartition[] = [];
  const staticPart = staticFolder(prefix);
  const hasExpressions = prefix.includes('!{');
  if (prefix.startsWith('/')) problems.push({ message: 'must not start with "/" (S3 keys have no leading slash)' });
  if (!prefix.endsWith('/')) problems.push({ message: `must end with "/" so each partition is a folder, e.g. "${prefix}/"` });
  if (hasExpressions && !staticPart) {
    problems.push({ message: 'must start with a fixed folder before the first !{…}, e.g. "events/year=!{timestamp:yyyy}/…", so the table has a folder of its own' });
  }
  for (const seg of prefix.slice(staticPart.length).split('/')) {
    if (!seg.includes('!{')) continue;
    const m = seg.match(SEGMENT);
    if (!m && seg.includes('!{partitionKeyFromQuery:')) {
      problems.push({ part: seg, message: `segment "${seg}": write record-value partitions as delivery.partition_by (lakehouse puts name=!{partitionKeyFromQuery:name}/ after the table's folder and makes the jq query)` });
      continue;
    }
    if (!m) {
      problems.push({ part: seg, message: `segment "${seg}" must be name=!{timestamp:fmt}, e.g. year=!{timestamp:yyyy}, so Athena can project it as a partition` });
      continue;
    }
    const spec = FORMATS.find((f) => f.format === m[2]);
    if (!spec) {
      problems.push({ part: seg, message: `segment "${seg}" uses !{timestamp:${m[2]}}; partition segments take yyyy, MM, dd or HH` });
      continue;
    }
    if (partitions.some((p) => p.name === m[1])) problems.push({ part: seg, message: `names the partition "${m[1]}" twice` });
    partitions.push({ name: m[1], ...spec, range: [...spec.range] });
  }
  const formats = partitions.map((p) => p.format).join('/');
  const expected = FORMATS.slice(0, partitions.length).map((f) => f.format).join('/');
  if (partitions.length && formats !== expected && !problems.some((p) => p.part)) {
    problems.push({ message: `time partitions must go from coarse to fine without gaps (yyyy, then MM, dd, HH), got ${formats}` });
  }
  return { staticPart, hasExpressions, partitions, problems };
}

/** storage.location.template: the prefix with each `!{timestamp:fmt}` replaced by `${name}` (time partitions
 * in order) and each `!{partitionKeyFromQuery:k}` by `${k}`. */
export function locationTemplate(bucket: string, prefix: string, partitions: TimePartition[]): string {
  let i = 0;
  return `s3://${bucket}/` + prefix.replace(EXPRESSION, (_, ex: string) => '${' + (ex.startsWith('partitionKeyFromQuery:') ? ex.slice(22) : (partitions[i++]?.name ?? '')) + '}');
}
