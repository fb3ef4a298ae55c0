// Rules for the S3 key prefixes a spec writes (delivery.prefix, delivery.error_prefix, athena.results_prefix).
// AWS's own limit: 1,024 bytes (Firehose Prefix/ErrorOutputPrefix, S3 keys). On top, lakehouse refuses what
// S3 would store but what breaks the lake once keys become paths, log lines or Hive partitions: control
// characters and NUL, `.`/`..` segments, empty segments (`a//b`) and backslashes. A deliberate difference
// from AWS, which accepts them; Firehose would write such keys and Athena could not read them back sensibly.

export const MAX_PREFIX_BYTES = 1024;

export interface KeyProblem {
  message: string;
  /** The offending part of the prefix, when it can be pointed at in the source text. */
  part?: string;
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function keyPrefixProblems(prefix: string): KeyProblem[] {
  const problems: KeyProblem[] = [];
  const bytes = Buffer.byteLength(prefix, 'utf8');
  if (bytes > MAX_PREFIX_BYTES) {
    problems.push({ message: `is ${bytes} bytes long in UTF-8; Firehose and S3 allow at most ${MAX_PREFIX_BYTES}` });
  }
  const control = /[\u0000-\u001f\u007f]/.exec(prefix);
  if (control) {
    problems.push({ message: `must not contain control characters or NUL (found ${codePoint(control[0])} at character ${control.index + 1})` });
  }
  if (prefix.includes('\\')) problems.push({ message: 'must not contain "\\" (a path separator on some systems)', part: '\\' });
  const segments = prefix.split('/');
  const seen = new Set<string>();
  segments.forEach((seg, i) => {
    let p: KeyProblem | undefined;
    if (seg === '..') p = { message: 'must not contain a ".." segment (S3 keeps it in the key; as a file path it climbs to the parent folder)', part: '../' };
    else if (seg === '.') p = { message: 'must not contain a "." segment (S3 keeps it in the key; file paths drop it)', part: './' };
    else if (seg === '' && i > 0 && i < segments.length - 1) p = { message: 'must not contain an empty segment ("//")', part: '//' };
    if (p && !seen.has(p.message)) {
      seen.add(p.message);
      problems.push(p);
    }
  });
  return problems;
}
