// Helpers every family's macros use, registered first. Runtime failures are raised as a failed cast of the Athena
// reason ('INVALID_FUNCTION_ARGUMENT: …' to INTEGER): the engine's error mapping passes such text through as the
// query's StateChangeReason, and unlike DuckDB's error() the cast is not volatile, so TRY(…) still catches it as
// Trino's TRY does.
import { registerFamily } from './registry.js';
import { RENDER_MACROS } from './render.js';

/** SQL text raising `code: message` where a value of `like`'s type is expected. `message` is SQL (quote literals). */
export const fail = (code: string, message: string, like: string): string => `__trino_fail_as('${code}: ' || ${message}, ${like})`;

registerFamily({
  name: 'common',
  macros: [
    `CREATE OR REPLACE TEMP MACRO __trino_fail(msg) AS CAST(msg AS INTEGER)`,
    // Indexing a one-element list by the failing cast: the value has `like`'s type, whatever it is.
    `CREATE OR REPLACE TEMP MACRO __trino_fail_as(msg, v) AS [v][__trino_fail(msg)]`,
    `CREATE OR REPLACE TEMP MACRO __trino_invalid(msg, v) AS __trino_fail_as('INVALID_FUNCTION_ARGUMENT: ' || msg, v)`,
    // What render.ts's athenaText calls (result text of intervals).
    ...RENDER_MACROS,
  ],
});
