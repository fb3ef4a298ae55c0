// delivery.partition_by on provider aws against `lakehouse serve`, every request checked against AWS's API
// models: up creates Firehose with DynamicPartitioningConfiguration and the MetadataExtraction processor and
// the Glue table with the projected status key; a second up has nothing to do (what describe reads back is
// what up wrote); produce → query prunes by status; then a field is added to the spec: the Glue column
// appears, Firehose uses it from the next object, and the rows delivered before read it as NULL.
import '../aws/check-models.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../src/local/server.js';
import { runCli, type CliRun } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const dir = tempDirForFile('lakehouse-partition-aws-');
let server: RunningServer;

const SPEC = `name: dynparts
provider: aws
aws:
  region: us-east-1
delivery:
  buffer: { size_mb: 64, interval_s: 1 }
  partition_by: [status]
table:
  database: dynparts_db
  name: events
fields:
  - { name: uuid,   type: string, gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status, type: string, gen: { pick: [Active, Inactive, Pending] } }
`;

describe('partition_by on provider aws against serve', () => {
  before(async () => (server = await startServer({ dataDir: path.join(dir, 'data'), port: 0 })));
  after(() => server?.close());
  it('provider aws: partition_by through serve with the model checks on, and a field added later reads NULL in old rows', { timeout: 180_000 }, async () => {
    const file = path.join(dir, 'lakehouse.yaml');
    fs.writeFileSync(file, SPEC);
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    const env = { ...process.env, NO_COLOR: '1', AWS_REGION: 'us-east-1' };
    const cli = (...argv: string[]) => runCli([argv[0]!, '-c', file, '--endpoint-url', server.endpoint, ...argv.slice(1)], { env, cwd: dir });
    const ok = (r: CliRun) => assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    const count = async (where: string) => {
      const r = await cli('query', `SELECT count(*) AS n FROM events WHERE ${where}`, '-o', 'json', '--no-footer');
      ok(r);
      return JSON.parse(r.stdout)[0].n as number;
    };
    try {
      ok(await cli('up', '--yes'));
      const again = await cli('up');
      ok(again);
      assert.match(again.stdout, /No changes/);
      ok(await cli('produce', '-n', '300', '--wait', '--flush'));
      const active = await count("status = 'Active'");
      assert.ok(active > 0 && active < 300, `Active ${active}`);
      assert.equal(active + (await count("status = 'Inactive'")) + (await count("status = 'Pending'")), 300);

      fs.writeFileSync(file, SPEC + '  - { name: amount, type: double, gen: { faker: number.float, args: { min: 1, max: 9 } } }\n');
      const plan = await cli('plan');
      ok(plan);
      assert.match(plan.stdout, /columns: \+ amount double \(safe/);
      ok(await cli('up', '--yes'));
      ok(await cli('produce', '-n', '100', '--wait', '--flush'));
      assert.equal(await count('amount IS NULL'), 300, 'rows delivered before the field existed read NULL');
      assert.equal(await count('amount IS NOT NULL'), 100, 'Firehose converts the new column from the next object');
      assert.ok((await count("status = 'Active' AND amount IS NULL")) === active);
    } finally {
      await cli('down', '--yes').catch(() => undefined);
    }
  });
});
