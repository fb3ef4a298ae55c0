// Firehose's error codes with AWS's wording.
import { validationMessage } from '../../kit/validate.js';
import { AwsError } from '../../types.js';

export const invalidArgument = (message: string) => new AwsError('InvalidArgumentException', message);

export const notFound = (name: string, accountId: string) =>
  new AwsError('ResourceNotFoundException', `Firehose ${name} under account ${accountId} not found.`);

export const alreadyExists = (name: string, accountId: string) =>
  new AwsError('ResourceInUseException', `Firehose ${name} under accountId ${accountId} already exists`);

export const inUse = (name: string, status: string) =>
  new AwsError('ResourceInUseException', `Firehose ${name} is not in the ACTIVE state (current state: ${status}).`);

/** Coral-style constraint violation, as every AWS JSON service reports shape constraints. */
export function validation(member: string, value: unknown, constraint: string): AwsError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new AwsError(
    'ValidationException',
    validationMessage([`Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`]),
  );
}
