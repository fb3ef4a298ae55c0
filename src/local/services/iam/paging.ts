// IAM's list paging: MaxItems (1–1000, default 100) and an opaque Marker; answers IsTruncated and, when
// truncated, the Marker for the next call. The marker is the pagination kit's offset token bound to the
// action that issued it (the request's Action), so a Marker from another listing is refused as AWS does.
import type { QueryParams } from '../../protocol/query.js';
import { page } from '../../kit/paginate.js';
import { AwsError } from '../../types.js';
import { validationError } from './common.js';

export interface IamPage<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/** One page of a listing. Pass the listing as a function to check MaxItems before looking anything up, as
 *  AWS validates a request before it finds the entity named (ListRolePolicies of an unknown role with
 *  MaxItems 0 is a ValidationError). */
export function iamPage<T>(p: QueryParams, all: T[] | (() => T[])): IamPage<T> {
  let size = 100;
  if (p.MaxItems !== undefined) {
    size = Number(p.MaxItems);
    if (!Number.isInteger(size)) throw new AwsError('ValidationError', `Value '${p.MaxItems}' for parameter MaxItems is invalid.`, 400);
    if (size < 1) throw validationError('maxItems', p.MaxItems, 'Member must have value greater than or equal to 1');
    if (size > 1000) throw validationError('maxItems', p.MaxItems, 'Member must have value less than or equal to 1000');
  }
  const got = page(typeof all === 'function' ? all() : all, p.Marker, size, () => new AwsError('ValidationError', 'Invalid Marker.', 400), p.Action);
  return { items: got.items, IsTruncated: got.next !== undefined, Marker: got.next };
}
