// Scope as SQL: one builder per table that carries region_id. Every list, detail, update, import
// and export takes its WHERE clause from here, so a query cannot return another county's rows, nor
// (for roles with a narrower scope) another area's, school's or person's. Modules never write
// `region_id = …` themselves.
//
// A builder takes the caller (CurrentUser: the role's scope) or `county(id)` / `countyOf(user)`:
// the whole county on purpose — daily jobs, and lookups that must see past the caller's scope
// (an ID number already on the county's roster, the county admins to notify).
import { type SQL, sql } from 'drizzle-orm';
import type { CurrentUser } from '../http/context.js';

export interface County {
  readonly county: number;
}
export type Who = CurrentUser | County;

/** The whole county with this region id. */
export const county = (regionId: number): County => ({ county: regionId });
/** The whole of the caller's county, whatever their role. */
export const countyOf = (user: CurrentUser): County => county(user.regionId);

const isCounty = (who: Who): who is County => 'county' in who;
const regionIdOf = (who: Who) => (isCounty(who) ? who.county : who.regionId);
const col = (alias: string, column: string) => sql.raw(`${alias}.${column}`);

/** `alias.region_id = <the county>`: the rule of tables every role of a county reads whole. */
function inCounty(who: Who, alias: string): SQL {
  return sql`${col(alias, 'region_id')} = ${regionIdOf(who)}`;
}

// ---------- organisation and people ----------

/**
 * schools: county admins and leaders the county; an area admin their area or consortium; a school
 * admin their school. Teachers and trainers see no schools through the roster.
 */
export function schoolScope(who: Who, s = 's'): SQL {
  const region = inCounty(who, s);
  if (isCounty(who)) return region;
  switch (who.role) {
    case 'county_admin':
    case 'leader':
      return region;
    case 'area_admin':
      if (who.consortiumId != null) return sql`(${region} and ${col(s, 'consortium_id')} = ${who.consortiumId})`;
      if (who.areaId != null) return sql`(${region} and ${col(s, 'area_id')} = ${who.areaId})`;
      return sql`false`;
    case 'school_admin':
      return who.schoolId != null ? sql`(${region} and ${col(s, 'id')} = ${who.schoolId})` : sql`false`;
    default:
      return sql`false`;
  }
}

/** teachers (`t`, its school joined as `s`): a teacher themself; admins the teachers of their schools. */
export function teacherScope(who: Who, t = 't', s = 's'): SQL {
  const region = inCounty(who, t);
  if (isCounty(who)) return region;
  if (who.role === 'teacher') {
    return who.teacherId != null ? sql`(${region} and ${col(t, 'id')} = ${who.teacherId})` : sql`false`;
  }
  return sql`(${region} and ${schoolScope(who, s)})`;
}

/** areas: the county's areas (an area admin's lists narrow them to areas holding their schools). */
export const areaScope = (who: Who, a = 'a'): SQL => inCounty(who, a);

/** consortia: as areas. */
export const consortiumScope = (who: Who, c = 'c'): SQL => inCounty(who, c);

/** users (accounts): the county's accounts; managing them is accounts.manage (the county admin). */
export const userScope = (who: Who, u = 'u'): SQL => inCounty(who, u);

/** audit_log: the county's log (audit.read). */
export const auditLogScope = (who: Who, a = 'a'): SQL => inCounty(who, a);

/** jobs: the caller's own background jobs. */
export function jobScope(user: CurrentUser, j = 'jobs'): SQL {
  return sql`(${inCounty(user, j)} and ${col(j, 'user_id')} = ${user.id})`;
}

/** attachments: the county's files; who may open one is decided by its owner's record (attachments module). */
export const attachmentScope = (who: Who, a = 'attachments'): SQL => inCounty(who, a);

/** weekly_reports: the county's weekly snapshots (their per-school figures are filtered by schoolScope). */
export const weeklyReportScope = (who: Who, w = 'weekly_reports'): SQL => inCounty(who, w);

// ---------- training ----------

/** The caller teaches the project (as a project trainer or a session's trainer): `projectId` is SQL. */
export function teachesSql(user: CurrentUser, projectId: SQL): SQL {
  return sql`(
  exists (select 1 from project_trainers pt join trainers tr on tr.id = pt.trainer_id
          where pt.project_id = ${projectId} and tr.user_id = ${user.id})
  or exists (select 1 from project_sessions ps2 join trainers tr on tr.id = ps2.trainer_id
             where ps2.project_id = ${projectId} and tr.user_id = ${user.id}))`;
}

