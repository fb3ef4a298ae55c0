// produce --changes: the change stream for an Iceberg table with unique keys. Replays the stream against a
// model of the table: every update and delete names a key that is live at that moment, inserts bring new
// keys, the mix is about 60/30/10 after the warm-up, the live set stays bounded, each change of a key has the
// key as its partition key; then the CLI (dry run, timestamps as epoch microseconds, replayed by --from) and
// its refusals.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { changeStream } from '../../src/producer/changes.js';
import { createGenerator } from '../../src/producer/generator.js';
import { runCli } from '../support/cli.js';
import { removeDir, tempDir } from '../support/tmp.js';
import type { Field } from '../../src/config/types.js';

const FIELDS: Field[] = [
  { name: 'uuid', type: 'string', gen: { kind: 'uuid' } },
  { name: 'event_date', type: 'timestamp', gen: { kind: 'now' } },
  { name: 'amount', type: 'int', gen: { kind: 'pick', values: [1, 2, 3] } },
];

test('a change stream replays onto a table model: updates and deletes hit live keys only', async () => {
  const gen = changeStream(await createGenerator(FIELDS, undefined, { seed: 7 }), { keys: ['uuid'], operationField: 'op', seed: 7, maxLiveKeys: 500 });
  const table = new Map<string, Record<string, unknown>>();
  const everDeleted = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const { data, partitionKey } = gen.next();
    const r = JSON.parse(data) as Record<string, unknown>;
    const k = r.uuid as string;
    assert.equal(partitionKey, k);
    assert.deepEqual(Object.keys(r), ['uuid', 'event_date', 'amount', 'op']);
    if (r.op === 'insert') {
      assert.ok(!table.has(k) && !everDeleted.has(k), `insert of a new key ${k}`);
      table.set(k, r);
    } else if (r.op === 'update') {
      assert.ok(table.has(k), `update of live key ${k} (record ${i})`);
      table.set(k, r);
    } else {
      assert.equal(r.op, 'delete');
      assert.ok(table.has(k), `delete of live key ${k} (record ${i})`);
      table.delete(k);
      everDeleted.add(k);
    }
  }
  const c = gen.counts;
  assert.equal(c.insert + c.update + c.delete, 20_000);
  assert.equal(gen.generated, 20_000);
  // 60/30/10 after 100 warm-up inserts, within a generous margin.
  assert.ok(Math.abs(c.update / 20_000 - 0.3) < 0.03, JSON.stringify(c));
  assert.ok(Math.abs(c.delete / 20_000 - 0.1) < 0.02, JSON.stringify(c));
  assert.ok(gen.liveKeys <= 500);
  assert.equal(table.size, c.insert - c.delete);
  // Same seed, same stream.
  const again = changeStream(await createGenerator(FIELDS, undefined, { seed: 7 }), { keys: ['uuid'], operationField: 'op', seed: 7, maxLiveKeys: 500 });
  const first = changeStream(await createGenerator(FIELDS, undefined, { seed: 7 }), { keys: ['uuid'], operationField: 'op', seed: 7, maxLiveKeys: 500 });
  for (let i = 0; i < 300; i++) assert.equal(again.next().data, first.next().data);
});

test('produce --changes: dry run prints operations; refused without unique keys or with --from', async () => {
  const dir = tempDir('lakehouse-changes-');
  try {
    const spec = `name: shop
table:
  database: lake
  name: orders
  format: iceberg
  unique_keys: [uuid]
  operation_field: change
fields:
  - { name: uuid, type: string, gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
`;
    fs.writeFileSync(path.join(dir, 'config.yaml'), spec);
    let r = await runCli(['produce', '-n', '300', '--changes', '--dry-run', '--seed', '3'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // Firehose's Iceberg destination reads timestamps as epoch microseconds (seeded: 2025-01-01T00:00:00Z on).
    assert.equal(lines[0].event_date, Date.UTC(2025, 0, 1) * 1000);
    const ops = lines.map((l) => l.change as string);
    assert.equal(ops.length, 300);
    assert.deepEqual([...new Set(ops)].sort(), ['delete', 'insert', 'update']);
    assert.ok(ops.slice(0, 100).every((o) => o === 'insert'));
    // The dry run's output replays with --from: the operation key is accepted, timestamps stay microseconds.
    fs.writeFileSync(path.join(dir, 'changes.jsonl'), r.stdout);
    r = await runCli(['produce', '--from', 'changes.jsonl', '--dry-run'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l)), lines);
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"uuid":"a","change":"upsert"}\n');
    r = await runCli(['produce', '--from', 'bad.jsonl', '--dry-run'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.jsonl:1: operation "change" must be one of insert, update, delete, got "upsert"/);
    fs.writeFileSync(path.join(dir, 'config.yaml'), spec.replace('  unique_keys: [uuid]\n  operation_field: change\n', ''));
    r = await runCli(['produce', '-n', '3', '--changes', '--dry-run'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--changes needs an Iceberg table with unique keys/);
  } finally {
    removeDir(dir);
  }
});
