#!/usr/bin/env node
// The executable's entry point (the single binary bundles from here). No top-level await: the binary is
// a CommonJS bundle, where esbuild cannot compile it.
import { exec } from './main.js';

void exec(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