/**
 * projects:
 * - county admin, leader: the whole county;
 * - area and school admins: county and upper-level projects once published (a draft is the
 *   county's work in progress), plus every 校培 project of the schools in their scope;
 * - teacher: published-or-later projects they take part in, or open for self-enrolment (校培 only
 *   of their own school);
 * - trainer: the projects they teach (project_trainers through their trainer record);
 * - provider: the projects commissioned from its training provider (projects.provider_id).
 */
export function projectScope(who: Who, alias = 'p'): SQL {
  const p = sql.raw(alias);
  const region = inCounty(who, alias);
  if (isCounty(who)) return region;
  switch (who.role) {
    case 'county_admin':
    case 'leader':
      return region;
    case 'area_admin':
    case 'school_admin':
      return sql`(${region} and ((${p}.school_id is null and ${p}.status <> 'draft')
        or exists (select 1 from schools ps where ps.id = ${p}.school_id and ${schoolScope(who, 'ps')})))`;
    case 'teacher':
      if (who.teacherId == null) return sql`false`;
      return sql`(${region} and ${p}.status <> 'draft' and (
        exists (select 1 from participations pp where pp.project_id = ${p}.id and pp.teacher_id = ${who.teacherId})
        or (${p}.enrol_mode = 'open' and ${p}.status in ('published', 'enrolling')
            and (${p}.school_id is null
                 or ${p}.school_id = (select tt.school_id from teachers tt where tt.id = ${who.teacherId})))))`;
    case 'trainer':
      return sql`(${region} and exists (select 1 from project_trainers ptr join trainers tr on tr.id = ptr.trainer_id
        where ptr.project_id = ${p}.id and tr.user_id = ${who.id}))`;
    case 'provider':
      // A training provider: the projects commissioned from it, drafts included (it may plan their sessions).
      return who.providerId != null ? sql`(${region} and ${p}.provider_id = ${who.providerId})` : sql`false`;
    default:
      return sql`false`;
  }
}

/** assessment_settings: the county's default pass and excellent lines, read by everyone who assesses. */
export const assessmentSettingsScope = (who: Who, a = 'assessment_settings'): SQL => inCounty(who, a);

/** dictionary_entries: the county's dictionaries (training categories among them), read by everyone. */
export const dictionaryScope = (who: Who, d = 'd'): SQL => inCounty(who, d);

/** trainers: the county's trainer pool (trainers.read; a trainer's own record by user id). */
export const trainerScope = (who: Who, tr = 'tr'): SQL => inCounty(who, tr);

/**
 * participations (`pa`, the teacher's school joined as `s`): a teacher their own; admins those of
 * the teachers of their schools; county-wide roles the county. Whether a project's trainer or
 * manager sees them is projectAccess's decision (access/project-access.ts).
 */
export function participationScope(who: Who, pa = 'pa', s = 's'): SQL {
  const region = inCounty(who, pa);
  if (isCounty(who)) return region;
  if (who.role === 'teacher') {
    return who.teacherId != null ? sql`(${region} and ${col(pa, 'teacher_id')} = ${who.teacherId})` : sql`false`;
  }
  return sql`(${region} and ${schoolScope(who, s)})`;
}

/** project_sessions: rows of the county; reading or managing one is projectAccess's decision. */
export const sessionScope = (who: Who, ps = 'ps'): SQL => inCounty(who, ps);

/** leave_requests: a teacher their own (`pa` = its participation); else as its session (projectAccess). */
export function leaveScope(who: Who, lr = 'lr', pa = 'pa'): SQL {
  const region = inCounty(who, lr);
  if (!isCounty(who) && who.role === 'teacher') {
    return who.teacherId != null ? sql`(${region} and ${col(pa, 'teacher_id')} = ${who.teacherId})` : sql`false`;
  }
  return region;
}

/**
 * certificates (`c`, teacher `t`, school `s`, project `pr`): the holder, the county admins and
 * leaders, the admins whose scope holds the holder's school, the project's trainers and the
 * owning school of a 校培 project.
 */
export function certificateScope(who: Who, c = 'c', t = 't', s = 's', pr = 'pr'): SQL {
  const region = inCounty(who, c);
  if (isCounty(who)) return region;
  const own =
    who.role === 'school_admin' && who.schoolId != null ? sql` or ${col(pr, 'school_id')} = ${who.schoolId}` : sql``;
  return sql`(${region} and (${teacherScope(who, t, s)} or ${teachesSql(who, col(c, 'project_id'))}${own}))`;
}

/** certificate_batches (`b`): a batch's file is its maker's; the project is checked again (projectAccess). */
export function certificateBatchScope(user: CurrentUser, b = 'b'): SQL {
  return sql`(${inCounty(user, b)} and ${col(b, 'user_id')} = ${user.id})`;
}

