// The shared password policy (common/src/credentials.ts) with what only the server knows about the
// account: its username, phones and full ID number, so none of them can be the password.
import { passwordProblem } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { type Exec, one } from '../../db/client.js';
import { invalid } from '../../http/errors.js';
import type { IdCipher } from '../../lib/crypto.js';

export interface PolicySubject {
  username: string;
  phone?: string | null;
  teacherPhone?: string | null;
  idEnc?: string | null;
}

/** Throws 400 with `fields[field]` when the password breaks the policy for this account. */
export function assertPasswordAllowed(cipher: IdCipher, who: PolicySubject, password: string, field = 'newPassword') {
  let idNumber: string | null = null;
  if (who.idEnc) {
    try {
      idNumber = cipher.decrypt(who.idEnc);
    } catch {
      idNumber = null;
    }
  }
  const problem =
    passwordProblem(password, { username: who.username, phone: who.phone, idNumber }) ??
    (who.teacherPhone ? passwordProblem(password, { phone: who.teacherPhone }) : null);
  if (problem) throw invalid(problem, { [field]: problem });
}

/** The policy subject of a stored account. */
export async function policySubject(exec: Exec, userId: number): Promise<PolicySubject | null> {
  return (
    (await one<PolicySubject>(
      exec,
      sql`select u.username, u.phone, t.phone as "teacherPhone", t.id_enc as "idEnc"
          from users u left join teachers t on t.id = u.teacher_id where u.id = ${userId}`,
    )) ?? null
  );
}
