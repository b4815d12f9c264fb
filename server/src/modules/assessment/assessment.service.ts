// Assessment (考核) and completion (结业): scores and results per participant, the project's
// completion rule over attendance and result, and the completion run that posts credit and issues
// certificates in the same transaction.
import {
  type AssessmentQuery,
  type AssessmentRow,
  type AssessmentSettings,
  type AssessmentUpdateBody,
  type AssessmentUpdateItem,
  type AssessmentUpdateResult,
  attendanceRate,
  CORRECTION_REASON,
  type CompletionResult,
  type CompletionRule,
  DEFAULT_COMPLETION_RULE,
  DEFAULT_SCORE_LINES,
  formatHours,
  meetsCompletion,
  PROJECT_STATUS_LABELS,
  type ProjectAssessment,
  type ProjectStatus,
  type Result,
  resultFromScore,
  type ScoreLines,
  scoreLinesOf,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { assertManager, type ProjectAccess, type ProjectFacts, projectAccess } from '../../access/project-access.js';
import { assessmentSettingsScope, county, type Who } from '../../access/scope.js';
import { type Db, type Exec, intArray, one, rows, type Tx, textArray } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, invalid } from '../../http/errors.js';
import { likeEscape } from '../../http/pagination.js';
import { issueCertificates, revokeCertificates } from '../certificates/certificates.service.js';
import { liveProjectPostings, postProjectCredit, reverseCredit } from '../credits/credits.service.js';
import { notifyTeachers } from '../notifications/notifications.service.js';
import { createReportBackTasks } from '../report-backs/report-backs.tasks.js';

/** Who is assessed: enrolled participants, and those already completed or failed (re-runs). */
export const ASSESSED_STATUSES = ['enrolled', 'completed', 'failed'] as const;
const ASSESSABLE: readonly string[] = ['running', 'assessing'];
const READABLE: readonly string[] = ['running', 'assessing', 'closed'];
const TEACHER_LINK = '/my/trainings';

export function completionRuleOf(raw: unknown): CompletionRule {
  const r = (raw ?? {}) as Partial<CompletionRule>;
  return {
    minAttendanceRate:
      typeof r.minAttendanceRate === 'number' ? r.minAttendanceRate : DEFAULT_COMPLETION_RULE.minAttendanceRate,
    requirePass: typeof r.requirePass === 'boolean' ? r.requirePass : DEFAULT_COMPLETION_RULE.requirePass,
    passScore: typeof r.passScore === 'number' ? r.passScore : null,
    excellentScore: typeof r.excellentScore === 'number' ? r.excellentScore : null,
  };
}

// ---------- score lines ----------

/** The county's default lines (its saved settings, else 60 / 85). */
export async function getCountyScoreLines(exec: Exec, who: Who): Promise<ScoreLines> {
  const r = await one<{ pass_score: string | number; excellent_score: string | number }>(
    exec,
    sql`select x.pass_score, x.excellent_score from assessment_settings x where ${assessmentSettingsScope(who, 'x')}`,
  );
  return r
    ? { passScore: Number(r.pass_score), excellentScore: Number(r.excellent_score) }
    : { ...DEFAULT_SCORE_LINES };
}

/** The lines a project's scores are judged by: its own where set, else the county's. */
export async function projectScoreLines(exec: Exec, regionId: number, rule: CompletionRule) {
  return scoreLinesOf(rule, await getCountyScoreLines(exec, county(regionId)));
}

export async function saveCountyScoreLines(db: Db, actor: Actor, body: AssessmentSettings): Promise<ScoreLines> {
  const regionId = actor.user.regionId;
  return db.transaction(async (tx) => {
    const before = await getCountyScoreLines(tx, actor.user);
    await tx.execute(
      sql`insert into assessment_settings (region_id, pass_score, excellent_score, updated_by, updated_at)
          values (${regionId}, ${body.passScore}, ${body.excellentScore}, ${actor.user.id}, now())
          on conflict (region_id) do update set pass_score = excluded.pass_score,
            excellent_score = excluded.excellent_score, updated_by = excluded.updated_by, updated_at = now()`,
    );
    await record(tx, actor, {
      action: 'assessment.settings',
      entity: 'assessment_settings',
      entityId: regionId,
      before,
      after: body,
    });
    return { passScore: body.passScore, excellentScore: body.excellentScore };
  });
}

const statusLabel = (s: string) => PROJECT_STATUS_LABELS[s as ProjectStatus] ?? s;

