// Faker `args` checked against the method's declared parameters (src/config/faker-params.json): unknown
// option names with did-you-mean, too many arguments, a required one missing; exit 2 with file:line:col.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const dir = tempDirForFile('lakehouse-faker-args-');

function spec(fields: string): string {
  const file = path.join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, `name: fk\nprovider: local\ntable: { database: lakehouse, name: events }\nfields:\n  - { name: id, type: string, gen: uuid }\n${fields}`);
  return file;
}

describe('Faker args against the method parameters', () => {
  it('an unknown option is a spec error at its key, with did-you-mean (minimum → min), exit 2', async () => {
    const file = spec('  - name: n\n    type: int\n    gen:\n      faker: number.int\n      args: { minimum: 1, max: 10 }\n');
    const r = await runCli(['validate', '-c', file], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /:10:15 fields\[1\]\.gen\.args\.minimum Faker number\.int has no option "minimum" \(did you mean min\?\); its options: distributor, max, min, multipleOf/);
  });

  it('misspelt options, too many positional args and a missing required argument are each reported', async () => {
    const file = spec(
      '  - { name: e, type: string, gen: { faker: internet.email, args: { provder: x.com } } }\n' +
        '  - { name: w, type: string, gen: { faker: lorem.words, args: [3, 4] } }\n' +
        '  - { name: d, type: timestamp, gen: { faker: date.between } }\n',
    );
    const r = await runCli(['validate', '-c', file], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /:6:\d+ fields\[1\]\.gen\.args\.provder Faker internet\.email has no option "provder" \(did you mean provider\?\)/);
    assert.match(r.stderr, /:7:\d+ fields\[2\]\.gen\.args Faker lorem\.words takes 1 argument\(s\) \(wordCount\), got 2/);
    assert.match(r.stderr, /:8:\d+ fields\[3\]\.gen\.args Faker date\.between needs its options argument \{ from, to \}/);
  });

  it('correct options, a plain value where the method takes one, and no args at all pass', async () => {
    const file = spec(
      '  - { name: a, type: string, gen: { faker: string.alpha, args: { length: 5, casing: upper } } }\n' +
        '  - { name: b, type: string, gen: { faker: lorem.words, args: [3] } }\n' +
        '  - { name: c, type: string, gen: { faker: person.firstName } }\n' +
        '  - { name: n, type: int, gen: { faker: number.int, args: { min: 1, max: 10 } } }\n',
    );
    const r = await runCli(['validate', '-c', file], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
});
