// Whether a role's trust policy lets a federated principal (an OIDC or SAML provider's ARN) take the role with
// `action` (sts:AssumeRoleWithWebIdentity / sts:AssumeRoleWithSAML), as IAM evaluates it: an Allow statement
// naming the provider under Principal.Federated, with a matching Action and every Condition met, and no
// matching Deny. Conditions are evaluated for the String operators (StringEquals, StringNotEquals, StringLike,
// StringNotLike, their IgnoreCase forms, ForAnyValue:/ForAllValues: and …IfExists) over the claims STS
// passes (`<provider>:aud`, `<provider>:sub`, `SAML:aud`, …); any other operator is not evaluated (README).

type Values = string | string[];
interface Statement {
  Effect?: string;
  Principal?: '*' | { Federated?: Values; [k: string]: Values | undefined };
  Action?: Values;
  NotAction?: Values;
  Condition?: Record<string, Record<string, Values>>;
}

const list = (v: Values | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const glob = (pattern: string, value: string, flags = '') =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags).test(value);

function namesPrincipal(s: Statement, provider: string): boolean {
  if (s.Principal === '*') return true;
  return list(s.Principal?.Federated).some((p) => p === provider || p === '*');
}

function matchesAction(s: Statement, action: string): boolean {
  if (s.NotAction !== undefined) return !list(s.NotAction).some((a) => glob(a, action, 'i'));
  return list(s.Action).some((a) => glob(a, action, 'i'));
}

/** One operator over one key: `actual` are the request's values for the key (absent: undefined). */
function test(operator: string, expected: string[], actual: string[] | undefined): boolean {
  const ifExists = operator.endsWith('IfExists');
  let op = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  let quantifier: 'any' | 'all' | undefined;
  if (op.startsWith('ForAnyValue:')) [quantifier, op] = ['any', op.slice('ForAnyValue:'.length)];
  else if (op.startsWith('ForAllValues:')) [quantifier, op] = ['all', op.slice('ForAllValues:'.length)];
  if (actual === undefined) return ifExists || quantifier === 'all' || op.startsWith('StringNot');
  const ignoreCase = op.endsWith('IgnoreCase');
  const base = ignoreCase ? op.slice(0, -'IgnoreCase'.length) : op;
  const one = (value: string): boolean | undefined => {
    switch (base) {
      case 'StringEquals':
        return expected.some((e) => (ignoreCase ? e.toLowerCase() === value.toLowerCase() : e === value));
      case 'StringNotEquals':
        return !expected.some((e) => (ignoreCase ? e.toLowerCase() === value.toLowerCase() : e === value));
      case 'StringLike':
        return expected.some((e) => glob(e, value, ignoreCase ? 'i' : ''));
      case 'StringNotLike':
        return !expected.some((e) => glob(e, value, ignoreCase ? 'i' : ''));
      default:
        return undefined;
    }
  };
  const results = actual.map(one);
  if (results.some((r) => r === undefined)) return true; // an operator we do not evaluate (README)
  return quantifier === 'all' ? results.every(Boolean) : results.some(Boolean);
}

function conditionsMet(s: Statement, context: Record<string, string[]>): boolean {
  const byKey = Object.fromEntries(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => test(operator, list(expected), byKey[key.toLowerCase()])),
  );
}

/** True when the trust policy document lets `provider` perform `action` with these claims. */
export function trustAllows(document: string, provider: string, action: string, context: Record<string, string[]>): boolean {
  let statements: Statement[];
  try {
    const parsed = JSON.parse(document);
    statements = list(parsed.Statement as any) as unknown as Statement[];
  } catch {
    return false;
  }
  const applies = (s: Statement) => namesPrincipal(s, provider) && matchesAction(s, action) && conditionsMet(s, context);
  if (statements.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s));
}
