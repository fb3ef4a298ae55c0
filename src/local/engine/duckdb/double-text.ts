// Doubles as Athena prints them: Java's Double.toString (Trino's CAST(double AS varchar) and result text).
// DuckDB prints the same shortest round-trip digits in another layout (`10000000.0`, `1e+21`, `1e-05`); Java
// writes plain decimals for 1e-3 <= |x| < 1e7 with at least one fraction digit (`1.5`, `100.0`) and computerized
// scientific notation outside that range (`1.0E7`, `1.79559174E9`, `1.0E-4`), `NaN`, `Infinity`, `-0.0`.
// The macros take DuckDB's text apart into significant digits and a power of ten, then lay them out as Java does.

export const DOUBLE_TEXT_MACROS = [
  // Significant digits of DuckDB's text of |x| (no sign): `0.00120` → `12`, `1.5e-05` → `15`.
  `CREATE OR REPLACE TEMP MACRO __trino_sig_digits(a) AS rtrim(ltrim(replace(split_part(a, 'e', 1), '.', ''), '0'), '0')`,
  // Power of ten of the first significant digit: `0.0012` → -3, `1795591740.0` → 9, `1e+21` → 21.
  `CREATE OR REPLACE TEMP MACRO __trino_pow10(a) AS
     length(split_part(split_part(a, 'e', 1), '.', 1)) - 1
     - (length(replace(split_part(a, 'e', 1), '.', '')) - length(ltrim(replace(split_part(a, 'e', 1), '.', ''), '0')))
     + CASE WHEN contains(a, 'e') THEN CAST(split_part(a, 'e', 2) AS INTEGER) ELSE 0 END`,
  `CREATE OR REPLACE TEMP MACRO __trino_java_layout(sign, d, p) AS sign || CASE
     WHEN p BETWEEN 0 AND 6 THEN rpad(substr(d, 1, p + 1), CAST(p + 1 AS INTEGER), '0') || '.' || coalesce(nullif(substr(d, p + 2), ''), '0')
     WHEN p BETWEEN -3 AND -1 THEN '0.' || repeat('0', -p - 1) || d
     ELSE substr(d, 1, 1) || '.' || coalesce(nullif(substr(d, 2), ''), '0') || 'E' || p END`,
  `CREATE OR REPLACE TEMP MACRO __trino_double_text(x) AS CASE
     WHEN x IS NULL THEN NULL
     WHEN isnan(x) THEN 'NaN'
     WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END
     WHEN x = 0 THEN CASE WHEN CAST(x AS VARCHAR) LIKE '-%' THEN '-0.0' ELSE '0.0' END
     ELSE __trino_java_layout(CASE WHEN x < 0 THEN '-' ELSE '' END,
       __trino_sig_digits(ltrim(CAST(x AS VARCHAR), '-')), __trino_pow10(ltrim(CAST(x AS VARCHAR), '-'))) END`,
];
