// CASTs to and from JSON with Trino's meaning (through the registry's cast hooks, keyed by the DuckDB target type):
// CAST(x AS JSON) makes a JSON value of x (a varchar becomes a JSON string: '[1, 2]' → "[1, 2]"; DuckDB parses the
// text instead), and CAST(json AS VARCHAR) gives a JSON string's text unquoted, a number's or boolean's text, NULL
// for JSON null, and fails for arrays and objects. Every other CAST to varchar is the translator's own.
import { registerFamily } from './registry.js';

const MACROS = [
  // TRY_CAST(x AS JSON) lets the JSON branch bind for any x; typeof(x) is constant, so only one branch runs.
  `CREATE OR REPLACE TEMP MACRO __trino_cast_varchar(x) AS CASE WHEN typeof(x) <> 'JSON' THEN __trino_varchar(x)
     WHEN json_type(TRY_CAST(x AS JSON)) = 'NULL' THEN NULL
     WHEN json_type(TRY_CAST(x AS JSON)) = 'VARCHAR' THEN json_extract_string(TRY_CAST(x AS JSON), '$')
     WHEN json_type(TRY_CAST(x AS JSON)) IN ('ARRAY', 'OBJECT') THEN __trino_fail_as('INVALID_CAST_ARGUMENT: Cannot cast JSON ' || json_type(TRY_CAST(x AS JSON)) || ' to varchar', '')
     ELSE CAST(x AS VARCHAR) END`,
];

/** Calls whose value differs on each evaluation (Trino's nondeterministic functions as DuckDB spells them). */
const VOLATILE = /\b(random|rand|uuid|gen_random_uuid|__trino_shuffle)\s*\(/i;

registerFamily({
  name: 'casts',
  casts: {
    JSON: (expr) => `to_json(${expr})`,
    VARCHAR: (expr, cast) => {
      const n = /^\s*(?:varchar|char)\s*\(\s*(\d+)\s*\)\s*$/i.exec(cast.trinoType)?.[1];
      // The macros use their argument many times and DuckDB inlines it each time: a volatile value (random())
      // is bound once through a one-element list, or every use would see another value.
      const text = VOLATILE.test(expr) ? `list_transform([${expr}], __v -> __trino_cast_varchar(__v))[1]` : `__trino_cast_varchar(${expr})`;
      const sized = n ? `left(${text}, ${n})` : text;
      return cast.tryCast ? `TRY(${sized})` : sized;
    },
  },
  macros: MACROS,
});
