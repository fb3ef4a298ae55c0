// IAM users' console passwords (login profiles): Create/Get/Update/DeleteLoginProfile. The password itself is
// never kept (nothing signs in to a local console); it is checked against the model's constraints and, when
// one is wired in, the account's password policy. Without UserName the user is the one whose key signed.
// Wording as AWS: "Login Profile for User X cannot be found." (404), "Login Profile for user X already
// exists." (409), DeleteUser's "Cannot delete entity, must delete login profile first."
import type { QueryAction, QueryParams } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import { AwsError, type RequestContext } from '../../types.js';
import { iamTime, required, validationError } from './common.js';
import type { LoginProfile, User, UserStore } from './users.js';

const PASSWORD = /^[\t\n\r\x20-\xff]+$/;

/** Throws PasswordPolicyViolation when a password breaks the account's policy. */
export type PasswordRule = (password: string) => void;

export function loginProfileActions(users: UserStore, now: () => number, passwordRule: PasswordRule = () => {}): Record<string, QueryAction> {
  users.guardDelete((u) => (u.loginProfile ? 'Cannot delete entity, must delete login profile first.' : undefined));

  function subject(p: QueryParams, ctx: RequestContext): User {
    const user = users.subject(p.UserName, ctx.accessKeyId);
    if (!user) throw new AwsError('NotImplemented', 'The root user\'s password is not emulated; name an IAM user (UserName).', 501);
    return user;
  }
  function withProfile(p: QueryParams, ctx: RequestContext): { user: User; profile: LoginProfile } {
    const user = subject(p, ctx);
    if (!user.loginProfile) throw new AwsError('NoSuchEntity', `Login Profile for User ${user.UserName} cannot be found.`, 404);
    return { user, profile: user.loginProfile };
  }
  function checkPassword(password: string): void {
    if (password.length > 128) throw validationError('password', '********', 'Member must have length less than or equal to 128');
    if (!PASSWORD.test(password)) throw validationError('password', '********', 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+');
    passwordRule(password);
  }
  const profileXml = (u: User) => ({ UserName: u.UserName, CreateDate: iamTime(u.loginProfile!.CreateDate), PasswordResetRequired: u.loginProfile!.PasswordResetRequired });

  return {
    CreateLoginProfile(p, ctx) {
      const user = subject(p, ctx);
      const password = required(p, 'Password');
      if (user.loginProfile) throw new AwsError('EntityAlreadyExists', `Login Profile for user ${user.UserName} already exists.`, 409);
      checkPassword(password);
      user.loginProfile = { CreateDate: now(), PasswordResetRequired: p.PasswordResetRequired === 'true' };
      users.save();
      return xml({ LoginProfile: profileXml(user) });
    },
    GetLoginProfile: (p, ctx) => xml({ LoginProfile: profileXml(withProfile(p, ctx).user) }),
    UpdateLoginProfile(p, ctx) {
      const { profile } = withProfile({ ...p, UserName: required(p, 'UserName') }, ctx);
      if (p.Password !== undefined) checkPassword(p.Password);
      if (p.PasswordResetRequired !== undefined) profile.PasswordResetRequired = p.PasswordResetRequired === 'true';
      users.save();
      return '';
    },
    DeleteLoginProfile(p, ctx) {
      const { user } = withProfile(p, ctx);
      delete user.loginProfile;
      users.save();
      return '';
    },
  };
}

export const LOGIN_PROFILE_NO_RESULT = ['UpdateLoginProfile', 'DeleteLoginProfile'];
