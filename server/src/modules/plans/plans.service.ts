// Personal development plans: a teacher writes a five-year plan and yearly plans (draft → submitted),
// the school approves or returns them with a reason; from November of its year the teacher writes
// the yearly plan's summary, shown beside what the credit ledger holds for the year.
import {
  can,
  PLAN_KIND_LABELS,
  PLAN_SUMMARY_FROM,
  type PlanBody,
  type PlanDecisionBody,
  type PlanItem,
  type PlanKind,
  type PlanListQuery,
  type PlannedTraining,
  type PlanStatus,
  type PlanUpdateBody,
} from '@shixun/common';
import { sql } from 'drizzle-orm';
import { type Db, one } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, isUniqueViolation, notFound } from '../../http/errors.js';
import { notifySchoolAdmins, notifyTeachers } from '../notifications/notifications.service.js';
import { findPlan, listPlans, ownTeacher, type PlanRow, plansOfTeacher } from './plans.repo.js';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const EDITABLE: readonly string[] = ['draft', 'returned'];
const label = (p: Pick<PlanRow, 'kind' | 'start_year' | 'end_year'>) =>
  `${p.start_year === p.end_year ? `${p.start_year}年` : `${p.start_year}—${p.end_year}年`}${PLAN_KIND_LABELS[p.kind as PlanKind]}`;

const summaryOpen = (p: Pick<PlanRow, 'kind' | 'end_year' | 'status'>) =>
  p.kind === 'yearly' && p.status === 'approved' && today() >= `${p.end_year}-${PLAN_SUMMARY_FROM}`;

function present(user: CurrentUser, p: PlanRow): PlanItem {
  const mine = user.teacherId != null && p.teacher_id === user.teacherId;
  return {
    id: p.id,
    teacherId: p.teacher_id,
    teacherName: p.teacher_name,
    schoolId: p.school_id,
    schoolName: p.school_name,
    kind: p.kind as PlanKind,
    startYear: Number(p.start_year),
    endYear: Number(p.end_year),
    goals: p.goals,
    items: Array.isArray(p.items) ? (p.items as PlannedTraining[]) : [],
    hoursTarget: p.hours_target == null ? null : Number(p.hours_target),
    status: p.status as PlanStatus,
    returnReason: p.return_reason,
    submittedAt: p.submitted_at,
    decidedAt: p.decided_at,
    decidedByName: p.decided_by_name,
    summary: p.summary,
    summaryAt: p.summary_at,
    ledger: {
      hours: Math.round(Number(p.ledger_hours) * 10) / 10,
      entries: Number(p.ledger_entries),
      completedTrainings: Number(p.completed),
    },
    can: {
      edit: mine && EDITABLE.includes(p.status),
      submit: mine && EDITABLE.includes(p.status),
      summarise: mine && summaryOpen(p),
      review: can(user.role, 'plans.review') && p.status === 'submitted',
    },
  };
}

function teacherOf(user: CurrentUser) {
  if (user.teacherId == null) throw forbidden('该账号未关联教师档案');
  return user.teacherId;
}

export async function myPlans(db: Db, user: CurrentUser) {
  const items = (await plansOfTeacher(db, user, teacherOf(user))).map((p) => present(user, p));
  return { items, total: items.length };
}

export async function listPlanPage(db: Db, user: CurrentUser, q: PlanListQuery) {
  const page = await listPlans(db, user, q);
  return { items: page.items.map((p) => present(user, p)), total: page.total };
}

export async function getPlan(db: Db, user: CurrentUser, id: number) {
  const p = await findPlan(db, user, id);
  if (!p) throw notFound('发展规划');
  return present(user, p);
}

async function notifySubmitted(
  tx: Parameters<typeof notifySchoolAdmins>[0],
  user: CurrentUser,
  p: { school_id: number; teacher_name: string; text: string; id: number },
) {
  await notifySchoolAdmins(tx, user.regionId, [p.school_id], {
    kind: 'plan.submitted',
    title: `${p.teacher_name}提交了${p.text}，请审批`,
    link: `/plans?status=submitted`,
  });
}

