// Comparing and showing prop values: canonical JSON (sorted keys) so equal documents compare equal
// whatever order AWS returns their keys in.
import type { Value } from './types.js';

export function canonical(v: Value | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  return canonical(a) === canonical(b);
}

/** Tags as a plain map, keeping only the keys we manage (foreign tags are not ours to remove). */
export function pickTags(all: Record<string, string>, wanted: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(wanted)) if (k in all) out[k] = all[k]!;
  return out;
}

export function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function tagMap(list: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

export const OWNER_TAG = 'lakehouse:pipeline';
