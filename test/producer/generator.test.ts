import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGenerator } from '../../src/producer/generator.js';
import { createRng, uuidFrom } from '../../src/producer/random.js';
import { seedFields, typedFields } from './fields.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

test('records are one JSON object per line with the seed article fields', async () => {
  const g = await createGenerator(seedFields, 'uuid');
  for (let i = 0; i < 200; i++) {
    const r = g.next();
    assert.ok(r.data.endsWith('}\n'));
    const o = JSON.parse(r.data);
    assert.deepEqual(Object.keys(o), seedFields.map((f) => f.name));
    assert.match(o.uuid, UUID_V4);
    assert.equal(r.partitionKey, o.uuid, 'partition key is the uuid field');
    assert.match(o.event_date, ISO_Z);
    assert.ok(['Active', 'Inactive', 'Canceled'].includes(o.status));
    assert.equal(typeof o.name, 'string');
    assert.match(o.email, /@/);
    assert.ok(Number.isInteger(o.phone) && o.phone >= 900000000 && o.phone <= 999999999);
  }
  assert.equal(g.generated, 200);
});

test('values are typed as the table declares', async () => {
  const g = await createGenerator(typedFields, undefined, { seed: 3 });
  for (let i = 0; i < 300; i++) {
    const r = g.next();
    const o = JSON.parse(r.data);
    assert.equal(typeof o.s, 'string');
    assert.ok(o.vc === 'a' || o.vc === 'b');
    for (const k of ['i', 'si', 'ti', 'bi']) assert.ok(Number.isSafeInteger(o[k]), `${k} is an integer: ${o[k]}`);
    assert.equal(o.ti, 7);
    assert.ok(o.i >= -1000 && o.i <= 1000);
    assert.equal(typeof o.d, 'number');
    assert.equal(o.f, 1.5);
    assert.equal(typeof o.b, 'boolean');
    assert.equal(typeof o.bs, 'boolean');
    assert.match(o.ts, ISO_Z);
    assert.match(o.ts2, ISO_Z);
    assert.match(o.dt, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(o.dt2, /^\d{4}-\d{2}-\d{2}$/);
    // decimal(10,2): a number literal with exactly two decimals
    assert.match(r.data, /"price":\d+\.\d{2}[,}]/);
    assert.match(o.id, UUID_V4);
    assert.match(r.partitionKey, UUID_V4, 'default partition key: a random uuid');
  }
});

test('the same seed gives the same records; another seed differs', async () => {
  const take = async (seed: string | number, n: number) => {
    const g = await createGenerator(seedFields, 'uuid', { seed });
    return Array.from({ length: n }, () => g.next());
  };
  const a = await take(42, 500);
  const b = await take(42, 500);
  const c = await take(43, 500);
  const d = await take('forty-two', 500);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a[0], c[0]);
  assert.notDeepEqual(a[0], d[0]);
  // seeded event time: fixed start + 1 ms per record
  assert.equal(JSON.parse(a[0]!.data).event_date, '2025-01-01T00:00:00.000Z');
  assert.equal(JSON.parse(a[499]!.data).event_date, '2025-01-01T00:00:00.499Z');
  assert.equal(new Set(a.map((r) => JSON.parse(r.data).uuid)).size, 500);
});

test('an unknown Faker method is a spec error naming the field', async () => {
  await assert.rejects(
    createGenerator([{ name: 'x', type: 'string', gen: { kind: 'faker', method: 'person.nope' } }], undefined),
    (e: Error & { exitCode?: number }) => e.exitCode === 2 && /fields\[0\] \(x\).*person\.nope/.test(e.message),
  );
});

test('a value out of the column range is reported', async () => {
  const g = await createGenerator([{ name: 't', type: 'tinyint', gen: { kind: 'pick', values: [1] } }], undefined);
  assert.equal(JSON.parse(g.next().data).t, 1);
  await assert.rejects(
    (async () => (await createGenerator([{ name: 't', type: 'tinyint', gen: { kind: 'pick', values: [1000] } }], undefined)).next())(),
    /does not fit the column type tinyint/,
  );
});

test('seeded uuids are valid v4 and distinct', () => {
  const rng = createRng(1);
  const seen = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const u = uuidFrom(rng);
    assert.match(u, UUID_V4);
    seen.add(u);
  }
  assert.equal(seen.size, 10_000);
});

test('strings that need escaping are escaped; the record stays valid JSON', async () => {
  const values = ['a"b', 'back\\slash', 'line\nbreak', 'tab\t', 'ctl\u0001', 'lone \ud800 surrogate', 'plain', 'é ü 漢字'];
  const g = await createGenerator([{ name: 's', type: 'string', gen: { kind: 'pick', values } }], undefined, { seed: 1 });
  const seen = new Set<string>();
  for (let i = 0; i < 400; i++) seen.add(JSON.parse(g.next().data).s);
  assert.equal(seen.size, values.length);
  for (const v of values.filter((x) => !x.includes('\ud800'))) assert.ok(seen.has(v), v);
});
