// Where a data directory may never be, whatever it holds: the file-system root or the home folder (lakehouse
// keeps state there and cleans up what it created, so such a folder would be mixed with the user's files).
// Shared by the spec check (`validate` names the line) and the local provider's own check when it opens one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RawSpec } from './spec.js';
import type { SpecSource } from './source.js';

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Why `dir` (absolute) can never be a data directory, or undefined. */
export function forbiddenDataDir(dir: string): string | undefined {
  const real = realOrSelf(dir);
  if (real === path.parse(real).root) return `the data directory may not be the file-system root (${dir})`;
  const homes = new Set([os.homedir(), process.env.HOME].filter((h): h is string => !!h).map(realOrSelf));
  if (homes.has(real)) return `the data directory may not be your home folder (${dir})`;
  return undefined;
}

/** `local.data_dir` of the spec, resolved beside the spec file as the local provider will. */
export function checkDataDir(source: SpecSource, raw: RawSpec, specFile: string): void {
  const given = raw.local?.data_dir;
  if (typeof given !== 'string' || given === '') return;
  const why = forbiddenDataDir(path.resolve(path.dirname(specFile), given));
  if (why) source.add(['local', 'data_dir'], `${why}; use a folder of its own, e.g. .lakehouse beside the spec`);
}
