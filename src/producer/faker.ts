// Faker, loaded lazily (only `produce` pays for it) and only the `en` locale: importing the package root
// pulls every locale into the bundle (DESIGN.md). Each generator gets its own instance driven by our Rng,
// so two producers in one process never share random state.
import type { Faker } from '@faker-js/faker';
import { LakehouseError, ExitCode } from '../errors.js';
import type { Rng } from './random.js';

export type FakerFn = () => unknown;

export async function createFaker(rng: Rng): Promise<Faker> {
  const { faker: shared } = await import('@faker-js/faker/locale/en');
  // The locale module exports only a ready instance; its constructor is the Faker class.
  const FakerClass = shared.constructor as typeof Faker;
  return new FakerClass({ locale: shared.rawDefinitions, randomizer: rng });
}

/** A zero-argument function calling `faker.<method>(args)`; args as an array are spread, anything else is
 * passed as the single argument. Throws a spec error for an unknown method. */
export function fakerFunction(faker: Faker, method: string, args: unknown, where: string): FakerFn {
  const parts = method.split('.');
  let owner: any = faker;
  for (const part of parts.slice(0, -1)) {
    owner = owner?.[part];
  }
  const last = parts[parts.length - 1]!;
  const fn = owner?.[last];
  if (typeof fn !== 'function' || parts.length < 2 || last.startsWith('_')) {
    throw new LakehouseError(
      `${where}: unknown Faker method '${method}'`,
      ExitCode.spec,
      'use a dotted Faker v10 method such as person.firstName, internet.email or number.int',
    );
  }
  const bound = fn.bind(owner) as (...a: unknown[]) => unknown;
  if (args === undefined || args === null) return () => bound();
  if (Array.isArray(args)) return () => bound(...args);
  return () => bound(args);
}
