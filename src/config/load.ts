// Load a spec: read → parse YAML (positions kept) → JSON Schema → semantic rules → Faker checks →
// normalize. Every problem from every stage is collected, so one run reports them all.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, LakehouseError, SpecError, UsageError } from '../errors.js';
import { checkFakerFields } from './faker-check.js';
import { deriveNames } from './names.js';
import { normalize, resolveProvider, resolveRegion } from './normalize.js';
import { checkRules } from './rules.js';
import { checkSchema } from './schema-check.js';
import { displayName, SpecSource } from './source.js';
import { isObject, type LoadOverrides, type RawSpec } from './spec.js';
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
  const source = new SpecSource(text, displayName(abs, cwd));
  if (source.problems.length) throw new SpecError(source.problems);
  const data: unknown = source.doc.toJS();
  if (!isObject(data)) {
    source.add([], 'The spec must be a YAML mapping with at least name, table and fields; run `lakehouse init` for a starter');
    throw new SpecError(source.problems);
  }
  const raw = data as unknown as RawSpec;
  const schemaOk = checkSchema(source, raw);
  const names = deriveNames(raw, resolveProvider(raw), resolveRegion(raw, ov));
  const parsed = checkRules(source, raw, names);
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
    text = await fs.readFile(abs, 'utf8');
  } catch (err) {
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
