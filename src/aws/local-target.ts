// Where `local` clients send requests, and the narrow local API product code may use (wait for delivery,
// stream counters). The ONE module outside src/local/ that imports the emulator (a test enforces it).
//
// Shared sessions: the first lakehouse process to open a data directory hosts the emulator (in-process, no
// sockets for itself) and serves it to other lakehouse processes on a private unix socket; every later
// process attaches to it automatically, whatever the command. A host waits for attached processes before it
// exits; if a host disappears anyway, an attached process takes the data directory over on its next call.
// `lakehouse serve` owning the directory is used through its TCP endpoint, as any AWS client would.
// Several openers in one process share one session (reference counted).
import fs from 'node:fs';
import path from 'node:path';
import type { HttpHandler, HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ExitCode, LakehouseError } from '../errors.js';
import { ensureDataDir } from '../local/datadir.js';
import { Emulator } from '../local/emulator.js';
import { parseFaults, settingsFromEnv } from '../local/faults.js';
import { LocalHttpHandler } from '../local/handler.js';
import { lockFile, readLock, tryAcquireLock, type DataDirLock, type LockInfo } from '../local/lock.js';
import type { FaultRule } from '../local/service.js';
import { attach, postJsonOverSocket, SocketAgent, type Attachment } from '../local/session/attach.js';
import type { ClientInfo } from '../local/session/control.js';
import { hostSession, type SessionHost } from '../local/session/host.js';
import { callOverHttp, JSON_HEADERS, localApi, parseAnswer, type LocalApi } from '../local/session/local-api.js';
import { socketPathFor } from '../local/session/socket-path.js';
import type { EmuRequest } from '../local/types.js';

export type { Emulator, FaultRule };
export type { LocalApi, StreamCounters } from '../local/session/local-api.js';

export interface LocalTarget {
  endpoint: string;
  /** Set unless talking to `lakehouse serve` (whose TCP endpoint the SDK's own handlers reach). */
  requestHandler?: HttpHandler<{}>;
  /** Tests only: the emulator when this process hosts it. Product code uses `local`. */
  emulator?: Emulator;
  local: LocalApi;
  release(): Promise<void>;
}

/** A placeholder endpoint for host/attached clients: the request handler decides where requests go. */
const SESSION_ENDPOINT = 'http://localhost.lakehouse:4566';
/** How long to wait for a starting host to publish its socket (it listens before it opens the emulator),
 * or an exiting one to let go. */
const CONNECT_TIMEOUT_MS = 10_000;

type Route =
  | { kind: 'host'; emulator: Emulator; lock: DataDirLock; host: SessionHost; handler: LocalHttpHandler }
  | { kind: 'attached'; attachment: Attachment; agent: SocketAgent; handler: NodeHttpHandler; owner: number };

interface Session {
  dataDir: string;
  open: () => Promise<Emulator>;
  command: string;
  refs: number;
  route: Route;
  reopening?: Promise<void>;
}
const sessions = new Map<string, Promise<Session>>();

export async function openLocalTarget(
  dataDirIn: string,
  region: string,
  enforceShardLimits?: boolean,
  faults?: FaultRule[] | string,
): Promise<LocalTarget> {
  // The data-directory policy (not /, not home, not a folder of someone else's files) before anything touches it.
  const dataDir = ensureDataDir(dataDirIn);
  const existing = sessions.get(dataDir);
  if (existing) return share(await existing);
  const serve = await serveOwner(dataDir);
  if (serve) return localTargetAt(serve.endpoint!);
  const open = async () => {
    const settings = settingsFromEnv(process.env, enforceShardLimits);
    if (faults !== undefined) settings.faults = typeof faults === 'string' ? parseFaults(faults) : faults;
    return Emulator.open({ dataDir, region, settings });
  };
  const command = `lakehouse ${process.argv.slice(2).join(' ')}`.slice(0, 80).trim();
  const opening = (async (): Promise<Session> => ({ dataDir, open, command, refs: 0, route: await connect(dataDir, open, command) }))();
  sessions.set(dataDir, opening);
  try {
    return share(await opening);
  } catch (e) {
    sessions.delete(dataDir);
    throw e;
  }
}

