// `lakehouse serve`: expose the embedded AWS emulator on 127.0.0.1 so the AWS CLI, boto3 or any SDK can
// use it with --endpoint-url. While it runs it owns the data directory; other lakehouse commands on the
// same directory send their calls to it. Stops cleanly on Ctrl-C / SIGTERM (state flushed, lock released).
import fs from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import { UsageError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';

/** --data-dir, else LAKEHOUSE_DATA_DIR, else the spec's local data dir when a spec exists, else ./.lakehouse. */
async function resolveDataDir(ctx: CommandContext): Promise<{ dataDir: string; region?: string }> {
  const flag = ctx.args.dataDir as string | undefined;
  if (flag) return { dataDir: path.resolve(ctx.io.cwd, flag) };
  if (ctx.io.env.LAKEHOUSE_DATA_DIR) return { dataDir: path.resolve(ctx.io.cwd, ctx.io.env.LAKEHOUSE_DATA_DIR) };
  if (fs.existsSync(path.resolve(ctx.io.cwd, ctx.args.config))) {
    const p = await ctx.loadPipeline();
    return { dataDir: p.local.dataDir, region: p.provider === 'local' ? p.region : undefined };
  }
  return { dataDir: path.resolve(ctx.io.cwd, '.lakehouse') };
}

async function run(ctx: CommandContext): Promise<number> {
  const port = Number(ctx.args.port ?? 4566);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${ctx.args.port}`);
  const { dataDir, region } = await resolveDataDir(ctx);
  const { startServe: startServer } = await import('../../aws/local-target.js');
  const log = ctx.args.debug ? (line: string) => ctx.io.stderr.write(`${line}\n`) : undefined;
  const server = await startServer({ dataDir, port, region: ctx.args.region ?? region, log });
  const out = ctx.io.stdout;
  // One write, so a reader sees the endpoint and the example together.
  out.write(
    `lakehouse serve: the local AWS endpoint is ${ctx.ui.bold(server.endpoint)} (data: ${dataDir})\n` +
      `  try: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --region us-east-1 --endpoint-url ${server.endpoint} s3 ls\n` +
      `  it answers SigV4-signed requests (any key; signatures are not checked) addressed to 127.0.0.1 or localhost\n` +
      `  other lakehouse commands on this data dir now use it; stop with Ctrl-C\n`,
  );
  let onTerm: (() => void) | undefined;
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGTERM', (onTerm = () => resolve()));
  });
  if (onTerm) process.off('SIGTERM', onTerm);
  await server.close();
  ctx.ui.info('lakehouse serve: stopped, state saved');
  return 0;
}

const serve: CommandDef = {
  command: 'serve',
  describe: 'Serve the local AWS emulator on 127.0.0.1 for the AWS CLI, boto3 or any SDK',
  builder: (y: Argv) =>
    y
      .option('port', { type: 'number', default: 4566, describe: 'TCP port on 127.0.0.1 (0 picks a free one)' })
      .option('data-dir', { type: 'string', describe: 'The data folder to serve (default: the spec\'s, else ./.lakehouse)' }) as Argv,
  examples: [
    ['$0 serve', 'Serve on http://127.0.0.1:4566'],
    ['aws --endpoint-url http://127.0.0.1:4566 kinesis list-streams', 'Then use any AWS client'],
  ],
  run,
};
export default serve;
