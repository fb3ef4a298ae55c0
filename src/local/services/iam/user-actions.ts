// IAM users: create, get (no UserName: the caller, as AWS answers for the key that signed), update (rename,
// new path), list (PathPrefix, MaxItems/Marker), delete (DeleteConflict while anything hangs off the user),
// permissions boundary (as roles have it), tags. Wording as AWS: "The user with name X cannot be found." (404),
// "User with name X already exists." (409).
import type { QueryAction } from '../../protocol/query.js';
import { xml, type XmlNode } from '../../protocol/xml.js';
import type { RequestContext } from '../../types.js';
import { AwsError } from '../../types.js';
import { boundaryXml, checkName, checkPath, checkPathPrefix, iamId, iamTime, newNameAndPath, required } from './common.js';
import { iamPage } from './paging.js';
import { checkBoundary } from './role-settings.js';
import { requestTags, taggingActions, tagsXml } from './tags.js';
import type { User, UserStore } from './users.js';

/** GetUser's shape; CreateUser has no PasswordLastUsed; ListUsers has neither tags nor boundary. */
export function userXml(u: User, shape: 'get' | 'create' | 'list' = 'get'): XmlNode {
  return {
    Path: u.Path,
    UserName: u.UserName,
    UserId: u.UserId,
    Arn: u.Arn,
    CreateDate: iamTime(u.CreateDate),
    PasswordLastUsed: shape !== 'create' && u.PasswordLastUsed ? iamTime(u.PasswordLastUsed) : undefined,
    PermissionsBoundary: shape !== 'list' ? boundaryXml(u.PermissionsBoundary) : undefined,
    Tags: shape !== 'list' ? tagsXml(u.Tags) : undefined,
  };
}

/** `policyExists`: whether a customer managed policy ARN exists (permissions boundaries must). */
export function userActions(users: UserStore, accountId: string, now: () => number, policyExists: (arn: string) => boolean): Record<string, QueryAction> {
  /** GetUser without a name: the user whose access key signed, else the account's root user. Temporary
   *  credentials (STS's ASIA… keys, e.g. an assumed role's) name no user: AWS refuses them. */
  function caller(ctx: RequestContext): XmlNode {
    const owner = ctx.accessKeyId ? users.byAccessKey(ctx.accessKeyId) : undefined;
    if (owner) return userXml(owner.user);
    if (ctx.accessKeyId?.startsWith('ASIA')) throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
    return { UserId: accountId, Arn: `arn:aws:iam::${accountId}:root`, CreateDate: iamTime(users.accountCreated) };
  }

  users.guardDelete((u) => (Object.keys(u.policies).length ? 'Cannot delete entity, must delete policies first.' : undefined));

  return {
    CreateUser(p) {
      const name = checkName('userName', required(p, 'UserName'), 64);
      const userPath = checkPath(p.Path ?? '/');
      const tags = requestTags(p);
      const boundary = p.PermissionsBoundary === undefined ? undefined : checkBoundary(p.PermissionsBoundary, policyExists);
      if (users.find(name)) throw new AwsError('EntityAlreadyExists', `User with name ${name} already exists.`, 409);
      const user: User = {
        UserName: name, UserId: iamId('AIDA'), Path: userPath, Arn: users.arnFor(userPath, name), CreateDate: now(),
        PermissionsBoundary: boundary, Tags: tags, policies: {}, groups: [], accessKeys: [],
      };
      users.put(user);
      return xml({ User: userXml(user, 'create') });
    },
    GetUser: (p, ctx) => xml({ User: p.UserName === undefined ? caller(ctx) : userXml(users.get(p.UserName)) }),
    UpdateUser(p) {
      const user = users.get(required(p, 'UserName'));
      const { name, path } = newNameAndPath(p, 'User', { name: user.UserName, path: user.Path, entity: user }, 64, (n) => users.find(n));
      user.UserName = name;
      user.Path = path;
      user.Arn = users.arnFor(path, name);
      users.save();
      return '';
    },
    ListUsers(p) {
      const prefix = checkPathPrefix(p.PathPrefix ?? '/');
      const got = iamPage(p, users.all().filter((u) => u.Path.startsWith(prefix)));
      return xml({ Users: { member: got.items.map((u) => userXml(u, 'list')) }, IsTruncated: got.IsTruncated, Marker: got.Marker });
    },
    DeleteUser(p) {
      users.remove(users.get(required(p, 'UserName')));
      return '';
    },
    PutUserPermissionsBoundary(p) {
      const user = users.get(required(p, 'UserName'));
      user.PermissionsBoundary = checkBoundary(required(p, 'PermissionsBoundary'), policyExists);
      users.save();
      return '';
    },
    DeleteUserPermissionsBoundary(p) {
      const user = users.get(required(p, 'UserName'));
      delete user.PermissionsBoundary;
      users.save();
      return '';
    },
    ...taggingActions('User', (p) => users.get(required(p, 'UserName')), () => users.save()),
  };
}

export const USER_NO_RESULT = ['UpdateUser', 'DeleteUser', 'PutUserPermissionsBoundary', 'DeleteUserPermissionsBoundary', 'TagUser', 'UntagUser'];
