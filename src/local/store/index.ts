// Shared durable-state helpers for every emulator service.
export { writeFileAtomic, writeJsonAtomic, readJson, fsyncDir, tmpNameFor, FILE_MODE } from './atomic.js';
export { AppendLog } from './append-log.js';
export { asDiskFull, diskFullError, isDiskFull } from './disk-full.js';
