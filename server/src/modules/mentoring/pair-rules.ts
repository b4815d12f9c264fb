// The rules every new pair meets, whether the school pairs directly or confirms a mentee's choice:
// no self-pairing; both teachers in the caller's scope and in service; the mentee a new or young
// teacher unless the school gives a reason; one standing pair per mentee and year; the mentor
// within the county's load limit.
import { menteeProblem } from '@shixun/common';
import { county, type Who } from '../../access/scope.js';
import type { Tx } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { conflict, forbidden, invalid } from '../../http/errors.js';
import { insertPair, loadSettings, menteePairOf, mentorLoad, type PersonRow, teachersIn } from './mentoring.repo.js';

export interface NewPair {
  mentorId: number;
  menteeId: number;
  year: number;
  termYears?: number;
  goals?: string | null;
  overrideReason?: string | null;
  roundId?: number | null;
  choiceId?: number | null;
}

const OUT_OF_SCOPE = '师傅和徒弟须都是您管理范围内的在职教师';

/**
 * Checks the rules and inserts the pair (counted at the mentee's school). `mentorScope` widens
 * where the mentor may come from (a consortium round confirmed by the mentee's school).
 */
export async function createCheckedPair(
  tx: Tx,
  user: CurrentUser,
  p: NewPair,
  opts: { mentorScope?: Who } = {},
): Promise<{ id: number; mentor: PersonRow; mentee: PersonRow; overridden: boolean }> {
  if (p.mentorId === p.menteeId)
    throw invalid('不能与自己结对：师傅和徒弟须是两位教师', { menteeId: '不能与自己结对' });
  const [menteeRows, mentorRows] = await Promise.all([
    teachersIn(tx, user, [p.menteeId]),
    teachersIn(tx, opts.mentorScope ?? user, [p.mentorId]),
  ]);
  const mentee = menteeRows[0];
  const mentor = mentorRows[0];
  if (!mentee || !mentor) throw forbidden(OUT_OF_SCOPE);
  for (const t of [mentor, mentee]) {
    if (t.status !== '在职') throw conflict(`${t.name}当前为“${t.status}”，不能结对`);
  }
  const settings = await loadSettings(tx, user.regionId);
  const problem = menteeProblem(
    { hireDate: mentee.hire_date, birthYear: mentee.birth_year == null ? null : Number(mentee.birth_year) },
    settings,
    p.year,
  );
  const reason = p.overrideReason?.trim() || null;
  if (problem && !reason) {
    throw invalid(`${mentee.name}：${problem}。如确需结对，请填写理由`, { overrideReason: '请填写结对理由' });
  }
  const existing = await menteePairOf(tx, mentee.id, p.year);
  if (existing) throw conflict(`${mentee.name}在${p.year}年已与${existing.mentor_name}结对`);
  const load = await mentorLoad(tx, mentor.id, p.year);
  if (load >= settings.mentorMaxMentees) {
    throw conflict(
      `${mentor.name}在${p.year}年已带${load}名徒弟，达到本县每位师傅最多${settings.mentorMaxMentees}名的上限`,
    );
  }
  const id = await insertPair(tx, {
    regionId: user.regionId,
    schoolId: mentee.school_id,
    mentorId: mentor.id,
    menteeId: mentee.id,
    year: p.year,
    termYears: p.termYears ?? 1,
    goals: p.goals?.trim() || null,
    overrideReason: problem ? reason : null,
    roundId: p.roundId ?? null,
    choiceId: p.choiceId ?? null,
    createdBy: user.id,
  });
  return { id, mentor, mentee, overridden: !!problem };
}

/** The whole county, for a mentor offered in a round the caller may see. */
export const anyMentorOf = (user: CurrentUser): Who => county(user.regionId);