// ---------- credits ----------

/** credit_ledger (`c`): a teacher's entries are read through teacherScope on their teacher. */
export const creditEntryScope = (who: Who, c = 'c'): SQL => inCounty(who, c);

/** credit_rule_sets: the county's one rule set. */
export const creditRuleScope = (who: Who, r = 'credit_rule_sets'): SQL => inCounty(who, r);

/** credit_statements (`cs`, teacher `t`, school `s`): as the teacher (the teacher themself, admins in scope). */
export function statementScope(who: Who, cs = 'cs', t = 't', s = 's'): SQL {
  if (isCounty(who)) return inCounty(who, cs);
  return sql`(${inCounty(who, cs)} and ${teacherScope(who, t, s)})`;
}

/** credit_applications (`a`, teacher `t`, school `s`): as the teacher. */
export function applicationScope(who: Who, a = 'a', t = 't', s = 's'): SQL {
  if (isCounty(who)) return inCounty(who, a);
  return sql`(${inCounty(who, a)} and ${teacherScope(who, t, s)})`;
}

/** credit_audit_tables: rows of the county; which school's is schoolScope on the joined school. */
export const auditTableScope = (who: Who, at = 'at'): SQL => inCounty(who, at);

/** ethics_records (`e`): rows of the county; whose is teacherScope on the joined teacher. */
export const ethicsScope = (who: Who, e = 'e'): SQL => inCounty(who, e);

// ---------- after training, money, notices ----------

/** report_backs (`rb`, its school `s`): a teacher their own; admins those of their schools. */
export function reportBackScope(who: Who, rb = 'rb', s = 's'): SQL {
  const region = inCounty(who, rb);
  if (isCounty(who)) return region;
  if (who.role === 'teacher') {
    return who.teacherId != null ? sql`(${region} and ${col(rb, 'teacher_id')} = ${who.teacherId})` : sql`false`;
  }
  return sql`(${region} and ${schoolScope(who, s)})`;
}

/** report_back_settings: the county's rule. */
export const reportBackSettingsScope = (who: Who, r = 'report_back_settings'): SQL => inCounty(who, r);

/** reflections (`rf`, its school `s`): a teacher their own; a trainer those of projects they teach; admins their schools'. */
export function reflectionScope(who: Who, rf = 'rf', s = 's'): SQL {
  const region = inCounty(who, rf);
  if (isCounty(who)) return region;
  switch (who.role) {
    case 'teacher':
      return who.teacherId != null ? sql`(${region} and ${col(rf, 'teacher_id')} = ${who.teacherId})` : sql`false`;
    case 'trainer':
      return sql`(${region} and ${teachesSql(who, col(rf, 'project_id'))})`;
    default:
      return sql`(${region} and ${schoolScope(who, s)})`;
  }
}

/**
 * Money rows (budgets, expenses: `school_id` null = the county's), school `s` left-joined: county
 * admins and leaders the county; area and school admins the rows of their schools.
 */
function moneyScope(who: Who, alias: string, s: string): SQL {
  const region = inCounty(who, alias);
  if (isCounty(who) || who.role === 'county_admin' || who.role === 'leader') return region;
  return sql`(${region} and ${col(alias, 'school_id')} is not null and ${schoolScope(who, s)})`;
}

/** budgets (`b`, school `s`). */
export const budgetScope = (who: Who, b = 'b', s = 's'): SQL => moneyScope(who, b, s);

/** expenses (`e`, school `s`). */
export const expenseScope = (who: Who, e = 'e', s = 's'): SQL => moneyScope(who, e, s);

/** money_settings: the county's settings. */
export const moneySettingsScope = (who: Who, m = 'money_settings'): SQL => inCounty(who, m);

/** reimbursement_claims (`c`, school `s`): a teacher their own; trainers none; admins as money rows. */
export function claimScope(who: Who, c = 'c', s = 's'): SQL {
  if (!isCounty(who) && who.role === 'teacher') {
    return who.teacherId != null
      ? sql`(${inCounty(who, c)} and ${col(c, 'teacher_id')} = ${who.teacherId})`
      : sql`false`;
  }
  if (!isCounty(who) && who.role === 'trainer') return sql`false`;
  return moneyScope(who, c, s);
}

/**
 * notices (`n`) the caller manages (sees receipts of): county admins and leaders every notice of
 * the county, a school admin their school's. Reading one as a recipient is notice_recipients'.
 */
