// Shared local sessions: the first process to open a data dir hosts the emulator, later ones attach over
// its socket automatically; the host waits for attached processes; if the host dies, the attached process
// takes the data dir over on its next call. Real processes, real SDK clients.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CreateStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { openClients } from '../../src/aws/clients.js';
import { readLock } from '../../src/local/lock.js';
import { tempDirForFile } from '../support/tmp.js';

const root = tempDirForFile('lakehouse-sessions-');
const CLIENT = path.join(import.meta.dirname, 'fixtures', 'client.ts');

function child(args: string[]): { proc: ChildProcess; lines: AsyncIterator<string>; exit: Promise<number> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', CLIENT, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const exit = new Promise<number>((r) => proc.once('exit', (code, sig) => r(code ?? (sig ? 128 : 1))));
  async function* read() {
    let buf = '';
    for await (const c of proc.stdout!) {
      buf += c;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        yield buf.slice(0, nl);
        buf = buf.slice(nl + 1);
      }
    }
  }
  return { proc, lines: read(), exit };
}

async function nextJson(lines: AsyncIterator<string>): Promise<any> {
  const { value, done } = await lines.next();
  assert.ok(!done, 'the child printed a line');
  return JSON.parse(value);
}

test('a second process attaches to the host and sees the same emulator; the host waits for it', async () => {
  const dir = path.join(root, 'attach');
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: dir });
  assert.equal(c.local!.mode(), 'host');
  const lock = readLock(dir)!;
  assert.equal(lock.pid, process.pid);
  assert.ok(lock.socket && fs.statSync(lock.socket).isSocket());
  assert.equal(fs.statSync(lock.socket).mode & 0o777, 0o600, 'the socket is for its owner only');
  await c.kinesis.send(new CreateStreamCommand({ StreamName: 's1', ShardCount: 1 }));

  const lister = child([dir, 'streams']);
  const listed = await nextJson(lister.lines);
  assert.deepEqual(listed, { mode: 'attached', streams: ['s1'] });
  assert.equal(await lister.exit, 0);

  // A client holding the session: our close must wait for it.
  const marker = path.join(root, 'held');
  const holder = child([dir, 'hold', '1500', marker]);
  assert.equal((await nextJson(holder.lines)).mode, 'attached');
  await c.close();
  assert.equal(fs.existsSync(marker), true, 'the host closed only after the attached process let go');
  assert.equal(await holder.exit, 0);
  assert.equal(readLock(dir), undefined, 'lock released');
  assert.equal(fs.existsSync(lock.socket!), false, 'socket removed');
});

test('counters and puts agree across processes: the local API answers the same attached and hosting', async () => {
  const dir = path.join(root, 'counters');
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: dir });
  try {
    await c.kinesis.send(new CreateStreamCommand({ StreamName: 's2', ShardCount: 2 }));
    await new Promise((r) => setTimeout(r, 300));
    await c.kinesis.send(new PutRecordsCommand({ StreamName: 's2', Records: [{ PartitionKey: 'a', Data: Buffer.from('{}') }] }));
    const putter = child([dir, 'put', 's2', '25']);
    assert.deepEqual(await nextJson(putter.lines), { mode: 'attached', put: 25 });
    assert.equal(await putter.exit, 0);
    const counters = await c.local!.streamCounters('s2');
    assert.equal(counters!.records, 26);
    assert.equal(counters!.shards.length, 2);
    assert.ok(counters!.newestArrival instanceof Date);
    assert.equal(await c.local!.streamCounters('nope'), undefined);
  } finally {
    await c.close();
  }
});

test('when the host dies (kill -9), an attached process takes the data dir over on its next call', async () => {
  const dir = path.join(root, 'takeover');
  const hoster = child([dir, 'host-forever']);
  assert.equal((await nextJson(hoster.lines)).mode, 'host');
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: dir });
  try {
    assert.equal(c.local!.mode(), 'attached');
    await c.kinesis.send(new CreateStreamCommand({ StreamName: 's3', ShardCount: 1 }));
    hoster.proc.kill('SIGKILL');
    await hoster.exit;
    await new Promise((r) => setTimeout(r, 300));
    const { ListStreamsCommand } = await import('@aws-sdk/client-kinesis');
    const out = await c.kinesis.send(new ListStreamsCommand({}));
    assert.deepEqual(out.StreamNames, ['s3']);
    assert.equal(c.local!.mode(), 'host');
    assert.equal(readLock(dir)!.pid, process.pid);
  } finally {
    await c.close();
  }
});

test('the host drops a silent connection, never a long request (WaitDelivered may take minutes)', async () => {
  const { hostSession } = await import('../../src/local/session/host.js');
  const { SocketAgent, postJsonOverSocket } = await import('../../src/local/session/attach.js');
  const net = await import('node:net');
  const sock = path.join(root, 'long.sock');
  const host = await hostSession(async () => {
    await new Promise((r) => setTimeout(r, 1200));
    return { status: 200, headers: {}, body: '{"ok":1}' };
  }, sock, { silentMs: 300 });
  const agent = new SocketAgent(sock);
  try {
    const silent = net.connect(sock);
    const dropped = new Promise((r) => silent.once('close', r));
    assert.deepEqual(await postJsonOverSocket(agent, {}, '{}'), { status: 200, body: '{"ok":1}' });
    await dropped; // the silent one was closed by the host meanwhile
  } finally {
    agent.destroy();
    host.abort();
  }
});

test('a data dir too deep for a unix socket path gets a socket in a private temp folder', async () => {
  const dir = path.join(root, 'd'.repeat(60), 'e'.repeat(60));
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: dir });
  try {
    const sock = readLock(dir)!.socket!;
    assert.ok(!sock.startsWith(dir) && /lakehouse-\d+\/[0-9a-f]{24}\.sock$/.test(sock), sock);
    assert.equal(fs.statSync(path.dirname(sock)).mode & 0o777, 0o700);
    const lister = child([dir, 'streams']);
    assert.deepEqual(await nextJson(lister.lines), { mode: 'attached', streams: [] });
    assert.equal(await lister.exit, 0);
  } finally {
    await c.close();
  }
});