/** A target for an explicit endpoint (a `lakehouse serve`): SDK clients use their own HTTP handlers. */
export function localTargetAt(endpoint: string): LocalTarget {
  const call = (target: string, body: unknown, signal?: AbortSignal) => callOverHttp(endpoint, target, body, signal);
  return { endpoint, local: localApi(() => 'serve', call, () => `lakehouse serve at ${endpoint}`), release: async () => {} };
}

function share(s: Session): LocalTarget {
  s.refs++;
  let released = false;
  const route = s.route;
  return {
    endpoint: SESSION_ENDPOINT,
    requestHandler: new SessionHandler(s),
    emulator: route.kind === 'host' ? route.emulator : undefined,
    local: localApi(
      () => s.route.kind,
      (target, body, signal) => callSession(s, target, body, signal),
      () => (s.route.kind === 'host' ? 'this process' : `lakehouse pid ${s.route.owner} (attached)`),
    ),
    async release() {
      if (released) return;
      released = true;
      if (--s.refs > 0) return;
      sessions.delete(s.dataDir);
      await leave(s.route);
    },
  };
}

/** Host (take the lock, open the emulator, listen) or attach to the live host; retries while one starts or stops. */
async function connect(dataDir: string, open: () => Promise<Emulator>, command: string): Promise<Route> {
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  let last: LockInfo | undefined;
  for (;;) {
    const lock = readLock(dataDir);
    if (lock?.alive && lock.pid === process.pid && lock.kind === 'cli') {
      // Our own pid but no session here: a lock leaked by an opener that failed to close. Take it back.
      fs.rmSync(lockFile(dataDir), { force: true });
      continue;
    }
    if (lock?.alive && lock.kind === 'serve') {
      throw new LakehouseError(`lakehouse serve (pid ${lock.pid}) took over ${dataDir}`, ExitCode.aws, 'run the command again: it will use serve');
    }
    if (lock?.alive && lock.socket) {
      const got = await attach(lock.socket, { pid: process.pid, command });
      if (got !== 'closing') {
        if (process.env.LAKEHOUSE_FAULTS) {
          process.stderr.write(`warning: LAKEHOUSE_FAULTS does not apply: the local emulator runs in lakehouse pid ${lock.pid} with its own settings\n`);
        }
        const agent = new SocketAgent(got.socket);
        return { kind: 'attached', attachment: got, agent, handler: new NodeHttpHandler({ httpAgent: agent }), owner: lock.pid };
      }
    } else if (!lock?.alive) {
      const got = tryAcquireLock(dataDir, 'cli');
      if (!('owner' in got)) return host(dataDir, got, open);
    }
    last = lock;
    if (Date.now() >= deadline) throw ownedError(dataDir, last);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function host(dataDir: string, lock: DataDirLock, open: () => Promise<Emulator>): Promise<Route> {
  // Listen first, so others can attach at once; their requests wait until the emulator is open.
  const ready = open();
  ready.catch(() => undefined);
  let host: SessionHost | undefined;
  try {
    const handle = async (req: EmuRequest) => (await ready).handle(req);
    host = await hostSession(handle, socketPathFor(dataDir)).catch((e: NodeJS.ErrnoException) => {
      // A filesystem that cannot hold a socket: the private temp-dir place instead.
      if (e.code === 'EADDRINUSE' || socketPathFor(dataDir) === socketPathFor(dataDir, true)) throw e;
      return hostSession(handle, socketPathFor(dataDir, true));
    });
    lock.setSocket(host.socket);
    const emulator = await ready;
    return { kind: 'host', emulator, lock, host, handler: new LocalHttpHandler(emulator) };
  } catch (e) {
    host?.abort();
    await ready.then((emu) => emu.close(), () => undefined);
    lock.release();
    throw e;
  }
}

async function leave(route: Route): Promise<void> {
  if (route.kind === 'attached') {
    route.attachment.detach();
    route.agent.destroy();
    return;
  }
  try {
    await route.host.close((clients) => {
      const who = clients.map((c) => `pid ${c.pid} ${c.command}`).join(', ');
      process.stderr.write(
        `lakehouse: ${clients.length} other lakehouse command${clients.length === 1 ? '' : 's'} (${who}) use${clients.length === 1 ? 's' : ''} ` +
          `the local emulator this process hosts; waiting for ${clients.length === 1 ? 'it' : 'them'} to finish (Ctrl-C hands it over)\n`,
      );
    });
    await route.emulator.close();
  } finally {
    route.lock.release();
  }
}

/** The host went away (crash, Ctrl-C): attach to the next host, or become it. One reopen at a time. */
function reopen(s: Session, from: Route): Promise<void> {
  if (s.route !== from) return Promise.resolve();
  s.reopening ??= (async () => {
    if (from.kind === 'attached') {
      from.attachment.detach();
      from.agent.destroy();
    }
    s.route = await connect(s.dataDir, s.open, s.command);
    watch(s);
  })().finally(() => (s.reopening = undefined));
  return s.reopening;
}

function watch(s: Session): void {
  const route = s.route;
  if (route.kind === 'attached') route.attachment.onLost(() => void reopen(s, route).catch(() => undefined));
}

function unreachable(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOENT';
}

/** The SDK's request handler for host/attached sessions: follows the session's current route. */
class SessionHandler implements HttpHandler<{}> {
  readonly metadata = { handlerProtocol: 'lakehouse-session' };
  constructor(private readonly s: Session) {
    watch(s);
  }

  async handle(request: HttpRequest, options?: HandlerOptions): Promise<{ response: HttpResponse }> {
    await this.s.reopening;
    const route = this.s.route;
    try {
      return await route.handler.handle(request, options);
    } catch (e) {
      // Never sent (nobody listens): safe to send again once the data dir has a host.
      if (route.kind !== 'attached' || !unreachable(e)) throw e;
      await reopen(this.s, route);
      return this.s.route.handler.handle(request, options);
    }
  }

  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): {} {
    return {};
  }
  destroy(): void {
    // The session's lifetime is release()'s business, not each client's.
  }
}

type HandlerOptions = Parameters<HttpHandler<{}>['handle']>[1];

async function callSession(s: Session, target: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    await s.reopening;
    const route = s.route;
    try {
      if (route.kind === 'host') {
        const req: EmuRequest = { method: 'POST', path: '/', query: '', headers: JSON_HEADERS(target), body: Buffer.from(JSON.stringify(body)) };
        const res = await route.emulator.handle(req);
        return parseAnswer(target, res.status, typeof res.body === 'string' ? res.body : String(res.body));
      }
      const res = await postJsonOverSocket(route.agent, JSON_HEADERS(target), JSON.stringify(body), signal);
      return parseAnswer(target, res.status, res.body);
    } catch (e) {
      // The host went away mid-call: the local API's actions are safe to repeat.
      const code = (e as NodeJS.ErrnoException).code;
      if (route.kind !== 'attached' || attempt > 2 || signal?.aborted || !(unreachable(e) || code === 'ECONNRESET')) throw e;
      await reopen(s, route);
    }
  }
}

