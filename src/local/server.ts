// `lakehouse serve`: the embedded emulator on 127.0.0.1 for any AWS client. This file owns the process-level
// parts (data-dir lock, emulator, listening socket); the network boundary is in serve/: connections.ts
// (HTTP/1.1 + h2c on one port, timeouts, connection cap), request.ts (Host allow-list, signed requests,
// body limits and spooling). docs/security.md says what serve exposes and refuses.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ExitCode, LakehouseError } from '../errors.js';
import { ensureDataDir } from './datadir.js';
import { Emulator } from './emulator.js';
import { settingsFromEnv } from './faults.js';
import { tryAcquireLock } from './lock.js';
import { createConnectionServer } from './serve/connections.js';
import { resolveLimits, type ServeLimits } from './serve/limits.js';
import type { EmulatorSettings } from './service.js';

export interface ServerOptions {
  dataDir: string;
  /** 0 picks a free port (tests). Default 4566. */
  port?: number;
  region?: string;
  settings?: Partial<EmulatorSettings>;
  /** Timeouts and caps (tests lower them); defaults in serve/limits.ts. */
  limits?: Partial<ServeLimits>;
  /** Called with one line per request (serve --debug). */
  log?: (line: string) => void;
}

export interface RunningServer {
  endpoint: string;
  port: number;
  emulator: Emulator;
  /** Open connections now. */
  connections(): number;
  /** Stop accepting, drop connections, close the emulator, release the data-dir lock. */
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  ensureDataDir(opts.dataDir); // the data-directory policy, before the lock creates anything in it
  const got = tryAcquireLock(opts.dataDir, 'serve');
  if ('owner' in got) {
    const what = got.owner.kind === 'serve' ? `lakehouse serve (pid ${got.owner.pid}, ${got.owner.endpoint ?? 'starting'})` : `lakehouse (pid ${got.owner.pid})`;
    throw new LakehouseError(`${what} already owns the data directory ${opts.dataDir}`, ExitCode.aws);
  }
  let emulator: Emulator;
  try {
    emulator = await Emulator.open({
      dataDir: opts.dataDir,
      region: opts.region,
      settings: { ...settingsFromEnv(), ...opts.settings },
    });
  } catch (e) {
    got.release();
    throw e;
  }
  const spoolDir = path.join(opts.dataDir, 'tmp');
  removeStaleSpools(spoolDir);
  const tcp = net.createServer({ pauseOnConnect: false });
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(opts.port ?? 4566, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    await emulator.close();
    got.release();
    const code = (e as NodeJS.ErrnoException).code;
    throw new LakehouseError(
      code === 'EADDRINUSE' ? `port ${opts.port} on 127.0.0.1 is already in use` : `cannot listen: ${(e as Error).message}`,
      ExitCode.aws,
      code === 'EADDRINUSE' ? 'pick another with --port' : undefined,
    );
  }
  const port = (tcp.address() as net.AddressInfo).port;
  const conns = createConnectionServer({
    emulator,
    limits: resolveLimits(opts.limits),
    port,
    spoolDir,
    log: opts.log,
  });
  tcp.on('connection', (socket) => conns.accept(socket));
  const endpoint = `http://127.0.0.1:${port}`;
  got.setEndpoint(endpoint);
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    port,
    emulator,
    connections: () => conns.size,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((r) => tcp.close(() => r()));
        conns.close();
        await stopped;
        try {
          await emulator.close();
        } finally {
          got.release();
        }
      })();
      return closing;
    },
  };
}

/** Request bodies a previous serve spooled and never finished (it was killed mid-upload). Only our own
 * `req-<uuid>` names: other files in tmp/ belong to the services. We hold the lock, so none is in use. */
function removeStaleSpools(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (/^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(n)) fs.rmSync(path.join(dir, n), { force: true });
  }
}
