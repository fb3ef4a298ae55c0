// Checks every request an SDK client sends against AWS's own API model of the service (botocore's
// service-2.json: required members, string/list/map lengths, number ranges, patterns, enums), so a request
// that real AWS would reject fails right here, even where the endpoint we test against (our emulator, moto)
// is lenient. Off in normal use; on when LAKEHOUSE_CHECK_MODELS names the models directory
// (<dir>/<service>/service-2.json.gz), which every provider-aws test does.
// JSON-protocol services (Kinesis, Firehose, Glue, Athena) are checked on the serialized body — what AWS
// receives, including bodies our producer serializes itself; S3, IAM and STS on the command input.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

interface Shape {
  type: string;
  required?: string[];
  members?: Record<string, { shape: string; location?: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  /** A document type (e.g. Glue's IcebergDocument): any JSON value, nothing to check. */
  document?: boolean;
}

interface Model {
  protocol: string;
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, Shape>;
}

export class ModelViolationError extends Error {
  override name = 'ModelViolation';
  constructor(
    readonly operation: string,
    readonly problems: string[],
  ) {
    super(`request breaks the AWS API model: ${operation}: ${problems.join('; ')}`);
  }
}

const models = new Map<string, Model>();
const unmodelled = new Set<string>();

function loadModel(dir: string, service: string): Model {
  const file = path.join(dir, service, 'service-2.json.gz');
  let m = models.get(file);
  if (!m) {
    const raw = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as Model & { metadata: { protocol: string } };
    m = { protocol: raw.metadata.protocol, operations: raw.operations, shapes: raw.shapes };
    models.set(file, m);
  }
  return m;
}

const patterns = new Map<string, RegExp | null>();

/** Java regexes as JS ones (full match, as AWS applies them); an untranslatable one is skipped, not guessed. */
function regex(p: string): RegExp | null {
  if (!patterns.has(p)) {
    let r: RegExp | null = null;
    for (const flags of ['u', '']) {
      try {
        r = new RegExp(`^(?:${p})$`, flags);
        break;
      } catch {
        /* try the next flags */
      }
    }
    patterns.set(p, r);
  }
  return patterns.get(p)!;
}

function base64Length(s: string): number {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

/** Problems of `value` against shape `name` at `where` (empty when it conforms). */
export function checkValue(model: Model, name: string, value: unknown, where: string, json: boolean, out: string[]): void {
  const s = model.shapes[name];
  if (!s || value === undefined || value === null || s.document) return;
  const range = (n: number, what: string) => {
    if (s.min !== undefined && n < s.min) out.push(`${where}: ${what} ${n} is below the minimum ${s.min}`);
    if (s.max !== undefined && n > s.max) out.push(`${where}: ${what} ${n} is above the maximum ${s.max}`);
  };
  switch (s.type) {
    case 'structure': {
      if (typeof value !== 'object') return void out.push(`${where}: expected a structure`);
      const v = value as Record<string, unknown>;
      for (const r of s.required ?? []) if (v[r] === undefined || v[r] === null) out.push(`${where ? `${where}.` : ''}${r}: required`);
      for (const [k, m] of Object.entries(s.members ?? {})) checkValue(model, m.shape, v[k], where ? `${where}.${k}` : k, json, out);
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return void out.push(`${where}: expected a list`);
      range(value.length, 'length');
      value.forEach((x, i) => checkValue(model, s.member!.shape, x, `${where}[${i}]`, json, out));
      return;
    case 'map': {
      if (typeof value !== 'object') return void out.push(`${where}: expected a map`);
      const entries = Object.entries(value as Record<string, unknown>);
      range(entries.length, 'size');
      for (const [k, x] of entries) {
        checkValue(model, s.key!.shape, k, `${where} key`, json, out);
        checkValue(model, s.value!.shape, x, `${where}.${k}`, json, out);
      }
      return;
    }
    case 'string':
      if (typeof value !== 'string') return;
      range(value.length, 'length');
      if (s.enum && !s.enum.includes(value)) out.push(`${where}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`);
      if (s.pattern && regex(s.pattern) && !regex(s.pattern)!.test(value)) {
        out.push(`${where}: ${JSON.stringify(value.slice(0, 80))} does not match ${s.pattern}`);
      }
      return;
    case 'blob': {
      const n = typeof value === 'string' ? (json ? base64Length(value) : Buffer.byteLength(value)) : (value as Uint8Array).byteLength;
      if (typeof n === 'number') range(n, 'size');
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      if (typeof value === 'number') range(value, 'value');
      return;
    default:
      return;
  }
}

/** Problems of one operation's input (empty list when it conforms). */
export function checkInput(modelsDir: string, service: string, operation: string, input: unknown, json: boolean): string[] {
  const model = loadModel(modelsDir, service);
  const op = model.operations[operation];
  if (!op) return [`${operation} is not an operation of ${service}`];
  const out: string[] = [];
  if (op.input) checkValue(model, op.input.shape, input ?? {}, '', json, out);
  return out;
}

interface StackClient {
  middlewareStack: { add(mw: unknown, opts: Record<string, unknown>): void };
}

function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return undefined;
}

/** Adds the check to a client of `service` (kinesis, firehose, s3, glue, athena, iam, sts). */
export function attachModelCheck(client: StackClient, service: string, modelsDir: string): void {
  // A client for a service with no model here (one added later) is not checked: said once, not fatal.
  if (!fs.existsSync(path.join(modelsDir, service, 'service-2.json.gz'))) {
    if (!unmodelled.has(service)) process.stderr.write(`# AWS model check: no model for ${service} in ${modelsDir}; its requests are not checked\n`);
    unmodelled.add(service);
    return;
  }
  const model = loadModel(modelsDir, service);
  const json = model.protocol === 'json';
  client.middlewareStack.add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: { input?: unknown; request?: { body?: unknown } }) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      let input: unknown = args.input;
      if (json) {
        // After the serializer and any body swapped in at build/high (producer/wire.ts): the bytes AWS gets.
        const text = bodyText(args.request?.body);
        if (text !== undefined && text.length) input = JSON.parse(text);
      }
      const problems = checkInput(modelsDir, service, operation, input, json);
      if (problems.length) throw new ModelViolationError(`${service} ${operation}`, problems);
      return next(args);
    },
    { step: 'build', priority: 'low', name: 'lakehouseModelCheck' },
  );
}

/** The models directory from LAKEHOUSE_CHECK_MODELS, or undefined (checks off). */
export function modelsDirFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.LAKEHOUSE_CHECK_MODELS?.trim();
  if (!dir) return undefined;
  if (!fs.existsSync(path.join(dir, 'kinesis', 'service-2.json.gz'))) {
    throw new Error(`LAKEHOUSE_CHECK_MODELS=${dir}: no AWS models there (expected <dir>/kinesis/service-2.json.gz)`);
  }
  return dir;
}