/** The live `serve` owning the data dir, waiting briefly for its endpoint while it starts listening. */
async function serveOwner(dataDir: string): Promise<LockInfo | undefined> {
  for (let i = 0; i < 50; i++) {
    const lock = readLock(dataDir);
    if (!lock || !lock.alive || lock.kind !== 'serve') return undefined;
    if (lock.endpoint) return lock;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new LakehouseError(`lakehouse serve owns ${dataDir} but has not published its endpoint`, ExitCode.aws);
}

function ownedError(dataDir: string, owner: LockInfo | undefined): LakehouseError {
  // With a socket it answered "closing" all along (shutting down, e.g. waiting for a query to end); without
  // one it never started sharing (an older lakehouse, or stuck while opening the emulator).
  const what = owner?.socket ? 'is shutting down and did not let go of' : 'holds';
  return new LakehouseError(
    `another lakehouse process (pid ${owner?.pid ?? '?'}) ${what} the local data directory ${dataDir} and did not share it within ${CONNECT_TIMEOUT_MS / 1000} s`,
    ExitCode.aws,
    'if that process is stuck, stop it; or run `lakehouse serve` so every command shares one emulator',
  );
}

/** `lakehouse serve`: the emulator on 127.0.0.1 for any AWS client (loaded only when serve runs). */
export async function startServe(opts: import('../local/server.js').ServerOptions): Promise<import('../local/server.js').RunningServer> {
  const { startServer } = await import('../local/server.js');
  return startServer(opts);
}
