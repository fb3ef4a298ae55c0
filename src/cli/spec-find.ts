// Spec discovery, as git finds its repository: when no -c/--config and no LAKEHOUSE_CONFIG was given and the
// working directory has no config.yaml, look in each parent up to the repository root (the first folder
// holding .git), or up to the home folder / filesystem root outside a repository. The caller prints which
// spec it uses, so a run from a subfolder never silently picks a surprising file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_SPEC = 'config.yaml';

/** The spec found above `cwd`, or undefined (then the caller reports ./config.yaml as missing). */
export function findSpecUpward(cwd: string, home = os.homedir()): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, DEFAULT_SPEC);
    if (fs.existsSync(candidate)) return candidate;
    // The repository root is the last folder looked at, as for git; so is the home folder.
    if (fs.existsSync(path.join(dir, '.git')) || dir === home) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** True when argv names the spec explicitly (-c X, --config X, --config=X). */
export function configGiven(argv: string[]): boolean {
  return argv.some((a) => a === '-c' || a === '--config' || a.startsWith('--config=') || /^-c./.test(a));
}
