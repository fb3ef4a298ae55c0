// An operation the emulator has no handler for: if AWS's model defines it, it is a real operation the emulator
// does not implement, and says so loudly (501 NotImplemented) rather than claiming AWS has no such operation.
import { AwsError } from '../types.js';
import { MODEL_OPERATIONS } from './model-operations.js';

export function operationNotFound(service: string, action: string, unknown: AwsError): AwsError {
  if (!MODEL_OPERATIONS[service]?.has(action)) return unknown;
  return new AwsError('NotImplemented', `${action} is an AWS ${service} operation that lakehouse's local emulator does not implement (docs/emulated-services.md lists what it does).`, 501);
}
