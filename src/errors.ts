// Typed errors with documented exit codes. Every user-facing failure is one of these;
// the CLI core maps them to exit codes and prints stack traces only with --debug.

export const ExitCode = {
  ok: 0,
  /** Unexpected failure inside lakehouse (a bug): report it. */
  internal: 1,
  /** The spec (YAML) or the command line is invalid. */
  spec: 2,
  /** AWS (or the local emulator) refused or failed a call. */
  aws: 3,
  /** A resource with our name exists but is not ours; nothing was touched. */
  ownership: 4,
  /** Confirmation needed (destroy/replace) and none given (non-interactive without --yes, or declined). */
  notConfirmed: 5,
  /** A query ran and FAILED or was CANCELLED. */
  queryFailed: 6,
  /** produce gave up: some records were not accepted by the stream. */
  notAccepted: 7,
  /** Interrupted by the user (Ctrl-C). */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class LakehouseError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem in the spec, located at file:line:col. */
export interface SpecProblem {
  file: string;
  line: number;
  col: number;
  /** Dotted path of the key, e.g. `stream.shards`. */
  path: string;
  message: string;
}

export class SpecError extends LakehouseError {
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'), ExitCode.spec);
  }
}

export function formatProblem(p: SpecProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.message}`;
}

/** Bad command-line usage (flags, arguments). */
export class UsageError extends LakehouseError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.spec, hint);
  }
}

export class AwsCallError extends LakehouseError {
  constructor(message: string, readonly code?: string, hint?: string) {
    super(message, ExitCode.aws, hint);
  }
}

export class OwnershipError extends LakehouseError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.ownership, hint);
  }
}

export class NotConfirmedError extends LakehouseError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.notConfirmed, hint);
  }
}
