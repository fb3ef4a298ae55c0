// Account-wide IAM settings: the account alias (at most one per account) and the account password policy
// (Update/Get/Delete; parameters left out take AWS's documented defaults). State in
// `<dataDir>/iam/account.json`. Wording as AWS (NoSuchEntity for a missing policy names the account).
import { xml } from '../../protocol/xml.js';
import { validate, type Rules } from '../../kit/validate.js';
import { AwsError } from '../../types.js';
import { flag, iamState, intParam, required, validationError, type IamModule } from './common.js';

interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  MaxPasswordAge: number;
  PasswordReusePrevention: number;
  HardExpiry?: boolean;
}

const ALIAS = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

const POLICY_RULES: Rules = {
  MinimumPasswordLength: { type: 'integer', gte: 6, lte: 128 },
  MaxPasswordAge: { type: 'integer', gte: 1, lte: 1095 },
  PasswordReusePrevention: { type: 'integer', gte: 1, lte: 24 },
};

/** A password against the account's custom policy (none set: nothing to check here), in AWS's wording. */
function checkPassword(password: string, policy: PasswordPolicy | undefined): void {
  if (!policy) return;
  const ok = password.length >= policy.MinimumPasswordLength
    && (!policy.RequireSymbols || /[!@#$%^&*()_+\-=[\]{}|']/.test(password))
    && (!policy.RequireNumbers || /\d/.test(password))
    && (!policy.RequireUppercaseCharacters || /[A-Z]/.test(password))
    && (!policy.RequireLowercaseCharacters || /[a-z]/.test(password));
  if (!ok) throw new AwsError('PasswordPolicyViolation', 'Password does not conform to the account password policy.', 400);
}

/** The account's actions, and the check a new console password must pass (login-profiles.ts). */
export function accountActions(dataDir: string, accountId: string): IamModule & { passwordRule(password: string): void } {
  const { state, save } = iamState<{ aliases: string[]; passwordPolicy?: PasswordPolicy }>(dataDir, 'account', { aliases: [] });
  return {
    passwordRule: (password) => checkPassword(password, state.passwordPolicy),
    actions: {
      CreateAccountAlias(p) {
        const alias = required(p, 'AccountAlias');
        if (alias.length < 3) throw validationError('accountAlias', alias, 'Member must have length greater than or equal to 3');
        if (alias.length > 63) throw validationError('accountAlias', alias, 'Member must have length less than or equal to 63');
        if (!ALIAS.test(alias)) throw validationError('accountAlias', alias, 'Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$');
        if (state.aliases.includes(alias)) return '';
        if (state.aliases.length) throw new AwsError('LimitExceeded', 'Cannot exceed quota for AccountAliasesPerAccount: 1', 409);
        state.aliases.push(alias);
        save();
        return '';
      },
      DeleteAccountAlias(p) {
        const alias = required(p, 'AccountAlias');
        if (!state.aliases.includes(alias)) throw new AwsError('NoSuchEntity', `The account alias ${alias} cannot be found.`, 404);
        state.aliases = state.aliases.filter((a) => a !== alias);
        save();
        return '';
      },
      ListAccountAliases: () => xml({ AccountAliases: { member: state.aliases }, IsTruncated: false }),

      UpdateAccountPasswordPolicy(p) {
        const numbers = { MinimumPasswordLength: intParam(p, 'MinimumPasswordLength'), MaxPasswordAge: intParam(p, 'MaxPasswordAge'), PasswordReusePrevention: intParam(p, 'PasswordReusePrevention') };
        validate(numbers, POLICY_RULES, 'ValidationError');
        state.passwordPolicy = {
          MinimumPasswordLength: numbers.MinimumPasswordLength ?? 6,
          RequireSymbols: flag(p.RequireSymbols),
          RequireNumbers: flag(p.RequireNumbers),
          RequireUppercaseCharacters: flag(p.RequireUppercaseCharacters),
          RequireLowercaseCharacters: flag(p.RequireLowercaseCharacters),
          AllowUsersToChangePassword: flag(p.AllowUsersToChangePassword),
          MaxPasswordAge: numbers.MaxPasswordAge ?? 0,
          PasswordReusePrevention: numbers.PasswordReusePrevention ?? 0,
          HardExpiry: p.HardExpiry === undefined ? undefined : flag(p.HardExpiry),
        };
        save();
        return '';
      },
      GetAccountPasswordPolicy() {
        const policy = state.passwordPolicy;
        if (!policy) throw new AwsError('NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`, 404);
        return xml({
          PasswordPolicy: {
            MinimumPasswordLength: policy.MinimumPasswordLength,
            RequireSymbols: policy.RequireSymbols,
            RequireNumbers: policy.RequireNumbers,
            RequireUppercaseCharacters: policy.RequireUppercaseCharacters,
            RequireLowercaseCharacters: policy.RequireLowercaseCharacters,
            AllowUsersToChangePassword: policy.AllowUsersToChangePassword,
            ExpirePasswords: policy.MaxPasswordAge > 0,
            // Unset limits are left out, as AWS answers them.
            MaxPasswordAge: policy.MaxPasswordAge || undefined,
            PasswordReusePrevention: policy.PasswordReusePrevention || undefined,
            HardExpiry: policy.HardExpiry,
          },
        });
      },
      DeleteAccountPasswordPolicy() {
        if (!state.passwordPolicy) throw new AwsError('NoSuchEntity', 'The account policy with name PasswordPolicy cannot be found.', 404);
        delete state.passwordPolicy;
        save();
        return '';
      },
    },
    noResult: ['CreateAccountAlias', 'DeleteAccountAlias', 'UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'],
  };
}
