// The CLI core end to end: help, version, usage errors, colors, validate, LAKEHOUSE_CONFIG, completion.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commands } from '../../src/cli/commands/index.js';
import { runCli } from '../support/cli.js';
import { removeDir, tempDir } from '../support/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
const bad = path.join(root, 'test/fixtures/specs/bad/06-shards-zero.yaml');

test('--help lists commands, global options, examples and exit codes; exit 0', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const s of ['lakehouse init', 'lakehouse validate', 'lakehouse completion', '--config', '--region', '--profile',
    '--endpoint-url', '--output', '--no-color', '--debug', '--yes', 'Examples:', 'Exit codes:', 'LAKEHOUSE_CONFIG']) {
    assert.ok(r.stdout.includes(s), `--help lacks ${s}`);
  }
  assert.equal(r.stderr, '');
});

test('a command --help shows its own usage and examples', async () => {
  const r = await runCli(['validate', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^lakehouse validate/);
  assert.match(r.stdout, /--output json/);
});

test('`help validate` is `validate --help`', async () => {
  const r = await runCli(['help', 'validate']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^lakehouse validate/);
});

test('--version prints the package version', async () => {
  const r = await runCli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), version);
});

test('no command, an unknown command or an unknown flag: exit 2 with a hint', async () => {
  const none = await runCli([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^error: name a command/);
  const typo = await runCli(['vaildate']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /^error: unknown command "vaildate" \(did you mean validate\?\)\nhint: run `lakehouse --help`/);
  const flag = await runCli(['validate', '--bogus']);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /^error: unknown option --bogus\n/);
  const choice = await runCli(['validate', '--output', 'xml']);
  assert.equal(choice.code, 2);
  assert.match(choice.stderr, /^error: --output must be one of table, json, csv, got "xml"\n/);
});

test('validate -c config.example.yaml exits 0 with a summary', async () => {
  const r = await runCli(['validate', '-c', 'config.example.yaml'], { cwd: root });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'config.example.yaml: valid — 7 fields, stream clickstream, table lakehouse.events (local, data in .lakehouse)\n');
});

test('validate --output json prints the normalized pipeline', async () => {
  const r = await runCli(['validate', '-c', 'config.example.yaml', '--output', 'json'], { cwd: root });
  assert.equal(r.code, 0, r.stderr);
  const p = JSON.parse(r.stdout);
  assert.equal(p.delivery.name, 'clickstream-delivery');
  assert.equal(p.table.partitions.length, 4);
});

