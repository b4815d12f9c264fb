// 签到表: a project's participants (or the nominations awaiting review) with a blank signature
// column per session or per day, for the print page and as an A4 .xlsx. The rows are the
// participant list's, in its scope (a school admin prints their own teachers).
import { PLAN_TIME_ZONE, SIGN_IN_STATUSES, type SignInSheet, type SignInSheetQuery } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { type Db, one, rows } from '../../db/client.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { recordExport } from '../../http/export-audit.js';
import { loadProject, statusList } from './enrolment.shared.js';
import { participantScope } from './nominations.service.js';

/** Sessions past this many get a column per day instead (the sheet must fit a page's width). */
const MAX_SESSION_COLUMNS = 8;
/** A sheet never has more signature columns than this; longer projects print one sheet per stretch. */
export const COLUMNS_PER_SHEET = 10;
const MAX_DAYS = 62;

const md = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];

/** A signature column's heading as printed: `11月5日（周四）`, a session's `11月5日 08:30–10:00` and topic. */
export function columnHeading(c: SignInSheet['columns'][number]): string {
  if (c.start) return `${md(c.date)} ${c.start}–${c.end ?? ''}${c.topic ? `\n${c.topic}` : ''}`;
  return `${md(c.date)}（${weekday(c.date)}）`;
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end && out.length < MAX_DAYS) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

export async function getSignInSheet(
  db: Db,
  user: CurrentUser,
  projectId: number,
  q: SignInSheetQuery,
): Promise<SignInSheet> {
  const p = await loadProject(db, user, projectId);
  const extra = await one<{ organiser: string | null }>(
    db,
    sql`select coalesce(s.name, p.organiser) as organiser
        from projects p left join schools s on s.id = p.school_id where p.id = ${p.id}`,
  );
  const where = [...participantScope(user, p), sql`pa.status = any(${statusList(SIGN_IN_STATUSES[q.list])})`];
  if (q.schoolId) where.push(sql`pa.school_id = ${q.schoolId}`);
  const people = await rows<{
    id: number;
    name: string;
    gender: string | null;
    school_name: string;
    stage: string;
    subject: string;
  }>(
    db,
    sql`select pa.id, t.name, t.gender, s.name as school_name, t.stage, t.subject
        from participations pa join teachers t on t.id = pa.teacher_id join schools s on s.id = pa.school_id
        where ${sql.join(where, sql` and `)}
        order by s.name, t.name, pa.id`,
  );
  const sessions = await rows<{ id: number; date: string; start: string; end: string; topic: string }>(
    db,
    sql`select id, to_char(starts_at at time zone ${PLAN_TIME_ZONE}, 'YYYY-MM-DD') as date,
               to_char(starts_at at time zone ${PLAN_TIME_ZONE}, 'HH24:MI') as start,
               to_char(ends_at at time zone ${PLAN_TIME_ZONE}, 'HH24:MI') as end, topic
        from project_sessions where project_id = ${p.id} order by starts_at, id`,
  );
  const by = q.by ?? (sessions.length > 0 && sessions.length <= MAX_SESSION_COLUMNS ? 'session' : 'day');
  let columns: SignInSheet['columns'];
  if (by === 'session' && sessions.length > 0) {
    columns = sessions.map((s) => ({ key: `s${s.id}`, date: s.date, start: s.start, end: s.end, topic: s.topic }));
  } else {
    // A day per session date, or every day of the project when it has no sessions.
    const dates = sessions.length ? [...new Set(sessions.map((s) => s.date))] : daysBetween(p.start_date, p.end_date);
    columns = dates.map((d) => ({ key: d, date: d, start: null, end: null, topic: null }));
  }
  return {
    project: {
      id: p.id,
      name: p.name,
      level: p.level,
      startDate: p.start_date,
      endDate: p.end_date,
      place: p.place,
      hours: Number(p.hours),
      organiser: extra?.organiser ?? null,
    },
    list: q.list,
    by: by === 'session' && sessions.length > 0 ? 'session' : 'day',
    columns,
    rows: people.map((r, i) => ({
      no: i + 1,
      participationId: r.id,
      teacherName: r.name,
      gender: r.gender,
      schoolName: r.school_name,
      stage: r.stage,
      subject: r.subject,
    })),
  };
}

