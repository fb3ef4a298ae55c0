// VACUUM: expire old snapshots and delete the files no live snapshot references.
import type { IcebergEnv } from './env.js';

export async function expireSnapshots(_env: IcebergEnv, _database: string, _name: string): Promise<{ expiredSnapshots: number; deletedFiles: number }> {
  throw new Error('NOT_SUPPORTED: expireSnapshots is not implemented yet');
}