/** What a project manager does here (access/project-access.ts decides who manages). */
export const ASSESSING = '录入考核和办理结业';

export function assertAssessable(p: ProjectFacts) {
  if (!ASSESSABLE.includes(p.status)) {
    throw conflict(`项目当前为“${statusLabel(p.status)}”，只有“实施中”或“考核中”的项目可以录入考核结果`);
  }
}

export interface ParticipantRow {
  participation_id: number;
  teacher_id: number;
  teacher_name: string;
  id_masked: string;
  id_hash: string;
  school_id: number;
  school_name: string;
  status: AssessmentRow['status'];
  held: number;
  attended: number;
  leave: number;
  score: number | string | null;
  result: Result | null;
  result_override_reason: string | null;
  assessed_at: string | Date | null;
  certificate_number: string | null;
  certificate_revoked: boolean | null;
}

/**
 * Every assessed participant with attendance over the sessions that have begun, in one query:
 * held = sessions that have started (check-in opens before the start, so a session under way
 * counts: someone who never checks in is absent from the moment it starts), attended =
 * present/late, leave = approved leave (out of the denominator).
 */
export async function participantRows(
  exec: Exec,
  a: ProjectAccess,
  filter: { schoolId?: number; q?: string; ids?: number[] } = {},
): Promise<ParticipantRow[]> {
  const where: SQL[] = [
    sql`pa.project_id = ${a.project.id}`,
    sql`pa.status in ('enrolled', 'completed', 'failed')`,
    a.rows,
  ];
  if (filter.schoolId) where.push(sql`t.school_id = ${filter.schoolId}`);
  if (filter.q) where.push(sql`t.name like ${`%${likeEscape(filter.q)}%`}`);
  if (filter.ids) where.push(sql`pa.id = any(${intArray(filter.ids)})`);
  return rows<ParticipantRow>(
    exec,
    sql`with held as (
          select id from project_sessions where project_id = ${a.project.id} and starts_at <= now()
        )
        select pa.id as participation_id, t.id as teacher_id, t.name as teacher_name, t.id_masked, t.id_hash,
               s.id as school_id, s.name as school_name, pa.status,
               (select count(*) from held)::int as held,
               count(x.id) filter (where x.status in ('present', 'late'))::int as attended,
               count(x.id) filter (where x.status = 'leave')::int as leave,
               pa.score, pa.result, pa.result_override_reason, pa.assessed_at,
               ce.number as certificate_number, (ce.revoked_at is not null) as certificate_revoked
        from participations pa
        join teachers t on t.id = pa.teacher_id
        join schools s on s.id = t.school_id
        left join attendance x on x.participation_id = pa.id and x.session_id in (select id from held)
        left join certificates ce on ce.participation_id = pa.id
        where ${sql.join(where, sql` and `)}
        group by pa.id, t.id, s.id, ce.id
        order by s.name, t.name, pa.id`,
  );
}

export function evaluate(rule: CompletionRule, r: ParticipantRow) {
  const rate = attendanceRate(r.held, r.attended, r.leave);
  return { rate, ...meetsCompletion(rule, { attendanceRate: rate, result: r.result }) };
}

function present(rule: CompletionRule, lines: ScoreLines, r: ParticipantRow): AssessmentRow {
  const e = evaluate(rule, r);
  const score = r.score == null ? null : Number(r.score);
  return {
    participationId: r.participation_id,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
    idNumberMasked: r.id_masked,
    schoolId: r.school_id,
    schoolName: r.school_name,
    status: r.status,
    held: r.held,
    attended: r.attended,
    leave: r.leave,
    attendanceRate: Math.round(e.rate * 10000) / 10000,
    score,
    result: r.result,
    derivedResult: score == null ? null : resultFromScore(score, lines),
    resultOverrideReason: r.result_override_reason,
    assessedAt: r.assessed_at == null ? null : new Date(r.assessed_at).toISOString(),
    meetsCompletion: e.completed,
    reasons: e.reasons,
    certificateNumber: r.certificate_number,
    certificateRevoked: !!r.certificate_revoked,
  };
}