export function noticeScope(who: Who, n = 'n'): SQL {
  const region = inCounty(who, n);
  if (isCounty(who)) return region;
  switch (who.role) {
    case 'county_admin':
    case 'leader':
      return region;
    case 'school_admin':
      return who.schoolId != null ? sql`(${region} and ${col(n, 'school_id')} = ${who.schoolId})` : sql`false`;
    default:
      return sql`false`;
  }
}

// ---------- school-based development and reading ----------

/** Is a school in `schoolIds` (SQL int[]) within the caller's schools? */
const anySchoolIn = (who: CurrentUser, schoolIds: SQL) =>
  sql`exists (select 1 from schools rs where rs.id = any(${schoolIds}) and ${schoolScope(who, 'rs')})`;

/**
 * research_activities (`ra`): county-wide roles the county; area and school admins the activities
 * one of their schools hosts or takes part in (`school_ids`); a teacher those they took part in.
 */
export function researchActivityScope(who: Who, ra = 'ra'): SQL {
  const region = inCounty(who, ra);
  if (isCounty(who)) return region;
  switch (who.role) {
    case 'county_admin':
    case 'leader':
      return region;
    case 'area_admin':
    case 'school_admin':
      return sql`(${region} and ${anySchoolIn(who, col(ra, 'school_ids'))})`;
    case 'teacher':
      return who.teacherId != null
        ? sql`(${region} and exists (select 1 from research_participants rpx
            where rpx.activity_id = ${col(ra, 'id')} and rpx.teacher_id = ${who.teacherId}))`
        : sql`false`;
    default:
      return sql`false`;
  }
}

/** research_participants (`rp`): as the teacher's school at the time (`rp.school_id`); a teacher their own. */
export function researchParticipantScope(who: Who, rp = 'rp'): SQL {
  const region = inCounty(who, rp);
  if (isCounty(who)) return region;
  switch (who.role) {
    case 'county_admin':
    case 'leader':
      return region;
    case 'teacher':
      return who.teacherId != null ? sql`(${region} and ${col(rp, 'teacher_id')} = ${who.teacherId})` : sql`false`;
    case 'area_admin':
    case 'school_admin':
      return sql`(${region} and ${anySchoolIn(who, sql`array[${col(rp, 'school_id')}]`)})`;
    default:
      return sql`false`;
  }
}

/** research_plans (`rp`, its school `s`): the admins of the school's scope. */
export function researchPlanScope(who: Who, rp = 'rp', s = 's'): SQL {
  if (isCounty(who)) return inCounty(who, rp);
  return sql`(${inCounty(who, rp)} and ${schoolScope(who, s)})`;
}

/** research_outreach (`o`): county-wide roles the county; admins of the sending or the receiving school. */
export function outreachScope(who: Who, o = 'o'): SQL {
  const region = inCounty(who, o);
  if (isCounty(who) || who.role === 'county_admin' || who.role === 'leader') return region;
  if (who.role !== 'area_admin' && who.role !== 'school_admin') return sql`false`;
  return sql`(${region} and ${anySchoolIn(who, sql`array[${col(o, 'school_id')}, ${col(o, 'target_school_id')}]`)})`;
}

/** research_spot_checks (`sc`): rows of the county; which ones is researchActivityScope on the activity. */
export const spotCheckScope = (who: Who, sc = 'sc'): SQL => inCounty(who, sc);

/** research_settings: the county's settings. */
export const researchSettingsScope = (who: Who, r = 'research_settings'): SQL => inCounty(who, r);

/** reading_books: the county's reading list, read by everyone. */
export const readingBookScope = (who: Who, b = 'b'): SQL => inCounty(who, b);

/**
 * reading_logs, reading_notes and reading_awards (alias with `teacher_id` and `school_id`): a teacher
 * their own; admins those of their schools; county-wide roles the county.
 */
export function readingScope(who: Who, r = 'rl'): SQL {
  const region = inCounty(who, r);
  if (isCounty(who)) return region;
  switch (who.role) {
    case 'county_admin':
    case 'leader':
      return region;
    case 'teacher':
      return who.teacherId != null ? sql`(${region} and ${col(r, 'teacher_id')} = ${who.teacherId})` : sql`false`;
    case 'area_admin':
    case 'school_admin':
      return sql`(${region} and ${anySchoolIn(who, sql`array[${col(r, 'school_id')}]`)})`;
    default:
      return sql`false`;
  }
}

// ---------- people development ----------

/** training_providers: the county's providers (a provider's own account reads its row by id). */
export const providerScope = (who: Who, tp = 'tp'): SQL => inCounty(who, tp);

/** trainer_satisfaction: rows of the county (read with the trainer's record). */
export const satisfactionScope = (who: Who, ts = 'ts'): SQL => inCounty(who, ts);

