// Writes the demo county's school-based development (school-research.data.ts makes it): activities
// with participants, evidence photos, spot checks, the ledger postings that closing made (and the
// reversals of the two failed checks), 送教下乡 with their stages, plans and summaries, and the
// reading programme. Plain multi-row SQL and unnest of column arrays, inside the seed's transaction.
// The evidence photos (demo-photos.ts) are stored once and shared by the rows.
import { randomBytes } from 'node:crypto';
import { ROLE_LABELS } from '@shixun/common';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { writeLedger } from '../../modules/credits/ledger-write.js';
import { EVIDENCE_OWNER } from '../../modules/school-research/activities.repo.js';
import { researchCreditRule } from '../../modules/school-research/settings.service.js';
import { one, rows, type Tx } from '../client.js';
import type { DemoCounty } from './county.js';
import { storePhotos } from './demo-photos.js';
import { generateResearch } from './school-research.data.js';

export interface ResearchSeedSummary {
  activities: number;
  participants: number;
  outreach: number;
  plans: number;
  readingLogs: number;
}

const lit = (items: readonly (string | number)[]) => `{${items.join(',')}}`;

export async function seedSchoolResearch(
  deps: Pick<Deps, 'config'>,
  tx: Tx,
  county: DemoCounty,
  opts: { regionId: number; schoolIds: number[]; teacherIds: number[]; today: string },
): Promise<ResearchSeedSummary> {
  const { regionId, schoolIds, teacherIds, today } = opts;
  const data = generateResearch(county, { today });
  const users = new Map(
    (
      await rows<{ id: number; username: string }>(
        tx,
        sql`select id, username from users where region_id = ${regionId}
            and username in ('county', 'area1', 'school1', 'school2')`,
      )
    ).map((u) => [u.username, u.id]),
  );
  const countyUser = users.get('county')!;
  const teacherUser = new Map(
    (
      await rows<{ id: number; teacher_id: number }>(
        tx,
        sql`select id, teacher_id from users where region_id = ${regionId} and teacher_id is not null`,
      )
    ).map((u) => [u.teacher_id, u.id]),
  );
  /** The school's admin account where the demo has one (school1, school2). */
  const adminOf = (school: number) =>
    school === county.school1 ? users.get('school1')! : school === county.school2 ? users.get('school2')! : null;
  const tid = (i: number) => teacherIds[i]!;
  const sid = (i: number) => schoolIds[i]!;
  const rule = await researchCreditRule(tx, regionId);
  const consortiumId = new Map(
    (
      await rows<{ id: number; name: string }>(tx, sql`select id, name from consortia where region_id = ${regionId}`)
    ).map((c) => [c.name, c.id]),
  );
  const cid = (i: number) => consortiumId.get(county.consortia[i]!.name)!;

  // ---------- 送教下乡 ----------
  const outreachIds: number[] = [];
  for (const o of data.outreach) {
    const row = await one<{ id: number }>(
      tx,
      sql`insert into research_outreach (region_id, organiser_kind, school_id, organiser_name, target_school_id, title,
                                         subject, year, stages, created_by, created_at, updated_at)
          values (${regionId}, 'school', ${sid(o.core)}, ${county.schools[o.core]!.name}, ${sid(o.target)}, ${o.title},
                  ${o.subject}, ${o.year}, ${JSON.stringify(['调研诊断', '示范引领', '研课磨课', '成果展示', '总结提升'])}::jsonb,
                  ${adminOf(o.core) ?? countyUser}, ${o.createdAt}::timestamptz, ${o.createdAt}::timestamptz)
          returning id`,
    );
    outreachIds.push(row!.id);
  }

  // ---------- activities ----------
  const acts = data.activities;
  const secrets = acts.map(() => randomBytes(24).toString('base64url'));
  const withdrawn = (a: (typeof acts)[number]) => a.spotCheck?.verdict === 'failed';
  const col = <T>(f: (a: (typeof acts)[number], i: number) => T) => sql.param(acts.map(f));
  const inserted = await rows<{ id: number; qr_secret: string }>(
    tx,
    sql`insert into research_activities (region_id, school_id, title, type, place, host, starts_at, ends_at, hours,
                                         school_ids, subjects, consortium_id, outreach_id, stage_no, qr_secret, status,
                                         recorded_late, closed_at, closed_by, withdrawn_at, withdraw_reason, confirmed_at,
                                         confirmed_by, created_by, created_at, updated_at)
        select ${regionId}, u.school_id, u.title, u.type, u.place, u.host, u.starts_at::timestamptz, u.ends_at::timestamptz,
               u.hours::numeric, u.school_ids::int[], u.subjects::text[], u.consortium_id, u.outreach_id,
               u.stage_no::smallint, u.qr_secret, u.status, u.recorded_late, u.closed_at::timestamptz, u.closed_by,
               u.withdrawn_at::timestamptz, u.withdraw_reason, u.confirmed_at::timestamptz, u.confirmed_by, u.created_by,
               u.created_at::timestamptz, coalesce(u.withdrawn_at, u.closed_at)::timestamptz
        from unnest(${col((a) => sid(a.school))}::int[], ${col((a) => a.title)}::text[], ${col((a) => a.type)}::text[],
                    ${col((a) => a.place)}::text[], ${col((a) => a.host)}::text[], ${col((a) => a.startsAt)}::text[],
                    ${col((a) => a.endsAt)}::text[], ${col((a) => String(a.hours))}::text[],
                    ${col((a) => lit(a.schools.map(sid)))}::text[], ${col((a) => lit(a.subjects))}::text[],
                    ${col((a) => (a.consortium == null ? null : cid(a.consortium)))}::int[],
                    ${col((a) => (a.outreach ? outreachIds[a.outreach.index]! : null))}::int[],
                    ${col((a) => a.outreach?.stageNo ?? null)}::int[], ${col((_, i) => secrets[i]!)}::text[],
                    ${col((a) => (withdrawn(a) ? 'withdrawn' : 'closed'))}::text[], ${col((a) => a.recordedLate)}::boolean[],
                    ${col((a) => a.closedAt)}::text[], ${col((a) => adminOf(a.school) ?? countyUser)}::int[],
                    ${col((a) => (withdrawn(a) ? a.spotCheck!.at : null))}::text[],
                    ${col((a) => (withdrawn(a) ? a.spotCheck!.reason : null))}::text[],
                    ${col((a) => a.confirmedAt)}::text[],
                    ${col((a) => (a.confirmedAt ? (adminOf(a.schools[0]!) ?? countyUser) : null))}::int[],
                    ${col((a) => adminOf(a.school))}::int[], ${col((a) => a.createdAt)}::text[])
             as u(school_id, title, type, place, host, starts_at, ends_at, hours, school_ids, subjects, consortium_id,
                  outreach_id, stage_no, qr_secret, status, recorded_late, closed_at, closed_by, withdrawn_at,
                  withdraw_reason, confirmed_at, confirmed_by, created_by, created_at)
        returning id, qr_secret`,
  );
  const idBySecret = new Map(inserted.map((r) => [r.qr_secret, r.id]));
  const actId = acts.map((_, i) => idBySecret.get(secrets[i]!)!);

  // ---------- participants ----------
  const parts = acts.flatMap((a, i) => a.participants.map((p) => ({ a, i, p })));
  const pc = <T>(f: (x: (typeof parts)[number]) => T) => sql.param(parts.map(f));
  await tx.execute(
    sql`insert into research_participants (activity_id, teacher_id, region_id, school_id, role, status, method,
                                           checked_at, marked_by, reason)
        select u.activity_id, u.teacher_id, ${regionId}, u.school_id, u.role, u.status, u.method,
               u.checked_at::timestamptz, u.marked_by, u.reason
        from unnest(${pc((x) => actId[x.i]!)}::int[], ${pc((x) => tid(x.p.teacher))}::int[],
                    ${pc((x) => sid(county.teachers[x.p.teacher]!.school))}::int[], ${pc((x) => x.p.role)}::text[],
                    ${pc((x) => x.p.status)}::text[], ${pc((x) => x.p.method)}::text[], ${pc((x) => x.p.checkedAt)}::text[],
                    ${pc((x) => (x.p.method === 'manual' ? (adminOf(x.a.school) ?? countyUser) : null))}::int[],
                    ${pc((x) => x.p.reason)}::text[])
             as u(activity_id, teacher_id, school_id, role, status, method, checked_at, marked_by, reason)`,
  );

  // ---------- the ledger: what closing posted, and the reversals of failed spot checks ----------
  const cap = rule.activityCap;
  await writeLedger(
    tx,
    {
      columns: [
        'region_id',
        'teacher_id',
        'source',
        'source_ref',
        'category',
        'level',
        'mode',
        'hours',
        'occurred_on',
        'note',
        'approved_by',
        'created_by',
        'created_at',
      ],
      select: sql`select rp.region_id, rp.teacher_id, 'school_activity', 'research-activity:' || ra.id,
               case when ra.outreach_id is null then '校本研修' else '送教下乡' end, '校培',
               case when ra.outreach_id is null then null else '送教下乡' end,
               ${cap == null ? sql`ra.hours` : sql`least(ra.hours, ${cap}::numeric)`},
               (ra.ends_at at time zone 'Asia/Shanghai')::date,
               case when ra.outreach_id is null then '校本研修' else '送教下乡' end || '《' || ra.title || '》（' || ra.type || '）',
               ra.closed_by, ra.closed_by, ra.closed_at
        from research_participants rp join research_activities ra on ra.id = rp.activity_id
        where ra.region_id = ${regionId}`,
    },
    { onConflict: 'nothing' },
  );
  // The failed spot checks' reversals (the postings found through the ledger's unique index).
  const failed = acts.flatMap((a, i) => (withdrawn(a) ? [{ ref: `research-activity:${actId[i]!}`, a }] : []));
  for (const { ref, a } of failed) {
    await writeLedger(tx, {
      columns: [
        'region_id',
        'teacher_id',
        'source',
        'source_ref',
        'category',
        'level',
        'mode',
        'hours',
        'occurred_on',
        'note',
        'approved_by',
        'reverses_id',
        'created_by',
        'created_at',
      ],
      select: sql`select c.region_id, c.teacher_id, c.source, c.source_ref, c.category, c.level, c.mode, -c.hours, c.occurred_on,
                 ${`抽查不合格，撤销学时：${a.spotCheck!.reason}`}::text, ${countyUser}::int, c.id, ${countyUser}::int,
                 ${a.spotCheck!.at}::timestamptz
          from credit_ledger c
          where c.source = 'school_activity' and c.source_ref = ${ref} and c.reverses_id is null`,
    });
  }

  // ---------- spot checks ----------
  const checked = acts.map((a, i) => ({ a, i })).filter((x) => x.a.spotCheck);
  if (checked.length) {
    await tx.execute(
      sql`insert into research_spot_checks (region_id, activity_id, verdict, reason, sampled_by, checked_by, checker_role,
                                            reversed_entries, created_at, decided_at)
          values ${sql.join(
            checked.map(({ a, i }) => {
              const c = a.spotCheck!;
              const pending = c.verdict === 'pending';
              const by = c.by === 'area' ? users.get('area1')! : countyUser;
              const sampled = new Date(new Date(c.at).getTime() - (pending ? 0 : 2 * 86_400_000)).toISOString();
              return sql`(${regionId}, ${actId[i]!}, ${c.verdict}, ${c.reason}, ${countyUser},
                          ${pending ? null : by}::int, ${pending ? null : ROLE_LABELS[c.by === 'area' ? 'area_admin' : 'county_admin']},
                          ${c.verdict === 'failed' ? a.participants.length : 0}, ${sampled}::timestamptz,
                          ${pending ? null : c.at}::timestamptz)`;
            }),
            sql`, `,
          )}`,
    );
  }

  // ---------- evidence photos ----------
  const photos = acts.some((a) => a.evidence.length) ? await storePhotos(deps) : [];
  const files = acts.flatMap((a, i) =>
    a.evidence.map((uploadedAt, k) => ({
      i,
      uploadedAt,
      photo: photos[(i + k) % photos.length]!,
      name: `${a.type}现场照片${k + 1}.png`,
      by:
        adminOf(a.school) ??
        teacherUser.get(tid(a.participants.find((p) => p.role === 'participant')?.teacher ?? 0)) ??
        countyUser,
    })),
  );
  const fc = <T>(f: (x: (typeof files)[number]) => T) => sql.param(files.map(f));
  if (files.length) {
    await tx.execute(
      sql`insert into attachments (region_id, owner_kind, owner_id, filename, mime, size, sha256, storage_key, uploaded_by,
                                   created_at)
          select ${regionId}, ${EVIDENCE_OWNER}, u.owner_id, u.filename, 'image/png', u.size, u.sha256, u.storage_key,
                 u.uploaded_by, u.created_at::timestamptz
          from unnest(${fc((x) => actId[x.i]!)}::bigint[], ${fc((x) => x.name)}::text[], ${fc((x) => x.photo.size)}::int[],
                      ${fc((x) => x.photo.sha256)}::text[], ${fc((x) => x.photo.key)}::text[], ${fc((x) => x.by)}::int[],
                      ${fc((x) => x.uploadedAt)}::text[])
               as u(owner_id, filename, size, sha256, storage_key, uploaded_by, created_at)`,
    );
  }

  // ---------- plans and summaries ----------
  if (data.plans.length) {
    await tx.execute(
      sql`insert into research_plans (region_id, school_id, school_year, kind, theme, goals, body, items, status,
                                       review_comment, submitted_at, reviewed_at, reviewed_by, created_by, created_at,
                                       updated_at)
          values ${sql.join(
            data.plans.map(
              (p) =>
                sql`(${regionId}, ${sid(p.school)}, ${p.schoolYear}, ${p.kind}, ${p.theme}, ${p.goals}, ${p.body},
                     ${JSON.stringify(p.items)}::jsonb, ${p.status}, ${p.reviewComment}, ${p.submittedAt}::timestamptz,
                     ${p.reviewedAt}::timestamptz, ${p.reviewedAt ? countyUser : null}::int, ${adminOf(p.school)}::int,
                     ${p.createdAt}::timestamptz, ${p.reviewedAt ?? p.submittedAt ?? p.createdAt}::timestamptz)`,
            ),
            sql`, `,
          )}`,
    );
  }

  // ---------- reading ----------
  const bookRows = await rows<{ id: number; title: string }>(
    tx,
    sql`insert into reading_books (region_id, year, title, author, note, sort, created_by, created_at)
        values ${sql.join(
          data.books.map(
            (b, k) =>
              sql`(${regionId}, ${data.readingYear}, ${b.title}, ${b.author}, ${b.note}, ${k + 1}, ${countyUser},
                   ${b.createdAt}::timestamptz)`,
          ),
          sql`, `,
        )}
        returning id, title`,
  );
  const bookId = new Map(bookRows.map((b) => [b.title, b.id]));
  const logs = data.logs;
  const lc = <T>(f: (l: (typeof logs)[number]) => T) => sql.param(logs.map(f));
  const logRows = logs.length
    ? await rows<{ id: number; teacher_id: number; title: string }>(
        tx,
        sql`insert into reading_logs (region_id, teacher_id, school_id, year, book_id, title, author, finished_on,
                                      created_at, updated_at)
            select ${regionId}, t.id, t.school_id, ${data.readingYear}, u.book_id, u.title, u.author, u.finished_on::date,
                   u.created_at::timestamptz, u.created_at::timestamptz
            from unnest(${lc((l) => tid(l.teacher))}::int[], ${lc((l) => (l.book == null ? null : (bookId.get(l.title) ?? null)))}::int[],
                        ${lc((l) => l.title)}::text[], ${lc((l) => l.author)}::text[], ${lc((l) => l.finishedOn)}::text[],
                        ${lc((l) => l.createdAt)}::text[])
                 as u(teacher_id, book_id, title, author, finished_on, created_at)
            join teachers t on t.id = u.teacher_id
            returning id, teacher_id, title`,
      )
    : [];
  const logId = new Map(logRows.map((l) => [`${l.teacher_id}|${l.title}`, l.id]));
  const notes = logs.flatMap((l) => l.notes.map((n) => ({ l, n })));
  const nc = <T>(f: (x: (typeof notes)[number]) => T) => sql.param(notes.map(f));
  if (notes.length) {
    await tx.execute(
      sql`insert into reading_notes (region_id, log_id, teacher_id, school_id, body, rating, reviewed_by, reviewed_at,
                                     created_at)
          select ${regionId}, u.log_id, t.id, t.school_id, u.body, u.rating, u.reviewed_by, u.reviewed_at::timestamptz,
                 u.created_at::timestamptz
          from unnest(${nc((x) => logId.get(`${tid(x.l.teacher)}|${x.l.title}`)!)}::int[], ${nc((x) => tid(x.l.teacher))}::int[],
                      ${nc((x) => x.n.body)}::text[], ${nc((x) => x.n.rating)}::text[],
                      ${nc((x) => (x.n.rating ? (adminOf(county.teachers[x.l.teacher]!.school) ?? countyUser) : null))}::int[],
                      ${nc((x) => x.n.reviewedAt)}::text[], ${nc((x) => x.n.createdAt)}::text[])
               as u(log_id, teacher_id, body, rating, reviewed_by, reviewed_at, created_at)
          join teachers t on t.id = u.teacher_id`,
    );
  }

  return {
    activities: acts.length,
    participants: parts.length,
    outreach: data.outreach.length,
    plans: data.plans.length,
    readingLogs: logs.length,
  };
}
