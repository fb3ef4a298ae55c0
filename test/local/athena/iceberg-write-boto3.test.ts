// Athena writing Iceberg tables as a real client sees it: boto3 (Debian's python3-boto3) against `serve` runs
// CREATE TABLE (Iceberg), INSERT, DELETE, UPDATE, MERGE INTO, ALTER TABLE ADD COLUMNS, OPTIMIZE, VACUUM and an UPDATE with ExecutionParameters, reading
// each statement's StatementType / UpdateCount, the rows afterwards, the snapshots in the table's metadata.json
// (through Glue's metadata_location and S3), and Athena's errors.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../../src/local/server.js';
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import { removeDir, tempDir } from '../../support/tmp.js';

const PY = PYTHON_WITH_BOTO3;

const SCRIPT = String.raw`
import json, sys, time, boto3
ep = sys.argv[1]
kw = dict(endpoint_url=ep, region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
s3 = boto3.client('s3', **kw)
glue = boto3.client('glue', **kw)
a = boto3.client('athena', **kw)
s3.create_bucket(Bucket='lake')
glue.create_database(DatabaseInput={'Name': 'analytics'})
def run(sql, params=None):
    extra = {'ExecutionParameters': params} if params else {}
    qid = a.start_query_execution(QueryString=sql, QueryExecutionContext={'Database': 'analytics'},
                                  ResultConfiguration={'OutputLocation': 's3://lake/res/'}, **extra)['QueryExecutionId']
    for _ in range(600):
        qe = a.get_query_execution(QueryExecutionId=qid)['QueryExecution']
        if qe['Status']['State'] not in ('QUEUED', 'RUNNING'):
            break
        time.sleep(0.05)
    out = {'state': qe['Status']['State'], 'reason': qe['Status'].get('StateChangeReason', ''), 'type': qe['StatementType']}
    if out['state'] == 'SUCCEEDED':
        r = a.get_query_results(QueryExecutionId=qid)
        out['updateCount'] = r.get('UpdateCount')
        out['rows'] = [[d.get('VarCharValue') for d in row['Data']] for row in r['ResultSet']['Rows']]
    return out
def snapshots():
    loc = glue.get_table(DatabaseName='analytics', Name='orders')['Table']['Parameters']['metadata_location']
    bucket, key = loc[5:].split('/', 1)
    meta = json.loads(s3.get_object(Bucket=bucket, Key=key)['Body'].read())
    return [s['summary']['operation'] for s in meta.get('snapshots', [])]
steps = [
    ("create", "CREATE TABLE orders (id int, customer string, total double, day date) PARTITIONED BY (day) LOCATION 's3://lake/warehouse/orders/' TBLPROPERTIES ('table_type'='ICEBERG')"),
    ("insert", "INSERT INTO orders VALUES (1, 'ann', 10.0, DATE '2026-12-01'), (2, 'bob', 20.0, DATE '2026-12-01'), (3, 'cy', 30.0, DATE '2026-12-02')"),
    ("insert2", "INSERT INTO orders VALUES (4, 'dee', 40.0, DATE '2026-12-02')"),
    ("delete", "DELETE FROM orders WHERE customer = 'bob'"),
    ("update", "UPDATE orders SET total = total + 1 WHERE day = DATE '2026-12-02'"),
    ("merge", "MERGE INTO orders o USING (SELECT 1 AS id, 'ann' AS customer, 99.0 AS total UNION ALL SELECT 5, 'eve', 50.0) s ON o.id = s.id WHEN MATCHED THEN UPDATE SET total = s.total WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.customer, s.total, DATE '2026-12-03')"),
    ("select", "SELECT id, customer, total, day FROM orders ORDER BY id"),
    ("alter", "ALTER TABLE orders ADD COLUMNS (status string)"),
    ("after_alter", "SELECT id, status FROM orders WHERE id = 1"),
    ("optimize", "OPTIMIZE orders REWRITE DATA USING BIN_PACK"),
    ("after_optimize", "SELECT id, customer, total FROM orders ORDER BY id"),
    ("vacuum", "VACUUM orders"),
    ("after_vacuum", "SELECT id, customer, total FROM orders ORDER BY id"),
    ("params", "UPDATE orders SET customer = ? WHERE id = ?", ["'zed'", "5"]),
    ("after_params", "SELECT customer FROM orders WHERE id = 5"),
    ("external", "CREATE EXTERNAL TABLE bad (id int) LOCATION 's3://lake/warehouse/bad/' TBLPROPERTIES ('table_type'='ICEBERG')"),
]
out = {}
for name, sql, *params in steps:
    out[name] = run(sql, *params)
    out[name]['snapshots'] = snapshots() if name != 'external' else None
print(json.dumps(out))
`;

test('boto3 through serve: Iceberg CREATE / INSERT / DELETE / UPDATE / MERGE / ALTER / OPTIMIZE / VACUUM', { skip: PY ? false : 'python3 with boto3 not installed (apt-get install -y python3-boto3)' }, async () => {
  const dir = tempDir('iceberg-boto3-');
  const server = await startServer({ dataDir: path.join(dir, 'data'), port: 0 });
  try {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(PY!, ['-c', SCRIPT, server.endpoint], { timeout: 180_000, env: { PATH: process.env.PATH, HOME: dir } }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      ),
    );
    const o = JSON.parse(stdout);
    for (const k of Object.keys(o).filter((k) => k !== 'external')) assert.equal(o[k].state, 'SUCCEEDED', `${k}: ${o[k].reason}`);
    assert.equal(o.create.type, 'DDL');
    assert.deepEqual(o.create.snapshots, []);
    assert.deepEqual([o.insert.type, o.insert.updateCount], ['DML', 3]);
    assert.deepEqual([o.delete.type, o.delete.updateCount], ['DML', 1]);
    assert.deepEqual([o.update.type, o.update.updateCount], ['DML', 2]);
    assert.deepEqual([o.merge.type, o.merge.updateCount], ['DML', 2]);
    assert.deepEqual(o.merge.snapshots, ['append', 'append', 'delete', 'overwrite', 'overwrite']);
    assert.deepEqual(o.select.rows, [
      ['id', 'customer', 'total', 'day'],
      ['1', 'ann', '99.0', '2026-12-01'],
      ['3', 'cy', '31.0', '2026-12-02'],
      ['4', 'dee', '41.0', '2026-12-02'],
      ['5', 'eve', '50.0', '2026-12-03'],
    ]);
    assert.deepEqual(o.alter.snapshots.length, 5, 'ALTER TABLE makes no snapshot');
    assert.deepEqual(o.after_alter.rows, [['id', 'status'], ['1', null]]);
    assert.equal(o.optimize.snapshots.at(-1), 'replace');
    assert.deepEqual(o.after_optimize.rows, o.select.rows.map((r: string[]) => r.slice(0, 3)));
    // Default retention (5 days): nothing is old enough to expire; the rows stay.
    assert.equal(o.vacuum.type, 'DML');
    assert.deepEqual(o.vacuum.snapshots, o.optimize.snapshots);
    assert.deepEqual(o.after_vacuum.rows, o.after_optimize.rows);
    assert.deepEqual([o.params.type, o.params.updateCount], ['DML', 1]);
    assert.deepEqual(o.after_params.rows, [['customer'], ['zed']]);
    assert.equal(o.external.state, 'FAILED');
    assert.equal(o.external.reason, 'External keyword not supported for table type ICEBERG');
  } finally {
    await server.close();
    removeDir(dir);
  }
});
