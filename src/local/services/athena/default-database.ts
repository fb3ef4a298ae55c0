// The `default` database: AWS's Glue Data Catalog has one once Athena has been used in the account (Athena
// creates it on first use; the console and SQL clients expect it). Created in the local Glue, through Glue's own
// CreateDatabase, the first time an Athena call reads the catalog or starts a query; a `default` the user
// deleted comes back on the next such call, as it does on AWS.
import type { GlueInternal } from '../../types.js';

export const DEFAULT_DATABASE = { Name: 'default', Description: 'Default Hive database' };

export async function ensureDefaultDatabase(glue: GlueInternal | undefined): Promise<void> {
  if (!glue?.call || glue.databaseExists(DEFAULT_DATABASE.Name)) return;
  try {
    await glue.call('CreateDatabase', { DatabaseInput: DEFAULT_DATABASE });
  } catch (e) {
    // Created meanwhile by another call: what was wanted.
    if ((e as { code?: string }).code !== 'AlreadyExistsException') throw e;
  }
}
