// Where the lifecycle flows run: the real CLI (exec(argv)) on a spec file written to a temp dir, with
// provider local (in-process emulator) or provider aws pointed at `lakehouse serve` via --endpoint-url.
// SDK clients on the same emulator serve the direct Describe assertions.
// First: every client these flows open checks its requests against AWS's API models.
import '../aws/check-models.js';
import fs from 'node:fs';
import path from 'node:path';
import { openClients, type Clients } from '../../src/aws/clients.js';
import { loadPipeline } from '../../src/config/load.js';
import type { Pipeline } from '../../src/config/types.js';
import { parseFaults } from '../../src/local/faults.js';
import { startServer, type RunningServer } from '../../src/local/server.js';
import { runCli, type CliRun } from '../support/cli.js';
import { removeDir, tempDir } from '../support/tmp.js';

export interface Target {
  /** The pipeline as the CLI loads it from the current spec file. */
  pipeline: Pipeline;
  run(argv: string[]): Promise<CliRun>;
  /** Rewrites the spec (text edit) and reloads `pipeline`. */
  editSpec(edit: (yaml: string) => string): Promise<void>;
  open(): Promise<Clients>;
  /** Runs `fn` with emulator faults injected (LAKEHOUSE_FAULTS syntax). */
  withFaults<T>(faults: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function specYaml(name: string, provider: 'local' | 'aws'): string {
  return `name: ${name}
provider: ${provider}
${provider === 'aws' ? 'aws:\n  region: us-east-1\n' : 'local:\n  data_dir: data\n'}stream:
  mode: provisioned
  shards: 1
  retention_hours: 24
  encryption: true
delivery:
  buffer: { size_mb: 64, interval_s: 60 }
  prefix: "events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"
  error_prefix: "errors/!{firehose:error-output-type}/"
table:
  database: lakehouse
  name: events
athena:
  workgroup: ${name}
  scan_limit_mb: 1024
fields:
  - { name: uuid,       type: string,    gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status,     type: string,    gen: { pick: [Active, Inactive] } }
`;
}

function tempSpec(name: string, provider: 'local' | 'aws'): { dir: string; spec: string } {
  const dir = tempDir('lakehouse-res-');
  const spec = path.join(dir, 'lakehouse.yaml');
  fs.writeFileSync(spec, specYaml(name, provider));
  return { dir, spec };
}

const quiet = (env: NodeJS.ProcessEnv) => ({ ...env, NO_COLOR: '1' });

export async function localTarget(name: string): Promise<Target> {
  const { dir, spec } = tempSpec(name, 'local');
  const env = quiet(process.env);
  const t: Target = {
    pipeline: await loadPipeline(spec, { env, checkFaker: false }),
    run: (argv) => runCli([argv[0]!, '-c', spec, ...argv.slice(1)], { env }),
    async editSpec(edit) {
      fs.writeFileSync(spec, edit(fs.readFileSync(spec, 'utf8')));
      t.pipeline = await loadPipeline(spec, { env, checkFaker: false });
    },
    open: () => openClients({ provider: 'local', region: t.pipeline.region, dataDir: t.pipeline.local.dataDir, faults: '' }),
    async withFaults(faults, fn) {
      // The CLI's emulator reads LAKEHOUSE_FAULTS from the process environment when it opens.
      const before = process.env.LAKEHOUSE_FAULTS;
      process.env.LAKEHOUSE_FAULTS = faults;
      try {
        return await fn();
      } finally {
        if (before === undefined) delete process.env.LAKEHOUSE_FAULTS;
        else process.env.LAKEHOUSE_FAULTS = before;
      }
    },
    close: async () => removeDir(dir),
  };
  return t;
}

export async function serveTarget(name: string): Promise<Target> {
  const { dir, spec } = tempSpec(name, 'aws');
  const dataDir = path.join(dir, 'serve-data');
  // The default credential chain must find something; `serve` does not check signatures.
  const env = quiet({ ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  let server: RunningServer = await startServer({ dataDir, port: 0 });
  const load = () => loadPipeline(spec, { env, endpointUrl: server.endpoint, checkFaker: false });
  const t: Target = {
    pipeline: await load(),
    run: (argv) => runCli([argv[0]!, '-c', spec, '--endpoint-url', server.endpoint, ...argv.slice(1)], { env }),
    async editSpec(edit) {
      fs.writeFileSync(spec, edit(fs.readFileSync(spec, 'utf8')));
      t.pipeline = await load();
    },
    open: () => openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: server.endpoint }),
    async withFaults(faults, fn) {
      await server.close();
      server = await startServer({ dataDir, port: 0, settings: { faults: parseFaults(faults) } });
      try {
        return await fn();
      } finally {
        await server.close();
        server = await startServer({ dataDir, port: 0 });
      }
    },
    async close() {
      await server.close();
      removeDir(dir);
    },
  };
  return t;
}

/** Runs `fn` with fresh clients on the target's emulator, closed afterwards. */
export async function withClients<T>(t: Target, fn: (c: Clients) => Promise<T>): Promise<T> {
  const c = await t.open();
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

/** Runs one flow on a target of its own, closed (temp dir removed) afterwards. */
export async function withTarget(opening: Promise<Target>, flow: (t: Target) => Promise<void>): Promise<void> {
  const t = await opening;
  try {
    await flow(t);
  } finally {
    await t.close();
  }
}