export async function getAssessment(
  db: Db,
  user: CurrentUser,
  projectId: number,
  q: AssessmentQuery,
): Promise<ProjectAssessment> {
  const a = await projectAccess(db, user, projectId);
  if (!READABLE.includes(a.project.status)) {
    throw conflict(`项目当前为“${statusLabel(a.project.status)}”，开始实施后才能查看考核`);
  }
  const rule = completionRuleOf(a.project.completionRule);
  const lines = await projectScoreLines(db, a.project.regionId, rule);
  // All rows are evaluated (the summary counts the whole filter); the page is sliced after.
  const all = (await participantRows(db, a, { schoolId: q.schoolId, q: q.q })).map((r) => present(rule, lines, r));
  const sessions = await rows<{ sessions: number; held: number }>(
    db,
    sql`select count(*)::int as sessions, count(*) filter (where starts_at <= now())::int as held
        from project_sessions where project_id = ${projectId}`,
  );
  const start = (q.page - 1) * q.pageSize;
  return {
    projectId: a.project.id,
    projectName: a.project.name,
    projectStatus: a.project.status,
    hours: a.project.hours,
    completionRule: rule,
    scoreLines: lines,
    canManage: a.manage,
    sessions: sessions[0]?.sessions ?? 0,
    held: sessions[0]?.held ?? 0,
    summary: {
      participants: all.length,
      assessed: all.filter((r) => r.result != null).length,
      meeting: all.filter((r) => r.meetsCompletion).length,
      completed: all.filter((r) => r.status === 'completed').length,
      failed: all.filter((r) => r.status === 'failed').length,
    },
    items: all.slice(start, start + q.pageSize),
    total: all.length,
  };
}

// ---------- entering results ----------

export interface ResultChange {
  participationId: number;
  score: number | null;
  result: Result | null;
  /** Set when the result is chosen by hand against the score's result. */
  overrideReason: string | null;
}

export interface StoredResult {
  score: number | null;
  result: Result | null;
  overrideReason: string | null;
}

/**
 * The result an entry ends with. With a score: the derived result, unless another result is given
 * with a reason (an override). Without a score: the result as given. Returns an error message for
 * an override without a reason.
 */
export function settleResult(
  score: number | null,
  given: Result | null | undefined,
  reason: string | null | undefined,
  lines: ScoreLines,
): { result: Result | null; overrideReason: string | null; derived: Result | null } | { error: string } {
  if (score == null) return { result: given ?? null, overrideReason: null, derived: null };
  const derived = resultFromScore(score, lines);
  if (given == null || given === derived) return { result: derived, overrideReason: null, derived };
  const why = reason?.trim();
  if (!why || why.length < 2) {
    return {
      error: `成绩 ${score} 分按分数线（及格 ${lines.passScore}、优秀 ${lines.excellentScore}）应为“${derived}”，改判为“${given}”须填写原因`,
    };
  }
  return { result: given, overrideReason: why, derived };
}

const numericArray = (values: Array<number | null>) =>
  sql`${`{${values.map((v) => (v == null ? 'NULL' : String(v))).join(',')}}`}::numeric[]`;
/** Results are one of three fixed words, so the array literal needs no quoting. */
const resultArray = (values: Array<Result | null>) => sql`${`{${values.map((v) => v ?? 'NULL').join(',')}}`}::text[]`;

/** Writes the changed scores/results in one statement and audits each change before → after. */
export async function applyResults(
  tx: Tx,
  actor: Actor,
  before: Map<number, StoredResult>,
  changes: ResultChange[],
): Promise<number> {
  const changed = changes.filter((c) => {
    const b = before.get(c.participationId);
    return !b || b.score !== c.score || b.result !== c.result || b.overrideReason !== c.overrideReason;
  });
  if (!changed.length) return 0;
  await tx.execute(
    sql`update participations pa
        set score = v.score, result = v.result, result_override_reason = nullif(v.reason, ''),
            assessed_by = ${actor.user.id}, assessed_at = now(), updated_at = now()
        from (select unnest(${intArray(changed.map((c) => c.participationId))}) as id,
                     unnest(${numericArray(changed.map((c) => c.score))}) as score,
                     unnest(${resultArray(changed.map((c) => c.result))}) as result,
                     unnest(${textArray(changed.map((c) => c.overrideReason ?? ''))}) as reason) v
        where pa.id = v.id`,
  );
  await record(
    tx,
    actor,
    changed.map((c) => ({
      action: 'assessment.update',
      entity: 'participation',
      entityId: c.participationId,
      before: before.get(c.participationId) ?? null,
      after: { score: c.score, result: c.result, overrideReason: c.overrideReason },
    })),
  );
  return changed.length;
}

