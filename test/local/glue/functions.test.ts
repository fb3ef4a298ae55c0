// Glue user-defined functions and GetCatalogImportStatus through the real JS SDK in-process: create, get, list
// by pattern across databases, update (rename), delete, their AWS errors, and DeleteDatabase dropping them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateDatabaseCommand,
  CreateUserDefinedFunctionCommand,
  DeleteDatabaseCommand,
  DeleteUserDefinedFunctionCommand,
  GetCatalogImportStatusCommand,
  GetUserDefinedFunctionCommand,
  GetUserDefinedFunctionsCommand,
  UpdateUserDefinedFunctionCommand,
  type UserDefinedFunctionInput,
} from '@aws-sdk/client-glue';
import { openCatalog, type LocalTestClients } from './setup.js';

let c: LocalTestClients;
before(async () => {
  c = await openCatalog({ databases: ['fa', 'fb'] });
});
after(() => c.close());

const fn = (name: string, cls = 'com.example.Upper'): UserDefinedFunctionInput => ({
  FunctionName: name,
  ClassName: cls,
  OwnerName: 'owner',
  OwnerType: 'USER',
  ResourceUris: [{ ResourceType: 'JAR', Uri: 's3://lake/jars/udf.jar' }],
});
const listed = async (Pattern: string, DatabaseName?: string) =>
  (await c.glue.send(new GetUserDefinedFunctionsCommand({ Pattern, DatabaseName }))).UserDefinedFunctions?.map((f) => `${f.DatabaseName}.${f.FunctionName}`);

test('user-defined functions: create, get, list, update, delete, with AWS errors', async () => {
  await c.glue.send(new CreateUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionInput: fn('Upper') }));
  await c.glue.send(new CreateUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionInput: fn('lower') }));
  await c.glue.send(new CreateUserDefinedFunctionCommand({ DatabaseName: 'fb', FunctionInput: fn('upper_b') }));
  const { UserDefinedFunction: f } = await c.glue.send(new GetUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionName: 'upper' }));
  assert.equal(f?.FunctionName, 'upper');
  assert.equal(f?.DatabaseName, 'fa');
  assert.equal(f?.ClassName, 'com.example.Upper');
  assert.deepEqual(f?.ResourceUris, [{ ResourceType: 'JAR', Uri: 's3://lake/jars/udf.jar' }]);
  assert.equal(f?.CatalogId, '000000000000');
  assert.ok(f?.CreateTime instanceof Date);

  assert.deepEqual(await listed('*'), ['fa.lower', 'fa.upper', 'fb.upper_b'], 'no DatabaseName: every database');
  assert.deepEqual(await listed('up*'), ['fa.upper', 'fb.upper_b']);
  assert.deepEqual(await listed('*', 'fb'), ['fb.upper_b']);

  await assert.rejects(c.glue.send(new CreateUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionInput: fn('UPPER') })), {
    name: 'AlreadyExistsException',
  });
  await assert.rejects(c.glue.send(new CreateUserDefinedFunctionCommand({ DatabaseName: 'nodb', FunctionInput: fn('x') })), {
    name: 'EntityNotFoundException',
    message: 'Database nodb not found.',
  });
  await assert.rejects(c.glue.send(new GetUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionName: 'nope' })), {
    name: 'EntityNotFoundException',
    message: 'Function nope not found.',
  });
  await assert.rejects(c.glue.send(new CreateUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionInput: { ...fn('t'), OwnerType: 'BOSS' as 'USER' } })), {
    name: 'InvalidInputException',
    message: /at 'functionInput.ownerType' failed to satisfy constraint: Member must satisfy enum value set: \[USER, ROLE, GROUP\]$/,
  });

  await c.glue.send(new UpdateUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionName: 'lower', FunctionInput: fn('lower', 'com.example.Lower2') }));
  assert.equal((await c.glue.send(new GetUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionName: 'lower' }))).UserDefinedFunction?.ClassName, 'com.example.Lower2');
  await c.glue.send(new UpdateUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionName: 'lower', FunctionInput: fn('lower_v2') }));
  assert.deepEqual(await listed('lower*', 'fa'), ['fa.lower_v2'], 'a new FunctionName renames');

  await c.glue.send(new DeleteUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionName: 'lower_v2' }));
  await assert.rejects(c.glue.send(new DeleteUserDefinedFunctionCommand({ DatabaseName: 'fa', FunctionName: 'lower_v2' })), { name: 'EntityNotFoundException' });

  await c.glue.send(new DeleteDatabaseCommand({ Name: 'fb' }));
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'fb' } }));
  assert.deepEqual(await listed('*', 'fb'), [], 'DeleteDatabase dropped its functions');
});

test('GetCatalogImportStatus: the local catalog is a Glue catalog (import completed)', async () => {
  const { ImportStatus } = await c.glue.send(new GetCatalogImportStatusCommand({}));
  assert.equal(ImportStatus?.ImportCompleted, true);
});
