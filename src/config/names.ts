// Every resource name, derived from the pipeline name in one place, and AWS's naming rules for them.
import type { SpecSource } from './source.js';
import type { RawSpec } from './spec.js';
import { describeValue } from './suggest.js';

export interface DerivedNames {
  stream: string;
  delivery: string;
  role: string;
  bucket: string;
  workgroup: string;
}

export function deriveNames(raw: RawSpec, provider: 'local' | 'aws', region: string): DerivedNames {
  const n = raw.name;
  // Bucket names are global on AWS: the region keeps two regions' pipelines apart; set bucket.name if taken.
  const bucket = raw.bucket?.name ?? (provider === 'aws' ? `${n}-lake-${region}` : `${n}-lake`);
  return { stream: n, delivery: `${n}-delivery`, role: `${n}-firehose`, bucket, workgroup: raw.athena?.workgroup ?? n };
}

/** Why a bucket name breaks S3's rules, if it does. */
export function bucketProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `must be 3–63 characters long, got ${name.length}`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'must be lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit';
  if (name.includes('..')) return 'must not contain two dots in a row';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not look like an IP address';
  if (name.startsWith('xn--') || name.startsWith('sthree-')) return 'must not start with xn-- or sthree- (reserved by S3)';
  if (name.endsWith('-s3alias') || name.endsWith('--ol-s3')) return 'must not end with -s3alias or --ol-s3 (reserved by S3)';
  return undefined;
}

/** Why a Glue database or table name is unusable from Athena, if it is. */
export function glueNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 255) return `must be 1–255 characters long, got ${name.length}`;
  if (/^[a-z0-9_]+$/.test(name)) return undefined;
  const lower = name.toLowerCase();
  if (/^[a-z0-9_]+$/.test(lower)) return `must be lowercase (Glue stores names in lowercase): use "${lower}"`;
  return `must be lowercase letters, digits and underscores, e.g. "${lower.replace(/[^a-z0-9_]+/g, '_')}"`;
}

function checkLength(source: SpecSource, what: string, value: string, max: number): void {
  if (value.length > max) {
    source.add(['name'], `is too long: the ${what} name "${value}" derived from it is ${value.length} characters, AWS allows ${max}; shorten name`);
  }
}

/** Naming rules for given and derived names. Skips what the schema already rejected (wrong types). */
export function checkNames(source: SpecSource, raw: RawSpec, names: DerivedNames): void {
  const validName = typeof raw.name === 'string' && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(raw.name);
  if (validName) {
    checkLength(source, 'stream', names.stream, 128);
    checkLength(source, 'delivery stream', names.delivery, 64);
    checkLength(source, 'IAM role', names.role, 64);
  }
  if (typeof raw.bucket?.name === 'string') {
    const why = bucketProblem(raw.bucket.name);
    if (why) source.add(['bucket', 'name'], `${why}, got ${describeValue(raw.bucket.name)}`);
  } else if (validName) {
    const why = bucketProblem(names.bucket);
    if (why) source.add(['name'], `gives the bucket name "${names.bucket}", which ${why}; shorten name or set bucket.name`);
  }
  for (const key of ['database', 'name'] as const) {
    const v = raw.table?.[key];
    const why = typeof v === 'string' ? glueNameProblem(v) : undefined;
    if (why) source.add(['table', key], `${why}, got ${describeValue(v)}`);
  }
  const wg = raw.athena?.workgroup;
  if (typeof wg === 'string' && !/^[a-zA-Z0-9._-]{1,128}$/.test(wg)) {
    source.add(['athena', 'workgroup'], `must be 1–128 letters, digits, ".", "_" or "-", got ${describeValue(wg)}`);
  } else if (wg === undefined && validName) checkLength(source, 'workgroup', names.workgroup, 128);
}
