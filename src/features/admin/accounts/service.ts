import type { AccountsDependencies } from './context.ts';
import { createInvitations } from './invitations-service.ts';
import { createOwnAccount } from './own-account-service.ts';
import { createSignIn } from './sign-in-service.ts';
import { createStaffManagement } from './staff-service.ts';

export {
  INVITATION_LIFETIME_MS,
  LOCKOUT,
  PASSWORD_RESET_LIFETIME_MS,
  type AccountsDependencies,
} from './context.ts';
export type { SecondFactorResult, SignInResult } from './sign-in-service.ts';
export type { StaffRecord } from './staff-service.ts';

/**
 * Staff accounts and access: sign-in with its throttle, TOTP MFA, invitations, password resets,
 * the person's own account, and staff management within the actor's organisations.
 * Each command is one transaction with its audit entry inside; messages go after commit.
 */
export function createAccountsService(deps: AccountsDependencies) {
  const { signInAfterSettingPassword, trustAfterReset, ...signIn } = createSignIn(deps);
  return {
    ...signIn,
    ...createInvitations(deps, { signInAfterSettingPassword, trustAfterReset }),
    ...createOwnAccount(deps),
    ...createStaffManagement(deps),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
