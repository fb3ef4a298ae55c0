// The CommandContext a command runs with: the spec loader with flag overrides, the client factory (loaded
// lazily so `--help` never touches the AWS SDK), and a signal that Ctrl-C aborts.
import fs from 'node:fs';
import path from 'node:path';
import type { Clients } from '../aws/clients.js';
import type { Pipeline } from '../config/types.js';
import type { CommandContext, GlobalArgs, Io, Ui } from './command.js';
import { findSpecUpward } from './spec-find.js';

export interface RunContext extends CommandContext {
  /** Close every client opened through this context (main.ts calls it when the command ends). */
  closeAll(): Promise<void>;
}

export function createContext(io: Io, args: GlobalArgs & Record<string, unknown>, ui: Ui, signal: AbortSignal): RunContext {
  const opened: Clients[] = [];
  let found: string | undefined;
  // The spec named on the command line, else ./config.yaml, else one found above (said once on stderr).
  const specFile = (): string => {
    if (found) return found;
    found = args.config;
    if (!args.configGiven && !fs.existsSync(path.resolve(io.cwd, args.config))) {
      const above = findSpecUpward(io.cwd);
      if (above) {
        found = above;
        ui.info(ui.dim(`using ${path.relative(io.cwd, above)} (found above the working directory)`));
      }
    }
    return found;
  };
  return {
    io,
    args,
    ui,
    signal,
    async loadPipeline(): Promise<Pipeline> {
      const { loadPipeline } = await import('../config/load.js');
      return loadPipeline(specFile(), {
        region: args.region,
        profile: args.profile,
        endpointUrl: args.endpointUrl,
        env: io.env,
        cwd: io.cwd,
      });
    },
    async openClients(pipeline: Pipeline): Promise<Clients> {
      const { openClients } = await import('../aws/clients.js');
      const clients = await openClients({
        provider: pipeline.provider,
        region: pipeline.region,
        profile: pipeline.aws.profile,
        endpointUrl: pipeline.aws.endpointUrl,
        dataDir: pipeline.local.dataDir,
        enforceShardLimits: pipeline.local.enforceShardLimits,
      });
      // Closing twice must be harmless: a command may close its clients before main.ts does.
      const close = clients.close.bind(clients);
      let closing: Promise<void> | undefined;
      clients.close = () => (closing ??= close());
      opened.push(clients);
      return clients;
    },
    async closeAll(): Promise<void> {
      const all = opened.splice(0);
      await Promise.allSettled(all.map((c) => c.close()));
    },
  };
}
