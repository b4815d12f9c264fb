// A school's yearly research plan and summary: the school admin writes it (from a template), with
// attachments, and submits it; the county accepts it or returns it with comments; the county's
// overview shows every school's state and who has not submitted. All SQL of plans is here.
import {
  type PlanOverview,
  type PlanReviewBody,
  RESEARCH_PLAN_STATUS_LABELS,
  type ResearchPlan,
  type ResearchPlanBody,
  type ResearchPlanItem,
  type ResearchPlanKind,
  type ResearchPlanStatus,
  type ResearchPlanUpdateBody,
} from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import { countyOf, researchPlanScope, schoolScope } from '../../access/scope.js';
import { type Db, type Exec, one, rows } from '../../db/client.js';
import { diff, record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { conflict, forbidden, isUniqueViolation, notFound } from '../../http/errors.js';
import { attachmentsOf, linkAttachments, replaceAttachments } from '../attachments/attachments.service.js';
import { notify, notifySchoolAdmins } from '../notifications/notifications.service.js';
import { iso, isoOrNull } from './activities.presenter.js';

export const PLAN_OWNER = 'research_plan';

type PlanRow = {
  id: number;
  region_id: number;
  school_id: number;
  school_name: string;
  school_year: number;
  kind: ResearchPlanKind;
  theme: string;
  goals: string | null;
  body: string | null;
  items: ResearchPlanItem[];
  budget: string | null;
  status: Exclude<ResearchPlanStatus, 'none'>;
  review_comment: string | null;
  submitted_at: string | Date | null;
  reviewed_at: string | Date | null;
  reviewed_by_name: string | null;
  updated_at: string | Date;
};

const kindLabel = (k: ResearchPlanKind) => (k === 'plan' ? '校本研修计划' : '校本研修总结');

async function findPlan(exec: Exec, user: CurrentUser, id: number, lock = false) {
  if (lock) {
    const locked = await one<{ id: number }>(
      exec,
      sql`select rp.id from research_plans rp join schools s on s.id = rp.school_id
          where rp.id = ${id} and ${researchPlanScope(user, 'rp', 's')} for update of rp`,
    );
    if (!locked) return undefined;
  }
  return one<PlanRow>(
    exec,
    sql`select rp.id, rp.region_id, rp.school_id, s.name as school_name, rp.school_year, rp.kind, rp.theme, rp.goals,
               rp.body, rp.items, rp.budget::text as budget, rp.status, rp.review_comment, rp.submitted_at,
               rp.reviewed_at, ru.display_name as reviewed_by_name, rp.updated_at
        from research_plans rp join schools s on s.id = rp.school_id left join users ru on ru.id = rp.reviewed_by
        where rp.id = ${id} and ${researchPlanScope(user, 'rp', 's')}`,
  );
}

const canEdit = (user: CurrentUser, p: Pick<PlanRow, 'school_id' | 'status'>) =>
  user.role === 'school_admin' && user.schoolId === p.school_id && (p.status === 'draft' || p.status === 'returned');

async function present(exec: Exec, user: CurrentUser, p: PlanRow): Promise<ResearchPlan> {
  const files = await attachmentsOf(exec, PLAN_OWNER, [p.id]);
  return {
    id: p.id,
    schoolId: p.school_id,
    schoolName: p.school_name,
    schoolYear: p.school_year,
    kind: p.kind,
    theme: p.theme,
    goals: p.goals,
    body: p.body,
    items: Array.isArray(p.items) ? p.items : [],
    budget: p.budget,
    status: p.status,
    statusLabel: RESEARCH_PLAN_STATUS_LABELS[p.status],
    reviewComment: p.review_comment,
    submittedAt: isoOrNull(p.submitted_at),
    reviewedAt: isoOrNull(p.reviewed_at),
    reviewedBy: p.reviewed_by_name,
    attachments: files.get(p.id) ?? [],
    updatedAt: iso(p.updated_at),
    can: { edit: canEdit(user, p), review: user.role === 'county_admin' && p.status === 'submitted' },
  };
}

export async function getPlan(exec: Exec, user: CurrentUser, id: number): Promise<ResearchPlan> {
  const p = await findPlan(exec, user, id);
  if (!p) throw notFound('研修计划或总结');
  return present(exec, user, p);
}

/** The school's own admin writes its plan or summary (one of each per school year). */
export async function createPlan(db: Db, actor: Actor, body: ResearchPlanBody): Promise<{ id: number }> {
  const user = actor.user;
  const school = await one<{ id: number }>(
    db,
    sql`select s.id from schools s where s.id = ${body.schoolId} and ${schoolScope(user, 's')}`,
  );
  if (!school) throw notFound('学校');
  if (user.role !== 'school_admin' || user.schoolId !== body.schoolId) {
    throw forbidden('校本研修计划和总结由学校管理员填写');
  }
  try {
    return await db.transaction(async (tx) => {
      const row = await one<{ id: number }>(
        tx,
        sql`insert into research_plans (region_id, school_id, school_year, kind, theme, goals, body, items, budget, created_by)
            values (${user.regionId}, ${body.schoolId}, ${body.schoolYear}, ${body.kind}, ${body.theme}, ${body.goals ?? null},
                    ${body.body ?? null}, ${JSON.stringify(body.items)}::jsonb, ${body.budget ?? null}, ${user.id})
            returning id`,
      );
      const id = row!.id;
      await linkAttachments(tx, actor, body.attachmentIds ?? [], { kind: PLAN_OWNER, id });
      await record(tx, actor, {
        action: 'research_plan.create',
        entity: 'research_plan',
        entityId: id,
        after: { ...body },
      });
      return { id };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'research_plans_school_year_kind_uq')) {
      throw conflict(
        `本校${body.schoolYear}—${body.schoolYear + 1}学年的${kindLabel(body.kind)}已存在，请在原记录上修改`,
      );
    }
    throw err;
  }
}

export async function updatePlan(
  db: Db,
  actor: Actor,
  id: number,
  body: ResearchPlanUpdateBody,
): Promise<ResearchPlan> {
  await db.transaction(async (tx) => {
    const p = await findPlan(tx, actor.user, id, true);
    if (!p) throw notFound('研修计划或总结');
    if (!canEdit(actor.user, p)) {
      throw p.status === 'draft' || p.status === 'returned'
        ? forbidden('校本研修计划和总结由本校管理员修改')
        : conflict(`${kindLabel(p.kind)}当前为“${RESEARCH_PLAN_STATUS_LABELS[p.status]}”，不能再修改`);
    }
    const before = { theme: p.theme, goals: p.goals, body: p.body, items: p.items, budget: p.budget };
    const after = {
      theme: body.theme,
      goals: body.goals ?? null,
      body: body.body ?? null,
      items: body.items,
      budget: body.budget ?? null,
    };
    const d = diff(before, after);
    await tx.execute(
      sql`update research_plans set theme = ${after.theme}, goals = ${after.goals}, body = ${after.body},
            items = ${JSON.stringify(after.items)}::jsonb, budget = ${after.budget}, updated_at = now()
          where id = ${id}`,
    );
    if (body.attachmentIds) await replaceAttachments(tx, actor, body.attachmentIds, { kind: PLAN_OWNER, id });
    if (d.changed) {
      await record(tx, actor, {
        action: 'research_plan.update',
        entity: 'research_plan',
        entityId: id,
        before: d.before,
        after: d.after,
      });
    }
  });
  return getPlan(db, actor.user, id);
}

export async function submitPlan(db: Db, actor: Actor, id: number): Promise<ResearchPlan> {
  await db.transaction(async (tx) => {
    const p = await findPlan(tx, actor.user, id, true);
    if (!p) throw notFound('研修计划或总结');
    if (!canEdit(actor.user, p)) {
      throw p.status === 'submitted' || p.status === 'accepted'
        ? conflict(`${kindLabel(p.kind)}${RESEARCH_PLAN_STATUS_LABELS[p.status]}`)
        : forbidden('校本研修计划和总结由本校管理员提交');
    }
    await tx.execute(
      sql`update research_plans set status = 'submitted', submitted_at = now(), updated_at = now() where id = ${id}`,
    );
    await record(tx, actor, {
      action: 'research_plan.submit',
      entity: 'research_plan',
      entityId: id,
      before: { status: p.status },
      after: { status: 'submitted' },
    });
    const admins = await rows<{ id: number }>(
      tx,
      sql`select u.id from users u where u.region_id = ${p.region_id} and u.role = 'county_admin' and not u.disabled`,
    );
    await notify(
      tx,
      p.region_id,
      admins.map((a) => a.id),
      {
        kind: 'research.plan',
        title: `${p.school_name}提交了${p.school_year}—${p.school_year + 1}学年${kindLabel(p.kind)}`,
        link: `/school-research/plans/${id}`,
      },
    );
  });
  return getPlan(db, actor.user, id);
}

export async function reviewPlan(db: Db, actor: Actor, id: number, body: PlanReviewBody): Promise<ResearchPlan> {
  await db.transaction(async (tx) => {
    const p = await findPlan(tx, actor.user, id, true);
    if (!p) throw notFound('研修计划或总结');
    if (actor.user.role !== 'county_admin') throw forbidden('校本研修计划和总结由县级管理员审核');
    if (p.status !== 'submitted')
      throw conflict(`${kindLabel(p.kind)}当前为“${RESEARCH_PLAN_STATUS_LABELS[p.status]}”，只有已提交待审的可以审核`);
    const status = body.decision === 'accept' ? 'accepted' : 'returned';
    await tx.execute(
      sql`update research_plans set status = ${status}, review_comment = ${body.comment ?? null}, reviewed_at = now(),
            reviewed_by = ${actor.user.id}, updated_at = now()
          where id = ${id}`,
    );
    await record(tx, actor, {
      action: `research_plan.${body.decision}`,
      entity: 'research_plan',
      entityId: id,
      before: { status: p.status },
      after: { status, comment: body.comment ?? null },
    });
    await notifySchoolAdmins(tx, p.region_id, [p.school_id], {
      kind: 'research.plan',
      title: `${p.school_year}—${p.school_year + 1}学年${kindLabel(p.kind)}${status === 'accepted' ? '已通过审核' : '被退回修改'}`,
      body: body.comment ?? null,
      link: `/school-research/plans/${id}`,
    });
  });
  return getPlan(db, actor.user, id);
}

/** Every school of the scope with its plan and summary state for a school year. */
export async function planOverview(
  exec: Exec,
  user: CurrentUser,
  q: { schoolYear: number; areaId?: number; consortiumId?: number; missing?: ResearchPlanKind },
): Promise<PlanOverview> {
  const conds: SQL[] = [schoolScope(user, 's')];
  if (q.areaId) conds.push(sql`s.area_id = ${q.areaId}`);
  if (q.consortiumId) conds.push(sql`s.consortium_id = ${q.consortiumId}`);
  const list = await rows<{
    school_id: number;
    school_name: string;
    area_name: string;
    plan_id: number | null;
    plan_status: Exclude<ResearchPlanStatus, 'none'> | null;
    plan_submitted: string | Date | null;
    sum_id: number | null;
    sum_status: Exclude<ResearchPlanStatus, 'none'> | null;
    sum_submitted: string | Date | null;
  }>(
    exec,
    sql`select s.id as school_id, s.name as school_name, a.name as area_name,
               p.id as plan_id, p.status as plan_status, p.submitted_at as plan_submitted,
               m.id as sum_id, m.status as sum_status, m.submitted_at as sum_submitted
        from schools s join areas a on a.id = s.area_id
        left join research_plans p on p.school_id = s.id and p.school_year = ${q.schoolYear} and p.kind = 'plan'
             and ${researchPlanScope(countyOf(user), 'p', 's')}
        left join research_plans m on m.school_id = s.id and m.school_year = ${q.schoolYear} and m.kind = 'summary'
             and ${researchPlanScope(countyOf(user), 'm', 's')}
        where ${sql.join(conds, sql` and `)}
        order by a.name, a.id, s.name, s.id`,
  );
  const submitted = (st: string | null) => st === 'submitted' || st === 'accepted';
  const items = list
    .map((r) => ({
      schoolId: r.school_id,
      schoolName: r.school_name,
      areaName: r.area_name,
      plan: { id: r.plan_id, status: r.plan_status ?? 'none', submittedAt: isoOrNull(r.plan_submitted) },
      summary: { id: r.sum_id, status: r.sum_status ?? 'none', submittedAt: isoOrNull(r.sum_submitted) },
    }))
    .filter((r) => !q.missing || !submitted(r[q.missing].status === 'none' ? null : r[q.missing].status));
  return {
    schoolYear: q.schoolYear,
    items: items as PlanOverview['items'],
    counts: {
      schools: list.length,
      planSubmitted: list.filter((r) => submitted(r.plan_status)).length,
      summarySubmitted: list.filter((r) => submitted(r.sum_status)).length,
      waitingReview:
        list.filter((r) => r.plan_status === 'submitted').length +
        list.filter((r) => r.sum_status === 'submitted').length,
    },
  };
}

/** Who may read a plan's attachments: whoever may read the plan. */
export async function canReadPlan(exec: Exec, user: CurrentUser, id: number): Promise<boolean> {
  return !!(await one(
    exec,
    sql`select 1 from research_plans rp join schools s on s.id = rp.school_id
        where rp.id = ${id} and ${researchPlanScope(user, 'rp', 's')}`,
  ));
}
