// Glue user-defined functions (what Hive-metastore clients register for `CREATE FUNCTION`):
// CreateUserDefinedFunction, GetUserDefinedFunction, GetUserDefinedFunctions, UpdateUserDefinedFunction,
// DeleteUserDefinedFunction. Stored per database, names lower-cased as Glue stores catalog names; nothing
// runs them (the local Athena engine does not load JARs).
import { validate, type Rule, type Rules } from '../../kit/validate.js';
import { AwsError, type JsonAction } from '../../types.js';
import type { GlueCatalog } from './catalog.js';
import { CATALOG_ID_RULE, checkName, NAME_RULE, pageOf } from './errors.js';
import type { StoredFunction } from './store.js';
import { namePattern } from './tables.js';

const OPTIONAL_NAME: Rule = { type: 'string', min: 1, max: 255 };
const FUNCTION_INPUT: Rule = {
  type: 'structure',
  required: true,
  members: {
    FunctionName: OPTIONAL_NAME,
    ClassName: OPTIONAL_NAME,
    OwnerName: OPTIONAL_NAME,
    FunctionType: { type: 'string', enum: ['REGULAR_FUNCTION', 'AGGREGATE_FUNCTION', 'STORED_PROCEDURE'] },
    OwnerType: { type: 'string', enum: ['USER', 'ROLE', 'GROUP'] },
    ResourceUris: {
      type: 'list',
      min: 0,
      max: 1000,
      member: { type: 'structure', members: { ResourceType: { type: 'string', enum: ['JAR', 'FILE', 'ARCHIVE'] }, Uri: { type: 'string', min: 1, max: 1024 } } },
    },
  },
};
const ONE: Rules = { CatalogId: CATALOG_ID_RULE, DatabaseName: NAME_RULE, FunctionName: NAME_RULE };
const RULES = {
  CreateUserDefinedFunction: { CatalogId: CATALOG_ID_RULE, DatabaseName: NAME_RULE, FunctionInput: FUNCTION_INPUT },
  GetUserDefinedFunction: ONE,
  UpdateUserDefinedFunction: { ...ONE, FunctionInput: FUNCTION_INPUT },
  DeleteUserDefinedFunction: ONE,
  GetUserDefinedFunctions: {
    CatalogId: CATALOG_ID_RULE,
    DatabaseName: OPTIONAL_NAME,
    Pattern: NAME_RULE,
    FunctionType: { type: 'string', enum: ['REGULAR_FUNCTION', 'AGGREGATE_FUNCTION', 'STORED_PROCEDURE'] },
    NextToken: { type: 'string' },
    MaxResults: { type: 'integer', gte: 1, lte: 100 },
  },
} satisfies Record<string, Rules>;

const check = (action: keyof typeof RULES, input: Record<string, unknown>) => validate(input ?? {}, RULES[action], 'InvalidInputException');
const functionNotFound = (name: string) => new AwsError('EntityNotFoundException', `Function ${name} not found.`);

export function functionActions(cat: GlueCatalog): Record<string, JsonAction> {
  const state = cat.store.state;
  const output = (db: string, name: string, f: StoredFunction): Record<string, any> => {
    const { FunctionName: _n, ...rest } = f.input;
    return { FunctionName: name, DatabaseName: db, ...rest, CreateTime: f.createTime / 1000, CatalogId: cat.accountId };
  };
  /** The named function of an existing database, or EntityNotFoundException. */
  const find = (input: any): { db: string; name: string; f: StoredFunction } => {
    const db = checkName(input.DatabaseName, 'databaseName');
    const name = checkName(input.FunctionName, 'functionName');
    cat.database(db);
    const f = state.functions[db]?.[name];
    if (!f) throw functionNotFound(name);
    return { db, name, f };
  };

  return {
    CreateUserDefinedFunction(input, ctx) {
      check('CreateUserDefinedFunction', input);
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.FunctionInput.FunctionName, 'functionInput.functionName');
      cat.database(db);
      const functions = (state.functions[db] ??= {});
      if (functions[name]) throw new AwsError('AlreadyExistsException', 'Function already exists.');
      functions[name] = { input: input.FunctionInput, createTime: ctx.now() };
      cat.store.save();
      return {};
    },
    GetUserDefinedFunction(input) {
      check('GetUserDefinedFunction', input);
      const { db, name, f } = find(input);
      return { UserDefinedFunction: output(db, name, f) };
    },
    GetUserDefinedFunctions(input) {
      check('GetUserDefinedFunctions', input);
      let dbs = Object.keys(state.databases).sort();
      if (input.DatabaseName !== undefined) {
        const db = checkName(input.DatabaseName, 'databaseName');
        cat.database(db);
        dbs = [db];
      }
      const pattern = namePattern(input.Pattern);
      const all = dbs.flatMap((db) =>
        Object.keys(state.functions[db] ?? {})
          .sort()
          .filter((n) => !pattern || pattern.test(n))
          .map((n) => output(db, n, state.functions[db]![n]!))
          .filter((f) => !input.FunctionType || (f.FunctionType ?? 'REGULAR_FUNCTION') === input.FunctionType),
      );
      const { page, next } = pageOf(all, input.NextToken, input.MaxResults, 100);
      return { UserDefinedFunctions: page, ...(next ? { NextToken: next } : {}) };
    },
    UpdateUserDefinedFunction(input) {
      check('UpdateUserDefinedFunction', input);
      const { db, name } = find(input);
      const newName = input.FunctionInput.FunctionName === undefined ? name : checkName(input.FunctionInput.FunctionName, 'functionInput.functionName');
      const functions = state.functions[db]!;
      // A new FunctionName renames the function, as Hive's alterFunction does.
      if (newName !== name && functions[newName]) throw new AwsError('AlreadyExistsException', 'Function already exists.');
      const createTime = functions[name]!.createTime;
      delete functions[name];
      functions[newName] = { input: { ...input.FunctionInput, FunctionName: newName }, createTime };
      cat.store.save();
      return {};
    },
    DeleteUserDefinedFunction(input) {
      check('DeleteUserDefinedFunction', input);
      const { db, name } = find(input);
      delete state.functions[db]![name];
      cat.store.save();
      return {};
    },
  };
}
