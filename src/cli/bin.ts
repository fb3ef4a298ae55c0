#!/usr/bin/env node
// The executable's entry point (the single binary bundles from here).
import { exec } from './main.js';

process.exitCode = await exec(process.argv.slice(2));
