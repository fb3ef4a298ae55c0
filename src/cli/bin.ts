#!/usr/bin/env node
// The executable's entry point (the single binary bundles from here). No top-level await: the binary is
// a CommonJS bundle, where esbuild cannot compile it.
import { exec } from './main.js';

// The SDK warns on every run under Node 20 that releases after January 2027 need Node 22. The lock file
// pins a release that supports Node 20 and the single binary embeds Node 22, so the warning is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `lakehouse … | head` closes our stdout early: stop quietly, as other shell tools do, instead of an EPIPE trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

void exec(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
