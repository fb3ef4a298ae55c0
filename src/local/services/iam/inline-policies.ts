// Inline policies embedded in users and groups: Put/Get/Delete/List{User,Group}Policy, one implementation for
// both. Documents are checked against AWS's identity-policy grammar and come back URL-encoded, as AWS returns
// them. Wording as AWS: "The user policy with name X cannot be found." (404).
import type { QueryAction, QueryParams } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { checkName, encodeDoc, required } from './common.js';
import { iamPage } from './paging.js';
import { checkInlinePolicy } from './policy-grammar.js';

/** The entity a request names: its name as stored, its inline policies, and how to persist a change. */
export interface PolicyHolder {
  name: string;
  policies: Record<string, string>;
  save(): void;
}

export function inlinePolicyActions(noun: 'User' | 'Group', holder: (p: QueryParams) => PolicyHolder): Record<string, QueryAction> {
  const nameParam = `${noun}Name`;
  const missing = (policy: string) => new AwsError('NoSuchEntity', `The ${noun.toLowerCase()} policy with name ${policy} cannot be found.`, 404);
  return {
    [`Put${noun}Policy`](p) {
      const h = holder(p);
      const name = checkName('policyName', required(p, 'PolicyName'), 128);
      const doc = required(p, 'PolicyDocument');
      checkInlinePolicy(noun === 'User' ? 'user' : 'group', h.name, h.policies, name, doc);
      h.policies[name] = doc;
      h.save();
      return '';
    },
    [`Get${noun}Policy`](p) {
      const h = holder(p);
      const name = required(p, 'PolicyName');
      const doc = h.policies[name];
      if (doc === undefined) throw missing(name);
      return xml({ [nameParam]: h.name, PolicyName: name, PolicyDocument: encodeDoc(doc) });
    },
    [`Delete${noun}Policy`](p) {
      const h = holder(p);
      const name = required(p, 'PolicyName');
      if (h.policies[name] === undefined) throw missing(name);
      delete h.policies[name];
      h.save();
      return '';
    },
    [`List${noun}Policies`](p) {
      const got = iamPage(p, Object.keys(holder(p).policies).sort());
      return xml({ PolicyNames: { member: got.items }, IsTruncated: got.IsTruncated, Marker: got.Marker });
    },
  };
}

export const INLINE_NO_RESULT = ['User', 'Group'].flatMap((noun) => [`Put${noun}Policy`, `Delete${noun}Policy`]);
