// IAM users' access keys: CreateAccessKey (at most 2 per user, LimitExceeded), ListAccessKeys, UpdateAccessKey
// (Active/Inactive), DeleteAccessKey, GetAccessKeyLastUsed. Without UserName the user is the one whose key
// signed the request, as AWS does. Keys made here sign requests to the emulator as their user: STS
// GetCallerIdentity answers the user's ARN while the key is Active (IamInternal.userByAccessKey); an Inactive
// key is refused by every service (emulator.ts, IamInternal.accessKeyInactive).
// Root access keys are not emulated (NotImplemented when root asks for one).
import { randomBytes } from 'node:crypto';
import type { QueryAction, QueryParams } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import { AwsError, type RequestContext } from '../../types.js';
import { iamId, iamTime, required, validationError } from './common.js';
import { iamPage } from './paging.js';
import type { AccessKey, User, UserStore } from './users.js';

const MAX_KEYS = 2;

/** AKIA and 16 base32 characters, as AWS's long-term key ids. */
const accessKeyId = () => iamId('AKIA').slice(0, 20);
const secret = () => randomBytes(30).toString('base64');

export function accessKeyActions(users: UserStore, now: () => number): Record<string, QueryAction> {
  users.guardDelete((u) => (u.accessKeys.length ? 'Cannot delete entity, must delete access keys first.' : undefined));

  function owner(p: QueryParams, ctx: RequestContext): User {
    const user = users.subject(p.UserName, ctx.accessKeyId);
    if (!user) throw new AwsError('NotImplemented', 'Access keys of the root user are not emulated; name an IAM user (UserName).', 501);
    return user;
  }
  function key(p: QueryParams, ctx: RequestContext): { user: User; key: AccessKey } {
    const id = required(p, 'AccessKeyId');
    const user = users.subject(p.UserName, ctx.accessKeyId);
    const found = user?.accessKeys.find((k) => k.AccessKeyId === id);
    if (!user || !found) throw new AwsError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404);
    return { user, key: found };
  }

  return {
    CreateAccessKey(p, ctx) {
      const user = owner(p, ctx);
      if (user.accessKeys.length >= MAX_KEYS) throw new AwsError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS}`, 409);
      const created: AccessKey = { AccessKeyId: accessKeyId(), SecretAccessKey: secret(), Status: 'Active', CreateDate: now() };
      user.accessKeys.push(created);
      users.save();
      return xml({
        AccessKey: { UserName: user.UserName, AccessKeyId: created.AccessKeyId, Status: created.Status, SecretAccessKey: created.SecretAccessKey, CreateDate: iamTime(created.CreateDate) },
      });
    },
    ListAccessKeys(p, ctx) {
      const user = users.subject(p.UserName, ctx.accessKeyId);
      const got = iamPage(p, user?.accessKeys ?? []);
      const member = got.items.map((k) => ({ UserName: user!.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: iamTime(k.CreateDate) }));
      return xml({ AccessKeyMetadata: { member }, IsTruncated: got.IsTruncated, Marker: got.Marker });
    },
    UpdateAccessKey(p, ctx) {
      const status = required(p, 'Status');
      if (status !== 'Active' && status !== 'Inactive') throw validationError('status', status, 'Member must satisfy enum value set: [Active, Inactive]');
      const found = key(p, ctx);
      found.key.Status = status;
      users.save();
      return '';
    },
    DeleteAccessKey(p, ctx) {
      const found = key(p, ctx);
      found.user.accessKeys = found.user.accessKeys.filter((k) => k !== found.key);
      users.save();
      return '';
    },
    GetAccessKeyLastUsed(p) {
      const id = required(p, 'AccessKeyId');
      const found = users.byAccessKey(id);
      if (!found) throw new AwsError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404);
      const used = found.key.lastUsed;
      return xml({
        UserName: found.user.UserName,
        AccessKeyLastUsed: used
          ? { LastUsedDate: iamTime(used.date), ServiceName: used.service, Region: used.region }
          : { ServiceName: 'N/A', Region: 'N/A' },
      });
    },
  };
}

export const ACCESS_KEY_NO_RESULT = ['UpdateAccessKey', 'DeleteAccessKey'];