export const scoreOf = (v: number | string | null) => (v == null ? null : Number(v));

export async function updateAssessment(
  db: Db,
  actor: Actor,
  projectId: number,
  body: AssessmentUpdateBody,
): Promise<AssessmentUpdateResult> {
  const seen = new Map<number, number>();
  body.forEach((e, i) => {
    const prev = seen.get(e.participationId);
    if (prev !== undefined) {
      throw invalid(`第${i + 1}条与第${prev + 1}条是同一学员`, { [`${i}.participationId`]: '重复' });
    }
    seen.set(e.participationId, i);
  });
  return db.transaction(async (tx) => {
    const a = await projectAccess(tx, actor.user, projectId, { lock: true });
    assertManager(a, ASSESSING);
    assertAssessable(a.project);
    const current = await rows<{
      id: number;
      score: number | string | null;
      result: Result | null;
      result_override_reason: string | null;
    }>(
      tx,
      sql`select id, score, result, result_override_reason from participations
          where project_id = ${projectId} and status in ('enrolled', 'completed', 'failed')
            and id = any(${intArray([...seen.keys()])})
          for update`,
    );
    const before = new Map<number, StoredResult>(
      current.map((r) => [
        r.id,
        { score: scoreOf(r.score), result: r.result, overrideReason: r.result_override_reason },
      ]),
    );
    const fields: Record<string, string> = {};
    body.forEach((e, i) => {
      if (!before.has(e.participationId)) fields[`${i}.participationId`] = '不是本项目在训、已结业或未结业的学员';
    });
    const first = Object.keys(fields)[0];
    if (first) {
      throw invalid(
        `第${Number(first.split('.')[0]) + 1}条：学员（${body[Number(first.split('.')[0])]!.participationId}）不在本项目中`,
        fields,
      );
    }
    const lines = await projectScoreLines(tx, a.project.regionId, completionRuleOf(a.project.completionRule));
    const changes: ResultChange[] = [];
    const items: AssessmentUpdateItem[] = [];
    const reasonErrors: Record<string, string> = {};
    body.forEach((e, i) => {
      const prev = before.get(e.participationId);
      // score omitted → keep what is there; null → clear it.
      const score = e.score === undefined ? (prev?.score ?? null) : e.score;
      // result omitted without a score → keep what is there (an earlier hand-set result).
      const given = e.result === undefined && score == null ? (prev?.result ?? null) : e.result;
      // An earlier override stays while the same result is sent again without a new reason.
      const reason = e.overrideReason ?? (given != null && given === prev?.result ? prev?.overrideReason : null);
      const s = settleResult(score, given, reason, lines);
      if ('error' in s) {
        reasonErrors[`${i}.overrideReason`] = s.error;
        return;
      }
      changes.push({ participationId: e.participationId, score, result: s.result, overrideReason: s.overrideReason });
      items.push({
        participationId: e.participationId,
        score,
        result: s.result,
        derivedResult: s.derived,
        overridden: s.overrideReason != null,
        overrideReason: s.overrideReason,
      });
    });
    const firstReason = Object.keys(reasonErrors)[0];
    if (firstReason) {
      throw invalid(`第${Number(firstReason.split('.')[0]) + 1}条：${reasonErrors[firstReason]}`, reasonErrors);
    }
    const updated = await applyResults(tx, actor, before, changes);
    return { updated, unchanged: body.length - updated, items };
  });
}

// ---------- completion ----------

