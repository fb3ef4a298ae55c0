// The region of the AWS profile in the shared config file (~/.aws/config or AWS_CONFIG_FILE), as the AWS
// CLI and SDKs read it: `[default]` for the default profile, `[profile NAME]` for the others.
// A tiny INI read (no SDK loader is installed); only called when no flag, spec or env var gave a region.
import fs from 'node:fs';
import path from 'node:path';

/** Key/values of one section; indented lines under `key =` (nested settings such as `s3 =`) are skipped. */
export function iniSection(text: string, wanted: string[]): Record<string, string> | undefined {
  let current: string | undefined;
  let found: Record<string, string> | undefined;
  let nested = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]/.exec(line);
    if (header) {
      current = header[1]!.trim().replace(/\s+/g, ' ');
      nested = false;
      // `[default]` and `[profile default]` both name the default profile: merged, first value wins.
      if (!found && wanted.includes(current)) found = {};
      continue;
    }
    const indented = /^\s/.test(raw);
    if (nested && indented) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    nested = value === '';
    if (found && current !== undefined && wanted.includes(current) && !(key in found)) found[key] = value;
  }
  return found;
}

/** The profile's `region`, or undefined when the file, the profile or the key is absent. */
export function profileRegion(env: NodeJS.ProcessEnv, profile?: string): string | undefined {
  const home = env.HOME ?? env.USERPROFILE;
  const file = env.AWS_CONFIG_FILE ?? (home ? path.join(home, '.aws', 'config') : undefined);
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const name = profile ?? env.AWS_PROFILE ?? 'default';
  const sections = name === 'default' ? ['default', 'profile default'] : [`profile ${name}`];
  return iniSection(text, sections)?.region || undefined;
}
