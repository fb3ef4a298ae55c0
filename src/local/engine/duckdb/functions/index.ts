// The function library's entry point: importing this module registers every family of ./<family>.ts with the
// registry (see ./registry.ts for the contract). The translator imports it once, after its own built-in set,
// so a family here overrides a built-in translation of the same name.
// Owned by the function-library work: add one import per family file. Order matters for the macros: a family's
// macros may call helpers of a family imported before it (maps and strings use arrays' __trino_array_distinct).
import './common.js';
import './arrays.js';
import './maps.js';
import './strings.js';
import './regexp.js';
import './json.js';
import './datetime.js';
import './math.js';
import './url.js';
import './aggregates.js';
import './binary.js';
import './casts.js';

export {};
