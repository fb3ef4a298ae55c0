// Generates src/config/faker-params.json: for every Faker method, its parameters as the published type
// declarations state them (name, optional, and for an options object its keys), so `validate` can check a
// spec's `args` without the TypeScript compiler or Faker's .d.ts at run time (the single binary has neither).
// Run after upgrading @faker-js/faker: node --import tsx scripts/faker/params.ts
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const dts = path.join(path.dirname(require.resolve('@faker-js/faker/package.json')), 'dist/index.d.ts');
const version = (JSON.parse(fs.readFileSync(require.resolve('@faker-js/faker/package.json'), 'utf8')) as { version: string }).version;

const program = ts.createProgram([dts], { strict: true, skipLibCheck: true });
const checker = program.getTypeChecker();
const file = program.getSourceFile(dts)!;
const fakerSym = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!).find((s) => s.name === 'faker')!;
const fakerType = checker.getTypeOfSymbol(fakerSym);

interface Param {
  name: string;
  optional: boolean;
  /** Keys of the options object(s) this parameter accepts; absent when it takes no object. */
  keys?: string[];
  /** Also accepts a plain value (number, string, array, function…). */
  scalar?: boolean;
}

function objectKeys(t: ts.Type): { keys?: string[]; scalar: boolean } {
  const parts = t.isUnion() ? t.types : [t];
  const keys = new Set<string>();
  let scalar = false;
  let object = false;
  for (const p of parts) {
    if (p.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) continue;
    const callable = p.getCallSignatures().length > 0;
    const isArray = checker.isArrayType(p) || checker.isTupleType(p);
    const isDate = p.getSymbol()?.name === 'Date';
    if (p.flags & ts.TypeFlags.Object && !callable && !isArray && !isDate && p.getProperties().length) {
      object = true;
      for (const prop of p.getProperties()) keys.add(prop.name);
    } else {
      scalar = true;
    }
  }
  return { keys: object ? [...keys].sort() : undefined, scalar };
}

const out: Record<string, Param[][]> = {};
for (const mod of fakerType.getProperties()) {
  if (mod.name.startsWith('_') || ['rawDefinitions', 'definitions'].includes(mod.name)) continue;
  const modType = checker.getTypeOfSymbol(mod);
  if (!(modType.flags & ts.TypeFlags.Object) || modType.getCallSignatures().length) continue;
  for (const m of modType.getProperties()) {
    const sigs = checker.getTypeOfSymbol(m).getCallSignatures();
    if (!sigs.length) continue;
    out[`${mod.name}.${m.name}`] = sigs.map((sig) =>
      sig.parameters.map((p) => {
        const decl = p.valueDeclaration as ts.ParameterDeclaration | undefined;
        const optional = !!decl && (!!decl.questionToken || !!decl.initializer || !!decl.dotDotDotToken);
        const { keys, scalar } = objectKeys(checker.getTypeOfSymbol(p));
        return { name: p.name, optional, ...(keys ? { keys } : {}), ...(scalar ? { scalar } : {}) };
      }),
    );
  }
}
const target = path.join(root, 'src/config/faker-params.json');
fs.writeFileSync(target, `${JSON.stringify({ faker: version, methods: out })}\n`);
process.stdout.write(`${Object.keys(out).length} Faker methods → ${path.relative(root, target)}\n`);
