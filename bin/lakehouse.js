#!/usr/bin/env node
// Development launcher: runs the TypeScript sources through tsx. The shipped binary is built from
// src/cli/bin.ts by scripts/binary/build.mjs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../src/cli/bin.ts', import.meta.url));
// tsx resolved from here, not from the working directory, so the launcher works from any folder.
const tsx = import.meta.resolve('tsx');
const r = spawnSync(process.execPath, ['--import', tsx, entry, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
