// Load a spec: read → parse YAML (positions kept) → JSON Schema → semantic rules → Faker checks →
// normalize. Every problem from every stage is collected, so one run reports them all.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, LakehouseError, SpecError, UsageError } from '../errors.js';
import { checkFakerFields } from './faker-check.js';
import { deriveNames } from './names.js';
import { normalize, resolveProvider, resolveRegion } from './normalize.js';
import { checkDataDir } from './data-dir-policy.js';
import { checkRules } from './rules.js';
import { checkSchema } from './schema-check.js';
import { displayName, SpecSource } from './source.js';
import { isObject, type LoadOverrides, type RawSpec } from './spec.js';
import { checkYamlLimits, MAX_SPEC_BYTES, sizeProblem } from './yaml-limits.js';
import type { Pipeline } from './types.js';

export type { LoadOverrides } from './spec.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Validate and normalize spec text; `file` is its path (used for messages and the data dir). */
export async function loadPipelineText(text: string, file: string, ov: LoadOverrides = {}): Promise<Pipeline> {
  const cwd = ov.cwd ?? process.cwd();
  const abs = path.resolve(cwd, file);
  if (ov.region !== undefined && !REGION.test(ov.region)) {
    throw new UsageError(`--region must be an AWS region code such as us-east-1, got "${ov.region}"`);
  }
  if (ov.endpointUrl !== undefined && !/^https?:\/\//.test(ov.endpointUrl)) {
    throw new UsageError(`--endpoint-url must be an http:// or https:// URL, got "${ov.endpointUrl}"`);
  }
  const display = displayName(abs, cwd);
  const tooBig = sizeProblem(Buffer.byteLength(text));
  if (tooBig) throw new SpecError([{ file: display, line: 1, col: 1, path: '', message: tooBig }]);
  const source = new SpecSource(text, display);
  if (source.problems.length || !checkYamlLimits(source)) throw new SpecError(source.problems);
  let data: unknown;
  try {
    data = source.doc.toJS();
  } catch (e) {
    // The limits above should catch everything the converter refuses; this keeps any rest a spec error.
    source.add([], `YAML ${(e as Error).message}`);
    throw new SpecError(source.problems);
  }
  if (!isObject(data)) {
    source.add([], 'The spec must be a YAML mapping with at least name, table and fields; run `lakehouse init` for a starter');
    throw new SpecError(source.problems);
  }
  const raw = data as unknown as RawSpec;
  const schemaOk = checkSchema(source, raw);
  const names = deriveNames(raw, resolveProvider(raw), resolveRegion(raw, ov));
  const parsed = checkRules(source, raw, names);
  checkDataDir(source, raw, abs);
  if (ov.checkFaker !== false) await checkFakerFields(source, raw);
  if (!schemaOk || source.problems.length || !parsed) {
    throw new SpecError([...source.problems].sort((a, b) => a.line - b.line || a.col - b.col));
  }
  return normalize(raw, abs, parsed, ov);
}

/** Read, validate and normalize the spec at `file` (relative to ov.cwd). */
export async function loadPipeline(file: string, ov: LoadOverrides = {}): Promise<Pipeline> {
  const abs = path.resolve(ov.cwd ?? process.cwd(), file);
  let text: string;
  try {
    text = await readBounded(abs, displayName(abs, ov.cwd ?? process.cwd()));
  } catch (err) {
    if (err instanceof SpecError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new LakehouseError(`${file}: no such spec file`, ExitCode.spec,
        'create one with `lakehouse init`, or name it with -c/--config or LAKEHOUSE_CONFIG');
    }
    if (code === 'EISDIR') throw new LakehouseError(`${file}: is a directory, not a spec file`, ExitCode.spec);
    throw new LakehouseError(`${file}: cannot read: ${(err as Error).message}`, ExitCode.spec);
  }
  return loadPipelineText(text, file, ov);
}

/** The file's text, reading at most one byte past the size limit (so /dev/zero or a huge file costs nothing);
 * a file over the limit is a spec error. */
async function readBounded(file: string, display: string): Promise<string> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(MAX_SPEC_BYTES + 1);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, null);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got > MAX_SPEC_BYTES) {
      // A pipe or a device reports size 0: then all we know is "over the limit".
      const size = Math.max((await fh.stat()).size, got);
      throw new SpecError([{ file: display, line: 1, col: 1, path: '', message: sizeProblem(size)! }]);
    }
    return buf.toString('utf8', 0, got);
  } finally {
    await fh.close();
  }
}
