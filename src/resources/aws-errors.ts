// Recognizing AWS answers we act on (not found, in use) and turning the rest into AwsCallError (exit 3).
import { AwsCallError, LakehouseError } from '../errors.js';

interface SdkError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function errorCode(e: unknown): string {
  const err = e as SdkError;
  return err?.Code ?? err?.name ?? 'Error';
}

const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'EntityNotFoundException',
  'NoSuchEntity',
  'NoSuchEntityException',
  'NoSuchBucket',
  'NotFound',
]);

export function isNotFound(e: unknown): boolean {
  const err = e as SdkError;
  if (NOT_FOUND.has(errorCode(e))) return true;
  // Athena answers a missing workgroup with InvalidRequestException "WorkGroup x is not found."
  if (errorCode(e) === 'InvalidRequestException' && /is not found|does not exist/i.test(err.message ?? '')) return true;
  return err?.$metadata?.httpStatusCode === 404;
}

/** Runs one AWS call; failures become AwsCallError naming what we were doing. */
export async function awsCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw wrapAwsError(what, e);
  }
}

/** What fixes the failures that are about reaching AWS at all, not about the call. */
export function reachHint(e: unknown): string | undefined {
  const err = e as SdkError & { code?: string };
  const message = err?.message ?? '';
  const net = /\b(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET)\b(?:\s+(\S+))?/.exec(message);
  if (net || /^(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET)$/.test(err?.code ?? '')) {
    return `nothing answers at ${net?.[1] ?? 'the endpoint'}: start \`lakehouse serve\`, or check --endpoint-url / aws.endpoint_url (and your network)`;
  }
  if (errorCode(e) === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'no AWS credentials found: run `aws configure` (or `aws sso login`), pass --profile / set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  }
  if (/^(ExpiredToken|ExpiredTokenException|InvalidClientTokenId|UnrecognizedClientException)$/.test(errorCode(e))) {
    return 'the AWS credentials are expired or invalid: refresh them (e.g. `aws sso login`) or choose another --profile';
  }
  return undefined;
}

export function wrapAwsError(what: string, e: unknown): LakehouseError {
  if (e instanceof LakehouseError) return e;
  const err = e as SdkError;
  const code = errorCode(e);
  return new AwsCallError(`${what} failed: ${code}: ${err?.message ?? String(e)}`, code, reachHint(e));
}

/** Describe helper: undefined when the resource does not exist. */
export async function orMissing<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw wrapAwsError(what, e);
  }
}
