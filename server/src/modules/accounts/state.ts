// Where an account is between creation and first use, as SQL every list shares: joined through the
// account's live activation code (at most one: a unique partial index).
import { sql } from 'drizzle-orm';

/** Left join of the live code, aliased `ac`, onto `users u`. */
export const LIVE_CODE_JOIN = sql`left join activation_codes ac
  on ac.user_id = u.id and ac.used_at is null and ac.revoked_at is null`;

/** active | legacy | code_issued | code_expired | pending (see ACCOUNT_STATES). */
export const ACCOUNT_STATE = sql`case when u.password_hash is not null then 'active'
  when u.legacy_id_password then 'legacy'
  when ac.id is not null and ac.expires_at > now() then 'code_issued'
  when ac.id is not null then 'code_expired'
  else 'pending' end`;

/** Sign-ins to the account are being slowed down right now. */
export const BACKOFF_ACTIVE = sql`exists (select 1 from login_backoff b
  where b.user_id = u.id and b.blocked_until > now())`;
