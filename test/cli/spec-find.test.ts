// Spec discovery upward from the working directory to the repository root, as git finds its repository,
// and said on stderr when used; an explicit -c or LAKEHOUSE_CONFIG is never second-guessed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { STARTER_SPEC } from '../../src/cli/starter-spec.js';
import { configGiven, findSpecUpward } from '../../src/cli/spec-find.js';
import { runCli } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const root = tempDirForFile('lakehouse-spec-find-');

function tree(base: string, files: string[]): void {
  for (const f of files) {
    const p = path.join(base, f);
    if (f.endsWith('/')) fs.mkdirSync(p, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, f.endsWith('config.yaml') ? STARTER_SPEC : '');
    }
  }
}

test('a command run in a subfolder finds the spec above it and says so', async () => {
  const repo = path.join(root, 'repo');
  tree(repo, ['.git/', 'config.yaml', 'a/b/']);
  const r = await runCli(['validate'], { cwd: path.join(repo, 'a', 'b') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /using \.\.\/\.\.\/config\.yaml \(found above the working directory\)/);
  assert.match(r.stdout + r.stderr, /clickstream/);
});

test('the search stops at the repository root, as git does', async () => {
  const outer = path.join(root, 'outer');
  tree(outer, ['config.yaml', 'repo/.git/', 'repo/sub/']);
  assert.equal(findSpecUpward(path.join(outer, 'repo', 'sub'), '/nonexistent-home'), undefined);
  const r = await runCli(['validate'], { cwd: path.join(outer, 'repo', 'sub') });
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stderr, /found above/);
  // The home folder ends the search too.
  assert.equal(findSpecUpward(path.join(outer, 'repo', 'sub'), path.join(outer, 'repo')), undefined);
  assert.equal(findSpecUpward(path.join(outer, 'deep', 'er'), '/nonexistent-home'), path.join(outer, 'config.yaml'));
});

test('an explicit spec is used as given; config.yaml in the working directory wins over one above', async () => {
  const repo = path.join(root, 'explicit');
  tree(repo, ['.git/', 'config.yaml', 'sub/config.yaml']);
  const here = await runCli(['validate'], { cwd: path.join(repo, 'sub') });
  assert.equal(here.code, 0, here.stderr);
  assert.doesNotMatch(here.stderr, /found above/);
  const given = await runCli(['validate', '-c', 'missing.yaml'], { cwd: path.join(repo, 'sub') });
  assert.equal(given.code, 2);
  assert.doesNotMatch(given.stderr, /found above/);
  assert.ok(configGiven(['-c', 'x']) && configGiven(['--config=x']) && configGiven(['-cx']) && !configGiven(['validate']));
});
