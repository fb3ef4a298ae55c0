// `lakehouse validate`: check the spec (schema, AWS naming rules, generators) and summarize it, or list
// every problem with file:line:col (exit 2). `--output json` prints the normalized pipeline.
import path from 'node:path';
import type { CommandContext, CommandDef } from '../command.js';

async function run(ctx: CommandContext): Promise<number> {
  const p = await ctx.loadPipeline();
  if (ctx.args.output === 'json') {
    // An Iceberg destination has no Prefix and no conversion compression: not shown as if they applied.
    const shown = p.table.format === 'iceberg' ? { ...p, delivery: Object.fromEntries(Object.entries(p.delivery).filter(([k]) => k !== 'prefix' && k !== 'compression')) } : p;
    ctx.io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  const rel = path.relative(ctx.io.cwd, p.sourceFile);
  const shown = rel && !rel.startsWith('..') ? rel : p.sourceFile;
  const n = p.fields.length;
  const where = p.provider === 'aws' ? `aws ${p.region}` : `local, data in ${path.relative(ctx.io.cwd, p.local.dataDir) || '.'}`;
  ctx.io.stdout.write(
    `${shown}: ${ctx.ui.green('valid')} — ${n} field${n === 1 ? '' : 's'}, ${p.source === 'direct_put' ? `Direct PUT to ${p.delivery.name}` : `stream ${p.stream.name}`}, table ${p.table.database}.${p.table.name} (${where})\n`,
  );
  return 0;
}

const validate: CommandDef = {
  command: 'validate',
  describe: 'Check the spec and show what it describes',
  examples: [
    ['$0 validate', 'check ./config.yaml'],
    ['$0 validate -c pipelines/orders.yaml --output json', 'print the normalized pipeline with every derived name'],
  ],
  run,
};
export default validate;
