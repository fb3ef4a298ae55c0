// Glue GetPartitions with an Expression: comparisons typed by the partition key (int keys as numbers),
// AND/OR/NOT, BETWEEN, IN, LIKE, parentheses; an unparsable expression is InvalidInputException. Through
// the JS SDK in-process and boto3 through serve.
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { GetPartitionsCommand } from '@aws-sdk/client-glue';
import { startServer } from '../../../src/local/server.js';
import { createEventsTable, eventsRows, openLocalForTest, writeParquet, type LocalTestClients } from '../athena/helpers.js';

let c: LocalTestClients;
before(async () => {
  c = await openLocalForTest();
  await createEventsTable(c, { db: 'parts' });
  for (const [y, m] of [[2025, 9], [2025, 12], [2026, 2], [2026, 10], [2026, 11]]) {
    await writeParquet(c, 'lake', `events/year=${y}/month=${String(m).padStart(2, '0')}/a.parquet`, eventsRows(3));
  }
});
after(() => c.close());

const values = async (Expression: string) =>
  (await c.glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'events', Expression }))).Partitions?.map((p) => p.Values!.join('-'));

test('Expression filters partitions as Glue does', async () => {
  assert.deepEqual(await values("year = '2026'"), ['2026-02', '2026-10', '2026-11']);
  // int keys compare as numbers: month 9 < 10 although '09' > '10' would hold as text the other way round.
  assert.deepEqual(await values('month >= 9 AND month < 11'), ['2025-09', '2026-10']);
  assert.deepEqual(await values('year = 2025 OR (year = 2026 AND month BETWEEN 2 AND 10)'), ['2025-09', '2025-12', '2026-02', '2026-10']);
  assert.deepEqual(await values('month IN (2, 12)'), ['2025-12', '2026-02']);
  assert.deepEqual(await values('NOT year = 2026'), ['2025-09', '2025-12']);
  assert.deepEqual(await values("month NOT IN (9, 10, 11)"), ['2025-12', '2026-02']);
  assert.deepEqual(await values("year LIKE '202%' AND month <> 11"), ['2025-09', '2025-12', '2026-02', '2026-10']);
  await assert.rejects(values('colour = 1'), { name: 'InvalidInputException', message: /colour is not a partition key/ });
  await assert.rejects(values("year = = '1'"), { name: 'InvalidInputException' });
});

test('boto3 through serve: get_partitions with an Expression', async (t) => {
  const PY = PYTHON_WITH_BOTO3;
  if (!PY) {
    t.skip('no python3 with boto3');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-glue-expr-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const script = String.raw`
import boto3, json, sys
kw = dict(endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
glue = boto3.client('glue', **kw); s3 = boto3.client('s3', **kw)
s3.create_bucket(Bucket='lake')
for d in ['2026-01-01', '2026-01-02', '2026-02-01']:
    s3.put_object(Bucket='lake', Key='logs/dt=%s/part.json' % d, Body=b'{"a":1}')
glue.create_database(DatabaseInput={'Name': 'web'})
glue.create_table(DatabaseName='web', TableInput={'Name': 'logs', 'StorageDescriptor': {'Columns': [{'Name': 'a', 'Type': 'int'}], 'Location': 's3://lake/logs/'}, 'PartitionKeys': [{'Name': 'dt', 'Type': 'string'}]})
got = glue.get_partitions(DatabaseName='web', TableName='logs', Expression="dt >= '2026-01-02'")['Partitions']
out = {'values': sorted(p['Values'][0] for p in got)}
try:
    glue.get_partitions(DatabaseName='web', TableName='logs', Expression='dt ==')
except glue.exceptions.InvalidInputException as e:
    out['bad'] = e.response['Error']['Code']
print(json.dumps(out))
`;
    const { stdout } = await promisify(execFile)(PY, ['-c', script, server.endpoint]);
    assert.deepEqual(JSON.parse(stdout), { values: ['2026-01-02', '2026-02-01'], bad: 'InvalidInputException' });
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
