// The local provider's Iceberg I/O (the contract of issue #18, /work/team/ICEBERG-CONTRACT.md): table
// creation and loading through Glue, scan planning and the DuckDB SELECT that reads a snapshot, writers for
// data / equality-delete / position-delete files, the optimistic commit, manifest reading and expiry.
export type { IcebergEnv, LoadedTable } from './env.js';
export { isIcebergTable, createTableMetadata, loadTable, type PartitionFieldInput } from './table.js';
export { planScan, scanSelect, type ScanFile, type ScanPlan } from './scan.js';
export { writeDataFiles, writeEqualityDeletes, writePositionDeletes } from './write.js';
export { commit, CommitFailedError, type Change } from './commit.js';
export { readManifestList, readManifest } from './manifests.js';
export type { ManifestFile, ManifestEntry } from '../../iceberg/types.js';
export { expireSnapshots } from './expire.js';
