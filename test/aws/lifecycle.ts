// The provider-aws lifecycle, run by the CLI (exec) against an endpoint: up, no-op up, plan
// --detailed-exitcode, spec changes (a field, shards, buffer, on-demand, a table rename), produce, down;
// then boto3 lists every service to prove nothing of ours remains. The same flow runs against moto (an AWS
// implementation we did not write) and against `lakehouse serve`. Every request is model-checked.
import './check-models.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliRun } from '../support/cli.js';
import { removeDir, tempDir } from '../support/tmp.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function spec(name: string): string {
  return `name: ${name}
provider: aws
aws:
  region: us-east-1
stream:
  mode: provisioned
  shards: 1
delivery:
  buffer: { size_mb: 64, interval_s: 60 }
table:
  database: ${name}_db
  name: events
fields:
  - { name: uuid,   type: string, gen: uuid }
  - { name: status, type: string, gen: { pick: [Active, Inactive] } }
`;
}

export interface Leftover {
  kind: string;
  name: string;
}

/** What boto3 finds at `endpoint` that carries our tag or one of our names. */
export async function leftovers(endpoint: string | undefined, pipeline: string, names: string[]): Promise<Leftover[]> {
  // Asynchronous: `lakehouse serve` may run in this very process and must keep answering.
  const { stdout } = await promisify(execFile)('python3', [path.join(here, 'leftovers.py'), endpoint ?? '', pipeline, ...names], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return (JSON.parse(stdout) as Leftover[]).map(({ kind, name }) => ({ kind, name }));
}

/** `endpoint` undefined: the real AWS account and region of the environment (docs/aws.md). */
export async function lifecycle(endpoint: string | undefined, name: string, region = 'us-east-1'): Promise<void> {
  const dir = tempDir('lakehouse-aws-lifecycle-');
  const file = path.join(dir, 'lakehouse.yaml');
  fs.writeFileSync(file, spec(name).replace('region: us-east-1', `region: ${region}`));
  // The SDK's credential chain reads the process environment, not the CLI's io.env; a real account keeps its own.
  if (endpoint) Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  const env = { ...process.env, NO_COLOR: '1', AWS_REGION: region };
  const at = endpoint ? ['--endpoint-url', endpoint] : [];
  const cli = (...argv: string[]) => runCli([argv[0]!, '-c', file, ...at, ...argv.slice(1)], { env, cwd: dir });
  const ok = (r: CliRun, code = 0) => assert.equal(r.code, code, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  const edit = (f: (s: string) => string) => fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8')));
  const ourNames = [name, `${name}-delivery`, `${name}-firehose`, `${name}-lake-${region}`, `${name}_db`, `${name}_db.events`, `${name}_db.clicks`];
  try {
    ok(await cli('plan', '--detailed-exitcode'), 2);
    let r = await cli('up', '--yes');
    ok(r);
    assert.match(r.stdout, /Apply complete: 7 created/);
    r = await cli('up');
    ok(r);
    assert.match(r.stdout, /No changes/);
    r = await cli('plan', '--detailed-exitcode');
    ok(r, 0);
    assert.match(r.stdout, /Estimated cost: ~\$\d/);

    edit((s) => s.replace('gen: { pick: [Active, Inactive] } }', 'gen: { pick: [Active, Inactive] } }\n  - { name: amount, type: double, gen: { faker: number.float, args: { min: 1, max: 9 } } }'));
    r = await cli('plan', '--detailed-exitcode');
    ok(r, 2);
    assert.match(r.stdout, /columns: \+ amount double \(safe/);
    ok(await cli('up'));

    // bigint → string breaks the Parquet files already written: plan says why, up needs a yes.
    edit((s) => s.replace('{ name: amount, type: double, gen: { faker: number.float, args: { min: 1, max: 9 } } }', '{ name: amount, type: double, gen: { faker: number.float, args: { min: 1, max: 9 } } }\n  - { name: code, type: bigint, gen: { faker: number.int, args: { min: 1, max: 9 } } }'));
    ok(await cli('up'));
    edit((s) => s.replace('{ name: code, type: bigint, gen: { faker: number.int, args: { min: 1, max: 9 } } }', '{ name: code, type: string, gen: uuid }'));
    r = await cli('plan', '--detailed-exitcode');
    ok(r, 2);
    assert.match(r.stdout, /columns: code: bigint → string \(BREAKING: Athena fails on Parquet files whose code is bigint/);
    r = await cli('up');
    ok(r, 5);
    assert.match(r.stderr, /breaking column change/);
    ok(await cli('up', '--yes'));

    edit((s) => s.replace('shards: 1', 'shards: 2'));
    r = await cli('up');
    ok(r);
    assert.match(r.stdout, /Apply complete: 0 created, 1 updated/);

    edit((s) => s.replace('interval_s: 60', 'interval_s: 120'));
    ok(await cli('up'));
    edit((s) => s.replace('mode: provisioned\n  shards: 2', 'mode: on_demand'));
    ok(await cli('up'));
    ok(await cli('plan', '--detailed-exitcode'), 0);

    // A rename is a replace of the old table, which needs a yes, and leaves no tagged table behind.
    edit((s) => s.replace('name: events', 'name: clicks'));
    r = await cli('plan', '--detailed-exitcode');
    ok(r, 2);
    assert.match(r.stdout, new RegExp(`-/\\+ Glue table ${name}_db\\.clicks \\(renamed from ${name}_db\\.events`));
    ok(await cli('up'), 5);
    ok(await cli('up', '--yes'));
    ok(await cli('plan', '--detailed-exitcode'), 0);
    assert.deepEqual((await leftovers(endpoint, name, [])).filter((l) => l.kind === 'table').map((l) => l.name), [`${name}_db.clicks`]);

    r = await cli('produce', '-n', '1000');
    ok(r);
    assert.match(r.stdout + r.stderr, /accepted\s+1,000/);

    r = await cli('down');
    ok(r, 5);
    // The question says what goes with the bucket (issue 16).
    assert.match(r.stderr, new RegExp(`Delete 7 resource\\(s\\) of pipeline ${name} and \\d+ objects?, [\\d.]+ [KMG]?B in S3 bucket ${name}-lake-`));
    ok(await cli('down', '--yes'));
    assert.deepEqual(await leftovers(endpoint, name, ourNames), []);
    ok(await cli('plan', '--detailed-exitcode'), 2);
  } catch (e) {
    // Leave nothing behind even when a step failed (on a real account it would be billed): down finds
    // everything by tag, renamed or not.
    await cli('down', '--yes').catch(() => undefined);
    throw e;
  } finally {
    removeDir(dir);
  }
}
