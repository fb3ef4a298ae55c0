// Recognising the local emulator's "disk full" answer (a 503 whose message starts "Disk full:", see
// src/local/store/disk-full.ts): retrying cannot help until someone frees space, so produce stops at once
// with exit 7 and the emulator's message (which names the disk and path) instead of retrying for minutes.
import { ExitCode, LakehouseError } from '../errors.js';

export function isDiskFullError(e: unknown): boolean {
  const err = e as { $metadata?: { httpStatusCode?: number }; message?: unknown };
  return err?.$metadata?.httpStatusCode === 503 && typeof err.message === 'string' && err.message.startsWith('Disk full:');
}

/** Counted in the summary's failedByCode under this code. */
export class DiskFullError extends LakehouseError {
  readonly code = 'DiskFull';
}

export function diskFullStop(e: unknown): DiskFullError {
  const detail = String((e as Error).message).replace(/^Disk full:\s*/, '');
  return new DiskFullError(
    `disk full: the stream could not store more records: ${detail}`,
    ExitCode.notAccepted,
    'free space on that disk, then run produce again; every record reported accepted is stored',
  );
}