/**
 * training_teams (and their members): a county-tier team is read by every administrative role of
 * the county; a consortium's or a school's team by the county-wide roles and the admins whose scope
 * holds the school (or a school of the consortium).
 */
export function teamScope(who: Who, tt = 'tt'): SQL {
  const region = inCounty(who, tt);
  if (isCounty(who) || who.role === 'county_admin' || who.role === 'leader') return region;
  return sql`(${region} and (${col(tt, 'tier')} = 'county' or exists (
    select 1 from schools tts where (tts.id = ${col(tt, 'school_id')} or tts.consortium_id = ${col(tt, 'consortium_id')})
      and ${schoolScope(who, 'tts')})))`;
}

/** mentoring_settings: the county's pairing rules. */
export const mentoringSettingsScope = (who: Who, m = 'mentoring_settings'): SQL => inCounty(who, m);

/** A teacher's own rows (`column` names the teacher), or nothing for a user without a teacher record. */
function ownTeacherRows(who: CurrentUser, region: SQL, column: SQL): SQL {
  return who.teacherId != null ? sql`(${region} and ${column} = ${who.teacherId})` : sql`false`;
}

/**
 * honours (`h`, the school it was entered for `s`): a teacher their own; admins those of their
 * schools; county-wide roles the county.
 */
export function honourScope(who: Who, h = 'h', s = 's'): SQL {
  const region = inCounty(who, h);
  if (isCounty(who)) return region;
  if (who.role === 'teacher') return ownTeacherRows(who, region, col(h, 'teacher_id'));
  return sql`(${region} and ${schoolScope(who, s)})`;
}

/**
 * mentoring_pairs (`mp`, the mentee's school `s`): the mentor and the mentee; admins whose scope
 * holds the mentee's school or the mentor's (a consortium pairs across its schools).
 */
export function pairScope(who: Who, mp = 'mp', s = 's'): SQL {
  const region = inCounty(who, mp);
  if (isCounty(who)) return region;
  if (who.role === 'teacher') {
    return who.teacherId != null
      ? sql`(${region} and (${col(mp, 'mentor_id')} = ${who.teacherId} or ${col(mp, 'mentee_id')} = ${who.teacherId}))`
      : sql`false`;
  }
  return sql`(${region} and (${schoolScope(who, s)} or exists (
    select 1 from teachers pmt join schools pms on pms.id = pmt.school_id
    where pmt.id = ${col(mp, 'mentor_id')} and ${schoolScope(who, 'pms')})))`;
}

/**
 * mentoring_rounds (`r`): a school's round is seen by admins whose scope holds the school, a
 * consortium's by those holding any of its schools; a teacher sees the rounds of their school and
 * of its consortium.
 */
export function roundScope(who: Who, r = 'r'): SQL {
  const region = inCounty(who, r);
  if (isCounty(who)) return region;
  const school = col(r, 'school_id');
  const cons = col(r, 'consortium_id');
  if (who.role === 'teacher') {
    if (who.teacherId == null) return sql`false`;
    return sql`(${region} and exists (select 1 from teachers rt join schools rs on rs.id = rt.school_id
      where rt.id = ${who.teacherId} and (rs.id = ${school} or rs.consortium_id = ${cons})))`;
  }
  return sql`(${region} and exists (select 1 from schools rs where (rs.id = ${school} or rs.consortium_id = ${cons})
    and ${schoolScope(who, 'rs')}))`;
}

/**
 * studios (`st`): county-level records every administrative role of the county reads; a teacher
 * the studios they host or belong to.
 */
export function studioScope(who: Who, st = 'st'): SQL {
  const region = inCounty(who, st);
  if (isCounty(who)) return region;
  switch (who.role) {
    case 'county_admin':
    case 'leader':
    case 'area_admin':
    case 'school_admin':
      return region;
    case 'teacher':
      if (who.teacherId == null) return sql`false`;
      return sql`(${region} and (${col(st, 'host_id')} = ${who.teacherId} or exists (
        select 1 from studio_members sm where sm.studio_id = ${col(st, 'id')} and sm.teacher_id = ${who.teacherId})))`;
    default:
      return sql`false`;
  }
}

/** development_plans (`dp`, its school `s`): a teacher their own; admins those of their schools. */
export function planScope(who: Who, dp = 'dp', s = 's'): SQL {
  const region = inCounty(who, dp);
  if (isCounty(who)) return region;
  if (who.role === 'teacher') return ownTeacherRows(who, region, col(dp, 'teacher_id'));
  return sql`(${region} and ${schoolScope(who, s)})`;
}
