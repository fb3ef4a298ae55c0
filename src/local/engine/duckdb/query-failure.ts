// A query that ends FAILED, with Athena's reason, error category and type (MappedError): thrown by the engine,
// the translation's callers and the DDL/DML runners, caught by the query runner.
import type { MappedError } from './errors.js';

export class QueryFailure extends Error {
  constructor(readonly mapped: MappedError) {
    super(mapped.reason);
  }
}