export async function createPlan(db: Db, actor: Actor, body: PlanBody) {
  const user = actor.user;
  const teacherId = teacherOf(user);
  const endYear = body.kind === 'five_year' ? body.startYear + 4 : body.startYear;
  try {
    return await db.transaction(async (tx) => {
      const t = await ownTeacher(tx, user, teacherId);
      if (!t) throw forbidden('该账号未关联教师档案');
      const status = body.submit ? 'submitted' : 'draft';
      const row = await one<{ id: number }>(
        tx,
        sql`insert into development_plans (region_id, teacher_id, school_id, kind, start_year, end_year, goals, items,
                                           hours_target, status, submitted_at)
            values (${user.regionId}, ${t.id}, ${t.school_id}, ${body.kind}, ${body.startYear}, ${endYear}, ${body.goals},
                    ${JSON.stringify(body.items)}::jsonb, ${body.hoursTarget ?? null}, ${status},
                    ${status === 'submitted' ? sql`now()` : null})
            returning id`,
      );
      const id = row!.id;
      await record(tx, actor, {
        action: 'plan.create',
        entity: 'development_plan',
        entityId: id,
        after: {
          kind: body.kind,
          startYear: body.startYear,
          endYear,
          goals: body.goals,
          items: body.items,
          hoursTarget: body.hoursTarget ?? null,
          status,
        },
      });
      if (status === 'submitted') {
        const text = label({ kind: body.kind, start_year: body.startYear, end_year: endYear });
        await notifySubmitted(tx, user, { school_id: t.school_id, teacher_name: t.name, text, id });
      }
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw conflict(
        `您已有${label({ kind: body.kind, start_year: body.startYear, end_year: endYear })}，请在原规划上修改`,
      );
    }
    throw e;
  }
}

async function lockOwn(tx: Parameters<typeof findPlan>[0], user: CurrentUser, id: number) {
  const p = await findPlan(tx, user, id, true);
  if (!p || p.teacher_id !== user.teacherId) throw notFound('发展规划');
  return p;
}

export async function updatePlan(db: Db, actor: Actor, id: number, body: PlanUpdateBody) {
  await db.transaction(async (tx) => {
    const p = await lockOwn(tx, actor.user, id);
    if (!EDITABLE.includes(p.status)) throw conflict('已提交或已通过的规划不能修改');
    const before = {
      goals: p.goals,
      items: p.items,
      hoursTarget: p.hours_target == null ? null : Number(p.hours_target),
    };
    const d = diff(before, body);
    if (!d.changed) return;
    const n = { ...before, ...d.after } as typeof before;
    await tx.execute(
      sql`update development_plans set goals = ${n.goals}, items = ${JSON.stringify(n.items)}::jsonb,
            hours_target = ${n.hoursTarget}, updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'plan.update',
      entity: 'development_plan',
      entityId: id,
      before: d.before,
      after: d.after,
    });
  });
}

export async function submitPlan(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const p = await lockOwn(tx, actor.user, id);
    if (!EDITABLE.includes(p.status)) throw conflict('该规划已提交');
    await tx.execute(
      sql`update development_plans set status = 'submitted', submitted_at = now(), return_reason = null, updated_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'plan.submit',
      entity: 'development_plan',
      entityId: id,
      before: { status: p.status },
      after: { status: 'submitted' },
    });
    await notifySubmitted(tx, actor.user, { school_id: p.school_id, teacher_name: p.teacher_name, text: label(p), id });
  });
}

export async function decidePlan(db: Db, actor: Actor, id: number, body: PlanDecisionBody) {
  await db.transaction(async (tx) => {
    const p = await findPlan(tx, actor.user, id, true);
    if (!p) throw notFound('发展规划');
    if (p.status !== 'submitted') throw conflict('只能审批待审批的规划');
    const status = body.approve ? 'approved' : 'returned';
    await tx.execute(
      sql`update development_plans set status = ${status}, decided_at = now(), decided_by = ${actor.user.id},
            return_reason = ${body.approve ? null : (body.reason ?? null)}, updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: body.approve ? 'plan.approve' : 'plan.return',
      entity: 'development_plan',
      entityId: id,
      before: { status: 'submitted' },
      after: { status, ...(body.reason ? { reason: body.reason } : {}) },
    });
    await notifyTeachers(tx, actor.user.regionId, [p.teacher_id], {
      kind: body.approve ? 'plan.approved' : 'plan.returned',
      title: body.approve ? `您的${label(p)}已通过学校审批` : `您的${label(p)}被退回，请修改后重新提交`,
      body: body.reason ?? null,
      link: '/my/plans',
    });
  });
}

export async function summarisePlan(db: Db, actor: Actor, id: number, summary: string) {
  await db.transaction(async (tx) => {
    const p = await lockOwn(tx, actor.user, id);
    if (p.kind !== 'yearly') throw conflict('年度总结写在年度发展计划上');
    if (p.status !== 'approved') throw conflict('年度计划通过学校审批后才能写年度总结');
    if (!summaryOpen(p)) throw conflict(`年度总结可在${p.end_year}年11月1日后填写`);
    await tx.execute(
      sql`update development_plans set summary = ${summary}, summary_at = now(), updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'plan.summary',
      entity: 'development_plan',
      entityId: id,
      before: { summary: p.summary },
      after: { summary },
    });
  });
}
