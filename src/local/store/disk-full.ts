// A full disk is not a bug: when a write in the data directory fails with ENOSPC (or EDQUOT), the emulator
// answers 503 ServiceUnavailable with a message naming the disk and the path, so clients see what to fix
// instead of "internal error". AWS has no such error (its disks do not fill up); 503 is what its services
// answer when they cannot take a request for now, and SDKs treat it as retryable. Callers that know which
// file they were writing pass it (a write to an open descriptor carries no path of its own).
import fs from 'node:fs';
import path from 'node:path';
import { AwsError } from '../types.js';

/** The first words of the message, which clients (the producer) recognise. */
export const DISK_FULL_PREFIX = 'Disk full:';

export function isDiskFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** The nearest existing folder at or above `p` (a file that could not be created does not exist yet). */
function existing(p: string): string {
  let at = path.resolve(p);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}

/** Mount point and "fstype on device" holding `p`, from /proc/self/mountinfo (Linux); undefined elsewhere. */
export function mountOf(p: string): { mount: string; device: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  let real: string;
  try {
    real = fs.realpathSync(existing(p));
  } catch {
    return undefined;
  }
  let best: { mount: string; device: string } | undefined;
  for (const line of text.split('\n')) {
    // id parent major:minor root mount-point options [optional…] - fstype source super-options
    const fields = line.split(' ');
    const sep = fields.indexOf('-');
    if (fields.length < 5 || sep < 0) continue;
    const mount = fields[4]!.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const inside = real === mount || real.startsWith(mount.endsWith('/') ? mount : mount + '/');
    if (inside && (!best || mount.length >= best.mount.length)) best = { mount, device: `${fields[sep + 1]} on ${fields[sep + 2]}` };
  }
  return best;
}

function size(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** "the disk mounted at /mnt/x (ext4 on /dev/sdb1, 0.0 MiB free of 8.0 GiB)": as much as the system tells. */
export function describeDisk(p: string): string {
  const m = mountOf(p);
  let space = '';
  try {
    const s = fs.statfsSync(existing(p));
    space = `, ${size(s.bavail * s.bsize)} free of ${size(s.blocks * s.bsize)}`;
  } catch {
    /* statfs is not everywhere */
  }
  return m ? `the disk mounted at ${m.mount} (${m.device}${space})` : `the disk holding ${existing(p)}${space ? ` (${space.slice(2)})` : ''}`;
}

/** The 503 for a write that found the disk full: `file` is what was being written (when the error carries no
 * path), `dataDir` the data directory (when nothing more precise is known). */
export function diskFullError(e: unknown, file?: string, dataDir?: string): AwsError {
  const where = (e as NodeJS.ErrnoException).path ?? file;
  const what = where
    ? `no space left to write ${where} on ${describeDisk(where)}`
    : dataDir
      ? `no space left in the data directory ${dataDir} on ${describeDisk(dataDir)}`
      : 'no space left on the disk of the data directory';
  return new AwsError('ServiceUnavailable', `${DISK_FULL_PREFIX} ${what}. Free space there and retry (this request was not completed).`, 503);
}

/** `e` as the disk-full 503 when it is ENOSPC/EDQUOT, else `e` unchanged (for `throw asDiskFull(e, file)`). */
export function asDiskFull(e: unknown, file?: string): unknown {
  return isDiskFull(e) ? diskFullError(e, file) : e;
}