export const signInTitle = (s: SignInSheet) => `${s.project.name}${s.list === 'nominated' ? '推荐名单' : '签到表'}`;

/**
 * The sheet as .xlsx: A4 (landscape past four signature columns), title and header repeated on
 * every printed page, tall rows to sign in; a project longer than COLUMNS_PER_SHEET columns gets
 * one worksheet per stretch. Audited like every export of names.
 */
export async function signInWorkbook(db: Db, actor: Actor, sheet: SignInSheet, filters: object): Promise<Buffer> {
  await recordExport(
    db,
    actor,
    {
      action: 'participation.sign_in_sheet',
      entity: 'project',
      entityId: sheet.project.id,
      filters,
      extra: { list: signInTitle(sheet) },
    },
    sheet.rows.length,
  );
  const wb = new ExcelJS.Workbook();
  wb.creator = '师训 Shixun';
  const stretches: SignInSheet['columns'][] = [];
  for (let i = 0; i < Math.max(1, sheet.columns.length); i += COLUMNS_PER_SHEET) {
    stretches.push(sheet.columns.slice(i, i + COLUMNS_PER_SHEET));
  }
  const title = signInTitle(sheet);
  const p = sheet.project;
  const facts = [
    `${p.startDate === p.endDate ? p.startDate : `${p.startDate} 至 ${p.endDate}`}`,
    p.place ? `地点：${p.place}` : '',
    p.organiser ? `主办：${p.organiser}` : '',
    `共 ${sheet.rows.length} 人`,
  ]
    .filter(Boolean)
    .join('　');
  stretches.forEach((cols, part) => {
    const name = stretches.length > 1 ? `签到表（${part + 1}）` : sheet.list === 'nominated' ? '推荐名单' : '签到表';
    const fixed = [
      { header: '序号', width: 6 },
      { header: '姓名', width: 10 },
      { header: '学校', width: 24 },
      { header: '学段学科', width: 12 },
    ];
    const signWidth = cols.length > 6 ? 11 : cols.length > 3 ? 14 : 18;
    const headers = [...fixed.map((f) => f.header), ...cols.map(columnHeading)];
    if (cols.length === 0) headers.push('签名');
    const landscape = headers.length > 8;
    const ws = wb.addWorksheet(name, {
      pageSetup: {
        paperSize: 9,
        orientation: landscape ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 },
        printTitlesRow: '1:3',
      },
      headerFooter: { oddFooter: `${title}　第 &P 页，共 &N 页` },
      views: [{ state: 'frozen', ySplit: 3 }],
    });
    ws.columns = [
      ...fixed.map((f) => ({ width: f.width })),
      ...headers.slice(fixed.length).map(() => ({ width: signWidth })),
    ];
    const last = headers.length;
    ws.mergeCells(1, 1, 1, last);
    ws.mergeCells(2, 1, 2, last);
    const t = ws.getCell(1, 1);
    t.value = stretches.length > 1 ? `${title}（${part + 1}/${stretches.length}）` : title;
    t.font = { size: 16, bold: true };
    t.alignment = { horizontal: 'center', vertical: 'middle' };
    ws.getRow(1).height = 30;
    const f = ws.getCell(2, 1);
    f.value = facts;
    f.alignment = { horizontal: 'center', vertical: 'middle' };
    ws.getRow(2).height = 20;
    const head = ws.getRow(3);
    head.values = headers;
    head.height = cols.some((c) => c.topic) ? 36 : 22;
    head.font = { bold: true };
    const thin: Partial<ExcelJS.Border> = { style: 'thin' };
    const border: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
    head.eachCell((cell) => {
      cell.border = border;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    for (const r of sheet.rows) {
      const row = ws.addRow([
        r.no,
        r.teacherName,
        r.schoolName,
        `${r.stage}${r.subject}`,
        ...headers.slice(4).map(() => ''),
      ]);
      row.height = 26;
      for (let i = 1; i <= last; i++) {
        const cell = row.getCell(i);
        cell.border = border;
        cell.alignment = { vertical: 'middle', horizontal: i === 1 ? 'center' : 'left', wrapText: i === 3 };
      }
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
