// The SQL sandbox seen from a real client: boto3 (Debian's python3-boto3) against `serve` runs file-reading
// probes through Athena, which FAIL without the sentinel's content, and DDL + a query through the same path.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../src/local/server.js';
import { tempDirForFile } from '../support/tmp.js';

const PY = PYTHON_WITH_BOTO3;

const SCRIPT = String.raw`
import json, sys, time, boto3
ep, secret = sys.argv[1], sys.argv[2]
kw = dict(endpoint_url=ep, region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
boto3.client('s3', **kw).create_bucket(Bucket='lake')
boto3.client('glue', **kw).create_database(DatabaseInput={'Name': 'analytics'})
a = boto3.client('athena', **kw)
def run(sql):
    qid = a.start_query_execution(QueryString=sql, QueryExecutionContext={'Database': 'analytics'},
                                  ResultConfiguration={'OutputLocation': 's3://lake/res/'})['QueryExecutionId']
    for _ in range(400):
        st = a.get_query_execution(QueryExecutionId=qid)['QueryExecution']['Status']
        if st['State'] not in ('QUEUED', 'RUNNING'):
            break
        time.sleep(0.05)
    rows = None
    if st['State'] == 'SUCCEEDED':
        rows = [[d.get('VarCharValue') for d in r['Data']] for r in a.get_query_results(QueryExecutionId=qid)['ResultSet']['Rows']]
    return {'state': st['State'], 'reason': st.get('StateChangeReason', ''), 'rows': rows}
out = {'probes': [run(s) for s in [
    "SELECT * FROM read_text('%s')" % secret,
    'SELECT * FROM "%s"' % secret,
    "SELECT getenv('HOME')",
    "COPY (SELECT 1) TO '%s.out'" % secret,
    "SELECT 1; SELECT * FROM read_blob('%s')" % secret,
]]}
out['view'] = run('CREATE VIEW answer AS SELECT 42 AS x, 7 / 2 AS half')
out['query'] = run('SELECT * FROM answer')
print(json.dumps(out))
`;
import { PYTHON_WITH_BOTO3 } from '../support/boto3.js';

test('boto3 through serve: SQL probes fail without reading the sentinel; CREATE VIEW and a query work', { skip: PY ? false : 'python3 with boto3 not installed (apt-get install -y python3-boto3)' }, async () => {
  const dir = tempDirForFile('sql-serve-');
  const secret = path.join(dir, 'secret.txt');
  fs.writeFileSync(secret, 'sentinel-boto3-9d1c');
  const dataDir = path.join(dir, 'data');
  const server = await startServer({ dataDir, port: 0 });
  try {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(PY!, ['-c', SCRIPT, server.endpoint, secret], { timeout: 90_000, env: { PATH: process.env.PATH, HOME: dir } }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      ),
    );
    const out = JSON.parse(stdout);
    for (const p of out.probes) {
      assert.equal(p.state, 'FAILED', JSON.stringify(p));
      assert.match(p.reason, /^(SYNTAX_ERROR|TABLE_NOT_FOUND|FUNCTION_NOT_FOUND|INVALID_INPUT|NOT_SUPPORTED): /);
      assert.ok(!p.reason.includes('sentinel-boto3'), p.reason);
    }
    assert.equal(fs.existsSync(`${secret}.out`), false);
    assert.equal(out.view.state, 'SUCCEEDED', out.view.reason);
    assert.deepEqual(out.query.rows, [['x', 'half'], ['42', '3']]);
  } finally {
    await server.close();
  }
});
