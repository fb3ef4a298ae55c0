// Limits that keep a hostile or broken YAML document a spec error (exit 2, file:line:col) instead of a
// hang, a memory blow-up or an internal error: the file's size, nesting depth, and how far aliases expand
// (a "billion laughs" document is a few hundred bytes that expand to billions of values). The walk below
// runs on the parsed nodes before anything converts them to JavaScript, with its recursion bounded by
// MAX_DEPTH and each anchor measured once, so it is linear in the document whatever the aliases do.
import { isAlias, isMap, isPair, isSeq, type Document, type Node } from 'yaml';
import type { SpecSource } from './source.js';

/** A spec is a page of YAML; 1 MiB is far beyond any real one and parses in milliseconds. */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** Nesting levels (the spec itself uses at most 6: fields[].gen.args.{…}.{…}). */
export const MAX_DEPTH = 32;
/** Values that aliases may add in total once expanded. */
export const MAX_ALIAS_VALUES = 10_000;

/** The problem, or undefined, for a spec of `bytes` bytes. */
export function sizeProblem(bytes: number): string | undefined {
  if (bytes <= MAX_SPEC_BYTES) return undefined;
  const size = bytes > MAX_SPEC_BYTES + 1 ? `${bytes.toLocaleString('en-US')} bytes` : 'larger than that';
  return `The spec may be at most ${MAX_SPEC_BYTES.toLocaleString('en-US')} bytes (1 MiB), this one is ${size}`;
}

/** The parser's own stack overflow on absurd nesting, said as what it is. */
export function rewordParseError(message: string): string {
  return /Maximum call stack size exceeded/.test(message) ? `nesting is too deep (a spec may nest at most ${MAX_DEPTH} levels)` : message;
}

interface Measure {
  size: number;
  height: number;
}

class Stop extends Error {}

/** Explicit tags a spec may use: YAML's core schema. Others (!!set, !!omap, !!binary, !!timestamp, custom
 * `!tags`) would turn into Sets, Maps, bytes or nothing the schema can describe. */
const CORE = 'tag:yaml.org,2002:';
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => CORE + t));

/** Check depth, aliases (unresolved, circular, expanding too far). Adds problems; true when the document is safe to convert. */
export function checkYamlLimits(source: SpecSource): boolean {
  const doc = source.doc as Document;
  const memo = new Map<unknown, Measure>();
  const open = new Set<unknown>();
  let expanded = 0;
  const at = (node: unknown) => source.lineCounter.linePos((node as Node | undefined)?.range?.[0] ?? 0);
  const fail = (node: unknown, message: string): never => {
    const { line, col } = at(node);
    source.problems.push({ file: source.display, line, col, path: '', message: `YAML ${message}` });
    throw new Stop();
  };

  const measure = (node: unknown, level: number): Measure => {
    if (level > MAX_DEPTH) fail(node, `nesting is too deep (a spec may nest at most ${MAX_DEPTH} levels)`);
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) fail(node, `alias *${node.source} has no anchor &${node.source} before it`);
      if (open.has(target)) fail(node, `alias *${node.source} refers to a collection that contains it`);
      const m = memo.get(target) ?? measure(target, level);
      expanded += m.size;
      if (expanded > MAX_ALIAS_VALUES) {
        fail(node, `aliases expand to more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values (an alias bomb?); write the values out or use fewer aliases`);
      }
      if (level + m.height > MAX_DEPTH) fail(node, `nesting is too deep once alias *${node.source} is expanded (at most ${MAX_DEPTH} levels)`);
      return m;
    }
    const cached = memo.get(node);
    if (cached) return cached;
    const tag = (node as { tag?: string }).tag;
    if (tag && !CORE_TAGS.has(tag)) fail(node, `tag ${tag.replace(CORE, '!!')} is not supported in a spec; write plain values, lists and mappings`);
    let size = 1;
    let height = 0;
    const children: unknown[] = [];
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          const key = isAlias(item.key) ? item.key.resolve(doc) : item.key;
          if (isMap(key) || isSeq(key)) fail(item.key, 'mapping keys must be plain values, not lists or mappings');
          children.push(item.key, item.value);
        }
        else children.push(item);
      }
    }
    open.add(node);
    for (const child of children) {
      if (child === null || child === undefined) continue;
      const m = measure(child, level + 1);
      size += m.size;
      height = Math.max(height, m.height + 1);
    }
    open.delete(node);
    const m = { size, height };
    memo.set(node, m);
    return m;
  };

  try {
    if (doc.contents) measure(doc.contents, 0);
    return true;
  } catch (e) {
    if (e instanceof Stop) return false;
    if (e instanceof RangeError) {
      source.problems.push({ file: source.display, line: 1, col: 1, path: '', message: `YAML ${rewordParseError(e.message)}` });
      return false;
    }
    throw e;
  }
}
