// Number formatting for progress and summary lines.
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 152345 → 152.3k */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
