// The schema is complete for editors (descriptions everywhere, no open objects) and docs/spec.md keeps up.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../../src/errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/pipeline.schema.json'), 'utf8'));
const docs = fs.readFileSync(path.join(root, 'docs/spec.md'), 'utf8');

type Node = Record<string, unknown> & { properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; $ref?: string };

function deref(n: Node): Node {
  return n.$ref ? schema.definitions[n.$ref.split('/').pop()!] : n;
}

/** Every property in the schema as [documented path, its schema, the object it sits in]. */
function properties(n: Node, prefix: string, out: Array<[string, Node, Node]> = []): Array<[string, Node, Node]> {
  n = deref(n);
  for (const [k, child] of Object.entries(n.properties ?? {})) {
    const p = `${prefix}${k}`;
    out.push([p, child, n]);
    const c = deref(child);
    if (c.items) properties(c.items, `${p}[].`, out);
    properties(c, `${p}.`, out);
    for (const branch of c.anyOf ?? []) properties(branch, `${p}.`, out);
  }
  return out;
}

const all = properties(schema, '');

test('the schema has a description on every property and closes every object', () => {
  assert.ok(all.length > 35);
  for (const [p, node, owner] of all) {
    assert.ok(typeof deref(node).description === 'string' && deref(node).description, `${p} has no description`);
    assert.equal(owner.additionalProperties, false, `the object holding ${p} allows unknown keys`);
  }
});

test('docs/spec.md documents every schema property', () => {
  const missing = all.map(([p]) => p).filter((p) => !docs.includes(`\`${p}\``));
  assert.deepEqual(missing, []);
});

test('docs/spec.md lists every exit code', () => {
  for (const code of Object.values(ExitCode)) assert.match(docs, new RegExp(`^\\| ${code} \\|`, 'm'), `exit code ${code}`);
});
