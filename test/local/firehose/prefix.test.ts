// Prefix expressions and object keys (unit): Java-style timestamp patterns in UTC, default hour prefix,
// error-output-type, deterministic random strings and uuids.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchNames, objectKey } from '../../../src/local/engine/delivery/object-names.js';
import { evaluatePrefix, formatUtc, parsePrefix } from '../../../src/local/engine/delivery/prefix.js';

const T = Date.UTC(2024, 2, 5, 7, 8, 9, 123); // 2024-03-05T07:08:09.123Z, a Tuesday
const values = { timestamp: T, randomString: 'abcDEF12345' };

test('timestamp patterns are evaluated in UTC with Java DateTimeFormatter letters', () => {
  assert.equal(formatUtc('yyyy/MM/dd/HH', T), '2024/03/05/07');
  assert.equal(formatUtc("yyyy-MM-dd'T'HH:mm:ss.SSS", T), '2024-03-05T07:08:09.123');
  assert.equal(formatUtc('yy M d H m s', T), '24 3 5 7 8 9');
  assert.equal(formatUtc('D EEE EEEE a hh', T), '65 Tue Tuesday AM 07');
  assert.equal(formatUtc("'year='yyyy", T), 'year=2024');
});

test('the hive-style prefix from the pipeline', () => {
  const p = 'events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/';
  assert.equal(evaluatePrefix(p, values, { errorPrefix: false }), 'events/year=2024/month=03/day=05/hour=07/');
});

test('without a timestamp expression AWS appends YYYY/MM/dd/HH/', () => {
  assert.equal(evaluatePrefix('raw/', values, { errorPrefix: false }), 'raw/2024/03/05/07/');
  assert.equal(evaluatePrefix('', values, { errorPrefix: false }), '2024/03/05/07/');
  assert.equal(evaluatePrefix('r/!{firehose:random-string}/', values, { errorPrefix: false }), 'r/abcDEF12345/2024/03/05/07/');
});

test('error-output-type only in the error prefix; unknown expressions are refused', () => {
  const e = evaluatePrefix('errors/!{firehose:error-output-type}/', { ...values, errorOutputType: 'format-conversion-failed' }, { errorPrefix: true });
  assert.equal(e, 'errors/format-conversion-failed/2024/03/05/07/');
  assert.throws(() => parsePrefix('x/!{firehose:error-output-type}/', { errorPrefix: false }), /only be used in ErrorOutputPrefix/);
  assert.throws(() => parsePrefix('x/!{partitionKeyFromQuery:id}/', { errorPrefix: false }), /requires DynamicPartitioningConfiguration/);
  assert.throws(() => parsePrefix('x/!{timestamp:yyyy', { errorPrefix: false }), /not closed/);
  assert.throws(() => parsePrefix('x/!{timestamp:}', { errorPrefix: false }), /pattern/);
});

test('object keys: <prefix><stream>-<version>-YYYY-MM-dd-HH-mm-ss-<uuid><ext>, same batch → same key', () => {
  const id = { deliveryStream: 'fh', incarnation: 1, shardId: 'shardId-000000000000', firstSequence: '1', lastSequence: '9' };
  const names = batchNames(id);
  assert.deepEqual(batchNames(id), names, 'deterministic');
  assert.notEqual(batchNames({ ...id, lastSequence: '10' }).uuid, names.uuid);
  assert.match(names.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(names.randomString, /^[A-Za-z0-9]{11}$/);
  const key = objectKey({ prefix: 'events/', deliveryStream: 'fh', version: 3, timestamp: T, names, extension: '.parquet' });
  assert.equal(key, `events/2024/03/05/07/fh-3-2024-03-05-07-08-09-${names.uuid}.parquet`);
  const err = objectKey({ prefix: undefined, errorPrefix: true, errorOutputType: 'format-conversion-failed', deliveryStream: 'fh', version: 1, timestamp: T, names, extension: '' });
  assert.equal(err, `format-conversion-failed/2024/03/05/07/fh-1-2024-03-05-07-08-09-${names.uuid}`);
});
