// Glue's errors with AWS's wording.
import { oneProblem, validationMessage, type Rule } from '../../kit/validate.js';
import { AwsError } from '../../types.js';

export const dbNotFound = (name: string) => new AwsError('EntityNotFoundException', `Database ${name} not found.`);
export const tableNotFound = (name: string) => new AwsError('EntityNotFoundException', `Table ${name} not found.`);
export const invalidInput = (message: string) => new AwsError('InvalidInputException', message);

/** A batch entry's failure as Glue reports it inside a 200 response (a batch's Errors). */
export function errorDetail(e: unknown): { ErrorCode: string; ErrorMessage: string } {
  if (e instanceof AwsError) return { ErrorCode: e.code, ErrorMessage: e.message };
  return { ErrorCode: 'InternalServiceException', ErrorMessage: (e as Error).message };
}

/** A required NameString for the validation kit. Its pattern is left to checkName: the model's text is not a
 * valid JavaScript regex. */
export const NAME_RULE: Rule = { type: 'string', required: true, min: 1, max: 255 };
export const CATALOG_ID_RULE: Rule = { type: 'string', min: 1, max: 255 };

/** One constraint problem as Glue reports it (the validation kit's wording, Glue's exception). */
export const problem = (value: unknown, where: string, constraint: string) => invalidInput(validationMessage([oneProblem(value, where, constraint)]));
export const missing = (where: string) => problem(null, where, 'Member must not be null');

const NAME_PATTERN = /^[\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}\t]*$/u;

/** Model-level check of a NameString (1..255 chars); `where` is AWS's member path, e.g. `databaseInput.name`. */
export function checkName(value: unknown, where: string): string {
  if (typeof value !== 'string') throw missing(where);
  if (value.length < 1 || value.length > 255) {
    throw problem(value, where, 'Member must have length between 1 and 255');
  }
  if (!NAME_PATTERN.test(value)) {
    throw problem(value, where, 'Member must satisfy regular expression pattern: [\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*');
  }
  return value.toLowerCase();
}

/** Opaque page token: the index of the next item. */
export function pageOf<T>(items: T[], nextToken: unknown, maxResults: unknown, max: number): { page: T[]; next?: string } {
  const start = typeof nextToken === 'string' && nextToken ? Number(Buffer.from(nextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidInput('Invalid pagination token');
  if (maxResults !== undefined && (typeof maxResults !== 'number' || maxResults < 1 || maxResults > max)) {
    throw problem(maxResults, 'maxResults', `Member must have value less than or equal to ${max}`);
  }
  const size = (maxResults as number | undefined) ?? max;
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return { page, next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}