export async function completeProject(
  db: Db,
  actor: Actor,
  projectId: number,
  opts: { issueCertificates?: boolean } = {},
): Promise<CompletionResult> {
  return db.transaction(async (tx) => {
    const a = await projectAccess(tx, actor.user, projectId, { lock: true });
    assertManager(a, ASSESSING);
    const p = a.project;
    if (p.status !== 'assessing') {
      throw conflict(`项目当前为“${statusLabel(p.status)}”，须先改为“考核中”才能办理结业`);
    }
    // Attendance is only known once every session has begun: completing earlier would count
    // sessions nobody could attend yet as if they did not exist (everyone 100%).
    const pending = await one<{ n: number }>(
      tx,
      sql`select count(*)::int as n
          from project_sessions where project_id = ${p.id} and starts_at > now()`,
    );
    if (pending && pending.n > 0) {
      throw conflict(`还有 ${pending.n} 次课尚未开始，全部课次开始后才能办理结业`);
    }
    const rule = completionRuleOf(p.completionRule);
    const all = await participantRows(tx, a);
    const meet: ParticipantRow[] = [];
    const fail: Array<{ row: ParticipantRow; reasons: string[] }> = [];
    for (const r of all) {
      const e = evaluate(rule, r);
      if (e.completed) meet.push(r);
      else fail.push({ row: r, reasons: e.reasons });
    }
    const newlyCompleted = meet.filter((r) => r.status !== 'completed');
    const newlyFailed = fail.filter((f) => f.row.status !== 'failed');

    if (newlyCompleted.length) {
      await tx.execute(
        sql`update participations set status = 'completed', completed_at = now(), updated_at = now()
            where id = any(${intArray(newlyCompleted.map((r) => r.participation_id))})`,
      );
    }
    if (newlyFailed.length) {
      await tx.execute(
        sql`update participations set status = 'failed', completed_at = null, updated_at = now()
            where id = any(${intArray(newlyFailed.map((f) => f.row.participation_id))})`,
      );
    }
    await record(tx, actor, [
      ...newlyCompleted.map((r) => ({
        action: 'participation.complete',
        entity: 'participation',
        entityId: r.participation_id,
        before: { status: r.status },
        after: { status: 'completed' },
      })),
      ...newlyFailed.map((f) => ({
        action: 'participation.fail',
        entity: 'participation',
        entityId: f.row.participation_id,
        before: { status: f.row.status },
        after: { status: 'failed', reasons: f.reasons },
      })),
    ]);

    // Credit: every completed participant has exactly one live posting; a correction reverses it.
    const posted = await postProjectCredit(
      tx,
      actor,
      meet.map((r) => r.participation_id),
    );
    let reversed = 0;
    const failedIds = fail.map((f) => f.row.participation_id);
    for (const entry of await liveProjectPostings(tx, failedIds)) {
      if (await reverseCredit(tx, entry.id, CORRECTION_REASON, actor)) reversed++;
    }

    // Certificates: issued (or an automatic revocation undone) for completed, revoked for failed.
    let issued = 0;
    if (opts.issueCertificates !== false) {
      const r = await issueCertificates(
        tx,
        actor,
        meet.map((x) => x.participation_id),
        { reinstateCorrections: true },
      );
      issued = r.issued.length + r.reinstated;
    }
    const revoked = await revokeCertificates(tx, actor, { participationIds: failedIds }, CORRECTION_REASON, {
      notify: false,
    });
    // Report-back tasks (成果汇报) for external projects; a corrected completion withdraws a pending one.
    await createReportBackTasks(
      tx,
      actor,
      all.map((r) => r.participation_id),
    );

    // Tell those whose outcome changed.
    if (newlyCompleted.length) {
      await notifyTeachers(
        tx,
        p.regionId,
        newlyCompleted.map((r) => r.teacher_id),
        {
          kind: 'training.completed',
          title: `您已完成《${p.name}》，获得 ${formatHours(p.hours)} 学时`,
          body: opts.issueCertificates === false ? null : '结业证书已颁发，可在“我的培训”中查看和下载。',
          link: TEACHER_LINK,
        },
      );
    }
    // One notice per distinct message (the reasons differ between teachers).
    const groups = new Map<string, { reasons: string; corrected: boolean; teacherIds: number[] }>();
    for (const f of newlyFailed) {
      const reasons = f.reasons.join('；');
      const corrected = f.row.status === 'completed';
      const key = `${reasons}|${corrected}`;
      const g = groups.get(key) ?? { reasons, corrected, teacherIds: [] };
      g.teacherIds.push(f.row.teacher_id);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      await notifyTeachers(tx, p.regionId, g.teacherIds, {
        kind: 'training.failed',
        title: `未达到结业要求：${g.reasons}`,
        body: g.corrected
          ? `《${p.name}》：因${CORRECTION_REASON}，结业已撤销，已记入的学时已冲销，结业证书已作废。`
          : `《${p.name}》`,
        link: TEACHER_LINK,
      });
    }

    const result: CompletionResult = {
      participants: all.length,
      completed: meet.length,
      failed: fail.length,
      changed: newlyCompleted.length + newlyFailed.length,
      creditsPosted: posted.length,
      creditsReversed: reversed,
      certificatesIssued: issued,
      certificatesRevoked: revoked.length,
    };
    await record(tx, actor, { action: 'project.complete', entity: 'project', entityId: p.id, after: result });
    return result;
  });
}
