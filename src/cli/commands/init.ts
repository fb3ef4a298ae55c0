// `lakehouse init`: write the starter spec (the commented example pipeline) where -c points, never over
// an existing file, and say what to do next. The JSON Schema goes beside it (unless one is there already)
// so the spec's `$schema` line resolves and editors complete and check it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';
import schema from '../../../schemas/pipeline.schema.json' with { type: 'json' };
import { STARTER_SPEC } from '../starter-spec.js';

const SCHEMA_FILE = 'pipeline.schema.json';

async function run(ctx: CommandContext): Promise<number> {
  const target = path.resolve(ctx.io.cwd, ctx.args.config);
  const shown = ctx.args.config.replace(/^\.\//, '');
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    // 'wx' fails if the file exists, so a race cannot clobber it either.
    await fs.writeFile(target, STARTER_SPEC.replace('$schema=./schemas/pipeline.schema.json', `$schema=./${SCHEMA_FILE}`), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${shown} already exists; init never overwrites a spec`, 'edit it, delete it first, or write elsewhere with -c other.yaml');
    }
    throw err;
  }
  const schemaFile = path.join(path.dirname(target), SCHEMA_FILE);
  const wroteSchema = await fs.writeFile(schemaFile, `${JSON.stringify(schema, null, 2)}\n`, { flag: 'wx' }).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') return false;
      throw err;
    },
  );
  const c = ctx.args.config === './config.yaml' || ctx.args.config === 'config.yaml' ? '' : ` -c ${shown}`;
  const b = ctx.ui.bold;
  ctx.io.stdout.write(
    `wrote ${shown}: the example pipeline (clickstream → table lakehouse.events, provider local), ready to edit\n` +
      (wroteSchema ? `wrote ${path.relative(ctx.io.cwd, schemaFile)}: its JSON Schema, for completion and checks in your editor\n` : '') +
      `\n` +
      `next:\n` +
      `  ${b(`lakehouse validate${c}`)}                check your edits (every problem with line:col)\n` +
      `  ${b(`lakehouse up${c}`)}                      create the pipeline (local: no AWS account needed)\n` +
      `  ${b(`lakehouse produce${c} --amount 1000`)}   send fake events\n` +
      `  ${b(`lakehouse query${c}`)}                   SELECT * FROM events LIMIT 10\n`,
  );
  return 0;
}

const init: CommandDef = {
  command: 'init',
  describe: 'Write a starter spec to edit (./config.yaml or -c)',
  examples: [
    ['$0 init', 'write ./config.yaml'],
    ['$0 init -c pipelines/orders.yaml', 'write the starter spec elsewhere'],
  ],
  run,
};
export default init;