test('LAKEHOUSE_CONFIG names the spec when -c is not given; -c still wins', async () => {
  const env = { LAKEHOUSE_CONFIG: path.join(root, 'config.example.yaml') };
  const r = await runCli(['validate'], { cwd: os.tmpdir(), env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /valid — 7 fields/);
  const c = await runCli(['validate', '-c', bad], { cwd: root, env });
  assert.equal(c.code, 2);
});

test('--region overrides the spec for provider aws', async () => {
  const dir = tempDir('lakehouse-cli-');
  try {
    const spec = fs.readFileSync(path.join(root, 'config.example.yaml'), 'utf8').replace('provider: local', 'provider: aws');
    fs.writeFileSync(path.join(dir, 'config.yaml'), spec);
    const r = await runCli(['validate', '--region', 'eu-west-2', '-o', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout);
    assert.equal(p.region, 'eu-west-2');
    assert.equal(p.bucket.name, 'clickstream-lake-eu-west-2');
    const badRegion = await runCli(['validate', '--region', 'nowhere'], { cwd: dir });
    assert.equal(badRegion.code, 2);
    assert.match(badRegion.stderr, /^error: --region must be an AWS region code/);
  } finally {
    removeDir(dir);
  }
});

test('colors: on for a TTY, off with NO_COLOR, --no-color or a pipe', async () => {
  const tty = await runCli(['validate', '-c', bad], { cwd: root, isTTY: true });
  assert.match(tty.stderr, /\x1b\[31m/);
  for (const r of [
    await runCli(['validate', '-c', bad], { cwd: root, isTTY: true, env: { NO_COLOR: '1' } }),
    await runCli(['validate', '-c', bad, '--no-color'], { cwd: root, isTTY: true }),
    await runCli(['validate', '-c', bad], { cwd: root, isTTY: false }),
  ]) {
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, /\x1b\[/);
  }
});

test('a spec problem prints file:line:col and no stack; --debug adds the stack', async () => {
  const r = await runCli(['validate', '-c', bad], { cwd: root });
  assert.match(r.stderr, /^test\/fixtures\/specs\/bad\/06-shards-zero\.yaml:11:11 stream\.shards must be >= 1, got 0\n/);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  const d = await runCli(['validate', '-c', bad, '--debug'], { cwd: root });
  assert.equal(d.code, 2);
  assert.match(d.stderr, /SpecError[\s\S]*at /);
});

test('completion prints a shell script; completions list the commands', async () => {
  const script = await runCli(['completion']);
  assert.equal(script.code, 0);
  assert.match(script.stdout, /###-begin-lakehouse-completions-###/);
  const words = await runCli(['--get-yargs-completions', 'lakehouse', 'va']);
  assert.equal(words.code, 0);
  const names = commands.map((c) => c.command.split(' ')[0]);
  assert.deepEqual(words.stdout.trim().split('\n').sort(), ['completion', ...names].sort());
  assert.ok(names.includes('init') && names.includes('validate'));
});

test('startup imports nothing heavy: the static import graph of bin.ts reaches only yargs and node:*', () => {
  // Follows value imports (not `import type`, not dynamic import()) from the entry point, as a bundler would
  // for the code that runs before a command is chosen.
  const external = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'));
      else if (!spec.endsWith('.json')) external.add(spec);
    }
  };
  visit(path.join(root, 'src/cli/bin.ts'));
  assert.ok(seen.has(path.join(root, 'src/cli/commands/index.ts')));
  assert.ok(!seen.has(path.join(root, 'src/config/load.ts')), 'the spec loader must load lazily');
  assert.deepEqual([...external].filter((s) => !s.startsWith('node:')), ['yargs']);
});

test('a stray word is named as an argument, not as an option', async () => {
  const r = await runCli(['validate', 'extra']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: unexpected argument "extra"\n/);
  assert.doesNotMatch(r.stderr, /--extra/);
  const o = await runCli(['validate', '--extra']);
  assert.match(o.stderr, /^error: unknown option --extra\nhint: run `lakehouse validate --help` for its options\n$/);
  const top = await runCli(['--extra']);
  assert.match(top.stderr, /^error: name a command, e.g. lakehouse validate\nhint: run `lakehouse --help` for usage\n$/);
});

test('completion takes the shell as an argument (bash or zsh), whatever $SHELL is', async () => {
  const zsh = await runCli(['completion', 'zsh']);
  assert.equal(zsh.code, 0, zsh.stderr);
  assert.match(zsh.stdout, /^#compdef lakehouse/);
  const bash = await runCli(['completion', 'bash']);
  assert.equal(bash.code, 0, bash.stderr);
  assert.match(bash.stdout, /complete -o bashdefault -o default -F _lakehouse_yargs_completions lakehouse/);
  const fish = await runCli(['completion', 'fish']);
  assert.equal(fish.code, 2);
  assert.match(fish.stderr, /completion supports bash or zsh, got "fish"/);
});

test("completions after a command word offer that command's own options", async () => {
  const r = await runCli(['--get-yargs-completions', 'lakehouse', 'query', '--']);
  assert.equal(r.code, 0);
  const words = r.stdout.trim().split('\n');
  for (const o of ['--file', '--max-rows', '--jsonl', '--config']) assert.ok(words.includes(o), `${o} in ${words.join(' ')}`);
});

test('nothing listening at --endpoint-url, or no AWS credentials: exit 3 with a hint that names the fix', async () => {
  const dir = tempDir('lakehouse-endpoint-');
  try {
    fs.copyFileSync(path.join(root, 'config.example.yaml'), path.join(dir, 'config.yaml'));
    for (const argv of [['status'], ['query', 'SELECT 1']]) {
      const r = await runCli([...argv, '--endpoint-url', 'http://127.0.0.1:1'], { cwd: dir });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /ECONNREFUSED/);
      assert.match(r.stderr, /\nhint: nothing answers at 127\.0\.0\.1:1: start `lakehouse serve`/);
    }
    const aws = fs.readFileSync(path.join(dir, 'config.yaml'), 'utf8').replace(/^provider: local\b/m, 'provider: aws');
    fs.writeFileSync(path.join(dir, 'aws.yaml'), aws);
    const env = { HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' };
    const r = await runCli(['plan', '-c', 'aws.yaml'], { cwd: dir, env });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /\nhint: no AWS credentials found: /);
  } finally {
    removeDir(dir);
  }
});

test('a value outside an option\'s choices names the option, the value and the choices on one line', async () => {
  const r = await runCli(['validate', '--output', 'yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: --output must be one of table, json, csv, got "yaml"\n/);
});

test('an option given without its value is an error naming the option (not a silent default)', async () => {
  for (const [argv, name] of [[['validate', '-c'], '-c/--config'], [['validate', '--config'], '-c/--config'], [['query', '--max-rows'], '--max-rows'], [['query', '--file'], '-f/--file'], [['status', '--region'], '--region'], [['produce', '-n'], '-n/--amount'], [['produce', '--seed'], '--seed'], [['produce', '--rate'], '-r/--rate']] as const) {
    const r = await runCli([...argv]);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^error: ${name.replace(/\//g, '\\/')} needs a value\n`), argv.join(' '));
  }
});
