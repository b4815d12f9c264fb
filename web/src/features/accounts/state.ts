// Colours of the account states (ACCOUNT_STATES), shared by the accounts and teacher pages.
import type { AccountState } from '@shixun/common';

export const STATE_COLOR: Record<AccountState, string> = {
  active: 'green',
  code_issued: 'blue',
  code_expired: 'orange',
  pending: 'default',
  legacy: 'red',
};
