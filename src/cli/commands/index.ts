// The commands `lakehouse` knows, as a plain list. To add one, append ONE line:
//   { command: 'up', describe: 'Create or update the pipeline', load: () => import('./up.js') },
// `command` and `describe` show in `lakehouse --help` without loading anything; `load` is called only
// when that command runs (or shows its own --help), and must resolve to a module whose default export
// is the CommandDef (src/cli/command.ts). Keep heavy imports (AWS SDK, DuckDB, Faker) inside `run`.
import type { CommandDef } from '../command.js';

export interface CommandEntry {
  /** yargs command string, the same as the CommandDef's, e.g. 'query [sql]'. */
  command: string;
  describe: string;
  load: () => Promise<{ default: CommandDef }>;
}

export const commands: CommandEntry[] = [
  { command: 'init', describe: 'Write a starter spec to edit (./config.yaml or -c)', load: () => import('./init.js') },
  { command: 'validate', describe: 'Check the spec and show what it describes', load: () => import('./validate.js') },
  { command: 'produce', describe: "Generate records from the spec's fields and put them on the stream", load: () => import('./produce.js') },
  { command: 'plan', describe: 'Show what `up` would create, update or replace (changes nothing)', load: () => import('./plan.js') },
  { command: 'up', describe: 'Create or update the pipeline so it matches the spec', load: () => import('./up.js') },
  { command: 'status', describe: "Show the pipeline's resources, their state, and what is in the lake", load: () => import('./status.js') },
  { command: 'down', describe: "Delete the pipeline's resources (only those it owns)", load: () => import('./down.js') },
  { command: 'query [sql]', describe: "Run SQL over the lake in the pipeline's Athena workgroup and print the rows", load: () => import('./query.js') },
  { command: 'sql', describe: 'Interactive SQL shell over the lake (history, multi-line, Ctrl-C cancels a query)', load: () => import('./sql.js') },
  { command: 'serve', describe: 'Serve the local AWS emulator on 127.0.0.1 for the AWS CLI, boto3 or any SDK', load: () => import('./serve.js') },
  { command: 'console', describe: 'Open a web console of the pipeline on 127.0.0.1 (graphs, lake browser, table, Athena editor)', load: () => import('./console.js') },
];
