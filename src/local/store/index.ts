// Shared durable-state helpers for every emulator service.
export { writeFileAtomic, writeJsonAtomic, readJson, fsyncDir, tmpNameFor } from './atomic.js';
export { AppendLog } from './append-log.js';
