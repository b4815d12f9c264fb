// What an audit entry was done to, in words a county office reads: a teacher's name, a project's
// title, "张三 · 《省级骨干研修》" for a participation — never `report_back #15`. One query per kind
// of record on the page (ids of a page of entries), in the caller's county; a record deleted since
// is named from the entry's own before/after when they hold a name.
import type { AuditEntry } from '@shixun/common';
import { type SQL, sql } from 'drizzle-orm';
import {
  applicationScope,
  areaScope,
  attachmentScope,
  auditTableScope,
  budgetScope,
  certificateScope,
  claimScope,
  consortiumScope,
  countyOf,
  creditEntryScope,
  dictionaryScope,
  ethicsScope,
  expenseScope,
  noticeScope,
  outreachScope,
  participationScope,
  projectScope,
  readingBookScope,
  readingScope,
  reflectionScope,
  reportBackScope,
  researchActivityScope,
  researchPlanScope,
  schoolScope,
  sessionScope,
  statementScope,
  teacherScope,
  trainerScope,
  userScope,
} from '../../access/scope.js';
import { type Exec, intArray, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';

/** `《name》`: a project's title as the county writes it. */
const book = (name: SQL) => sql`'《' || ${name} || '》'`;

/** The label query of each kind of record the modules audit (`$ids` = the page's ids of that kind). */
function labelQuery(entity: string, user: CurrentUser, ids: SQL): SQL | null {
  const c = countyOf(user);
  switch (entity) {
    case 'teacher':
      return sql`select t.id, t.name as label from teachers t where t.id = any(${ids}) and ${teacherScope(c, 't', 's')}`;
    case 'school':
      return sql`select s.id, s.name as label from schools s where s.id = any(${ids}) and ${schoolScope(c, 's')}`;
    case 'area':
      return sql`select a.id, a.name as label from areas a where a.id = any(${ids}) and ${areaScope(c, 'a')}`;
    case 'consortium':
      return sql`select c.id, c.name as label from consortia c where c.id = any(${ids}) and ${consortiumScope(c, 'c')}`;
    case 'user':
      return sql`select u.id, u.display_name || '(' || u.username || ')' as label from users u
                 where u.id = any(${ids}) and ${userScope(c, 'u')}`;
    case 'region':
      return sql`select r.id, r.name as label from regions r where r.id = any(${ids}) and r.id = ${user.regionId}`;
    case 'project':
      return sql`select p.id, ${book(sql`p.name`)} as label from projects p where p.id = any(${ids}) and ${projectScope(c, 'p')}`;
    case 'project_session':
    case 'session':
      return sql`select ps.id, ${book(sql`p.name`)} || ' ' || ps.topic as label
                 from project_sessions ps join projects p on p.id = ps.project_id
                 where ps.id = any(${ids}) and ${sessionScope(c, 'ps')}`;
    case 'participation':
      return sql`select pa.id, t.name || ' · ' || ${book(sql`p.name`)} as label
                 from participations pa join teachers t on t.id = pa.teacher_id join projects p on p.id = pa.project_id
                 where pa.id = any(${ids}) and ${participationScope(c, 'pa', 's')}`;
    case 'attendance':
      return sql`select at.id, t.name || ' · ' || ${book(sql`p.name`)} || ' ' || ps.topic as label
                 from attendance at join teachers t on t.id = at.teacher_id
                 join project_sessions ps on ps.id = at.session_id join projects p on p.id = ps.project_id
                 where at.id = any(${ids}) and ${sessionScope(c, 'ps')}`;
    case 'leave_request':
      return sql`select lr.id, t.name || ' · ' || ${book(sql`p.name`)} || ' ' || ps.topic as label
                 from leave_requests lr join participations pa on pa.id = lr.participation_id
                 join teachers t on t.id = pa.teacher_id join project_sessions ps on ps.id = lr.session_id
                 join projects p on p.id = ps.project_id
                 where lr.id = any(${ids}) and ${sessionScope(c, 'ps')}`;
    case 'certificate':
      return sql`select c.id, c.number || ' · ' || t.name as label
                 from certificates c join teachers t on t.id = c.teacher_id join schools s on s.id = t.school_id
                 join projects pr on pr.id = c.project_id
                 where c.id = any(${ids}) and ${certificateScope(c, 'c', 't', 's', 'pr')}`;
    case 'trainer':
      return sql`select tr.id, tr.name as label from trainers tr where tr.id = any(${ids}) and ${trainerScope(c, 'tr')}`;
    case 'training_category':
      return sql`select d.id, d.value as label from dictionary_entries d where d.id = any(${ids}) and ${dictionaryScope(c, 'd')}`;
    case 'report_back':
      return sql`select rb.id, t.name || ' · ' || ${book(sql`p.name`)} as label
                 from report_backs rb join teachers t on t.id = rb.teacher_id join projects p on p.id = rb.project_id
                 where rb.id = any(${ids}) and ${reportBackScope(c, 'rb', 's')}`;
    case 'reflection':
      return sql`select rf.id, t.name || ' · ' || rf.title as label
                 from reflections rf join teachers t on t.id = rf.teacher_id
                 where rf.id = any(${ids}) and ${reflectionScope(c, 'rf', 's')}`;
    case 'reimbursement_claim':
    case 'claim':
      return sql`select cl.id, t.name || ' · ' || ${book(sql`p.name`)} as label
                 from reimbursement_claims cl join teachers t on t.id = cl.teacher_id join projects p on p.id = cl.project_id
                 where cl.id = any(${ids}) and ${claimScope(c, 'cl', 's')}`;
    case 'expense':
      return sql`select e.id, coalesce(nullif(e.note, ''), e.category) || ' · ' || e.amount::text as label
                 from expenses e where e.id = any(${ids}) and ${expenseScope(c, 'e', 's')}`;
    case 'budget':
      return sql`select b.id, coalesce(s.name, '') || ' ' || b.year::text as label
                 from budgets b left join schools s on s.id = b.school_id
                 where b.id = any(${ids}) and ${budgetScope(c, 'b', 's')}`;
    case 'credit_application':
      return sql`select a.id, t.name || ' · ' || a.title as label
                 from credit_applications a join teachers t on t.id = a.teacher_id
                 where a.id = any(${ids}) and ${applicationScope(c, 'a', 't', 's')}`;
    case 'credit_entry':
      return sql`select l.id, t.name || ' · ' || l.category || ' ' || coalesce(l.hours, l.credits)::text as label
                 from credit_ledger l join teachers t on t.id = l.teacher_id
                 where l.id = any(${ids}) and ${creditEntryScope(c, 'l')}`;
    case 'credit_statement':
      return sql`select cs.id, cs.number || ' · ' || t.name as label
                 from credit_statements cs join teachers t on t.id = cs.teacher_id
                 where cs.id = any(${ids}) and ${statementScope(c, 'cs', 't', 's')}`;
    case 'credit_audit_table':
      return sql`select at.id, s.name || ' ' || at.school_year::text as label
                 from credit_audit_tables at join schools s on s.id = at.school_id
                 where at.id = any(${ids}) and ${auditTableScope(c, 'at')}`;
    case 'ethics_record':
      return sql`select e.id, t.name as label from ethics_records e join teachers t on t.id = e.teacher_id
                 where e.id = any(${ids}) and ${ethicsScope(c, 'e')}`;
    case 'notice':
      return sql`select n.id, n.title as label from notices n where n.id = any(${ids}) and ${noticeScope(c, 'n')}`;
    case 'attachment':
      return sql`select a.id, a.filename as label from attachments a where a.id = any(${ids}) and ${attachmentScope(c, 'a')}`;
    // school-based development (a spot check's entry names its activity) and reading
    case 'research_activity':
    case 'research_spot_check':
      return sql`select ra.id, s.name || ' · ' || ra.title as label
                 from research_activities ra join schools s on s.id = ra.school_id
                 where ra.id = any(${ids}) and ${researchActivityScope(c, 'ra')}`;
    case 'research_plan':
      return sql`select rp.id, s.name || ' ' || rp.school_year::text || '—' || (rp.school_year + 1)::text || ' '
                        || case when rp.kind = 'plan' then '校本研修计划' else '校本研修总结' end as label
                 from research_plans rp join schools s on s.id = rp.school_id
                 where rp.id = any(${ids}) and ${researchPlanScope(c, 'rp', 's')}`;
    case 'research_outreach':
      return sql`select o.id, o.title as label from research_outreach o where o.id = any(${ids}) and ${outreachScope(c, 'o')}`;
    case 'reading_book':
      return sql`select b.id, ${book(sql`b.title`)} || ' ' || b.year::text as label
                 from reading_books b where b.id = any(${ids}) and ${readingBookScope(c, 'b')}`;
    case 'reading_log':
      return sql`select rl.id, t.name || ' · ' || ${book(sql`rl.title`)} as label
                 from reading_logs rl join teachers t on t.id = rl.teacher_id
                 where rl.id = any(${ids}) and ${readingScope(c, 'rl')}`;
    case 'reading_note':
      return sql`select rn.id, t.name || ' · ' || ${book(sql`rl.title`)} as label
                 from reading_notes rn join reading_logs rl on rl.id = rn.log_id join teachers t on t.id = rn.teacher_id
                 where rn.id = any(${ids}) and ${readingScope(c, 'rn')}`;
    case 'reading_award':
      return sql`select ra.id, coalesce(t.name, s.name) || ' ' || ra.year::text as label
                 from reading_awards ra join schools s on s.id = ra.school_id left join teachers t on t.id = ra.teacher_id
                 where ra.id = any(${ids}) and ${readingScope(c, 'ra')}`;
    default:
      return null;
  }
}

const NAME_KEYS = ['name', 'displayName', 'title', 'teacherName', 'projectName', 'filename', 'number'];

/** A name from the entry's own snapshot, for a record deleted since. */
function fromSnapshot(e: Pick<AuditEntry, 'before' | 'after'>): string | null {
  for (const side of [e.before, e.after]) {
    if (!side || typeof side !== 'object') continue;
    for (const k of NAME_KEYS) {
      const v = (side as Record<string, unknown>)[k];
      if (typeof v === 'string' && v.trim()) return v;
    }
  }
  return null;
}

const keyOf = (entity: string, id: string) => `${entity}:${id}`;

/** The entries with `target` filled in: the record's name, or null for what has none (a setting). */
export async function withTargets(
  exec: Exec,
  user: CurrentUser,
  entries: Array<Omit<AuditEntry, 'target'>>,
): Promise<AuditEntry[]> {
  const byEntity = new Map<string, Set<number>>();
  for (const e of entries) {
    if (!e.entityId || !/^\d{1,9}$/.test(e.entityId)) continue;
    const set = byEntity.get(e.entity) ?? new Set<number>();
    set.add(Number(e.entityId));
    byEntity.set(e.entity, set);
  }
  const labels = new Map<string, string>();
  for (const [entity, ids] of byEntity) {
    const q = labelQuery(entity, user, intArray([...ids]));
    if (!q) continue;
    for (const r of await rows<{ id: number; label: string | null }>(exec, q)) {
      if (r.label) labels.set(keyOf(entity, String(r.id)), r.label);
    }
  }
  return entries.map((e) => ({
    ...e,
    target: (e.entityId ? labels.get(keyOf(e.entity, e.entityId)) : undefined) ?? fromSnapshot(e),
  }));
}
