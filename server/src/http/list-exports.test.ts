// Every list's .xlsx export (the integration contract: GET /api/<list>/export honours the list's
// filters and the caller's scope, and answers an .xlsx): same rows as the list, one audit entry per
// export, and nothing of one county for another county's admin or a foreign school's admin.
import { maskIdNumber } from '@shixun/common';
import { sql } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addParticipation, createProject } from '../../test/training.js';
import { one } from '../db/client.js';
import {
  assessmentContext,
  auditOf,
  type Body,
  type Ctx,
  mark,
  runningProject,
  setStatus,
} from '../modules/assessment/assessment.fixtures.js';
import { readXlsx } from '../modules/imports/imports.fixtures.js';
import { loadCurrentUser } from './auth.js';
import { EXPORT_PAGE_SIZE, sendAuditedExport } from './export-audit.js';

let c: Ctx;
let projectId: number;
/** 乙县's school admin: a foreign school. */
let foreignSchool: string;
let foreignSchoolUser: number;

/** The sheet's rows below the header, as text. */
function sheetRows(wb: ExcelJS.Workbook): string[][] {
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.value == null ? '' : String(cell.value)));
    out.push(cells);
  });
  return out;
}
const header = (wb: ExcelJS.Workbook) => (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1).map(String);

async function exportAs(who: Parameters<Ctx['call']>[0] | number, url: string) {
  const res =
    typeof who === 'number'
      ? await c.t.app.inject({ url, headers: { cookie: await c.cookieFor(who) } })
      : await c.call(who, 'GET', url);
  if (typeof who === 'number') {
    const r = res as Awaited<ReturnType<typeof c.t.app.inject>>;
    return { status: r.statusCode, raw: r.rawPayload, headers: r.headers as Record<string, unknown>, body: null };
  }
  return res as { status: number; raw: Buffer; headers: Record<string, unknown>; body: Body };
}

async function rowsOf(who: Parameters<Ctx['call']>[0] | number, url: string) {
  const res = await exportAs(who, url);
  expect(res.status, `${url}: ${res.raw.toString().slice(0, 200)}`).toBe(200);
  expect(String(res.headers['content-type'])).toContain('spreadsheetml');
  expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
  const wb = await readXlsx(res.raw);
  return { header: header(wb), rows: sheetRows(wb) };
}

beforeAll(async () => {
  c = await assessmentContext();
  const p = await runningProject(c, { ended: 1, name: '县级骨干教师培训' });
  projectId = p.projectId;
  for (const id of [p.pA, p.pB]) await mark(c, p.sessions, id, 1);
  await c.call('county', 'PUT', `/api/projects/${projectId}/assessment`, [
    { participationId: p.pA, result: '合格' },
    { participationId: p.pB, result: '合格' },
  ]);
  await setStatus(c, projectId, 'assessing');
  expect(
    (await c.call('county', 'POST', `/api/projects/${projectId}/complete`, { issueCertificates: true })).status,
  ).toBe(200);
  // A credit application of teacher A, an expense of school A, a claim of teacher A for a provincial trip.
  const app = await c.call('teacherA', 'POST', '/api/credit-applications', {
    kind: 'paper',
    title: '论文《大单元教学》',
    occurredOn: '2026-05-01',
    claimedHours: 6,
  });
  expect(app.status, JSON.stringify(app.body)).toBeLessThan(300);
  const exp = await c.call('county', 'POST', '/api/expenses', {
    schoolId: c.w.schoolA,
    category: 'travel',
    amount: '120.50',
    spentOn: '2026-05-02',
    note: '送教下乡交通',
  });
  expect(exp.status, JSON.stringify(exp.body)).toBeLessThan(300);
  const trip = await createProject(c.deps, c.w, {
    name: '省级骨干教师培训',
    level: '省培',
    organiserType: 'upper',
    status: 'closed',
    startDate: '2026-03-02',
    endDate: '2026-03-06',
  });
  const part = await addParticipation(c.deps, c.w, trip, c.w.teacherA, 'completed');
  const claim = await c.call('teacherA', 'POST', '/api/claims', {
    participationId: part,
    items: [{ category: 'travel', amount: '320.5' }],
  });
  expect(claim.status, JSON.stringify(claim.body)).toBeLessThan(300);
  foreignSchool = c.other.users.schoolA;
  foreignSchoolUser = (await one<{ id: number }>(
    c.deps.db,
    sql`select id from users where username = ${foreignSchool}`,
  ))!.id;
});
afterAll(async () => {
  await c?.t.close();
});

describe('list exports', () => {
  const lists = () => [
    { url: '/api/projects/export?year=2026', list: '/api/projects?year=2026', mark: '县级骨干教师培训' },
    { url: '/api/trainers/export', list: '/api/trainers', mark: '王专家' },
    {
      url: `/api/projects/${projectId}/participants/export`,
      list: `/api/projects/${projectId}/participants`,
      mark: '张三',
    },
    {
      url: `/api/projects/${projectId}/certificates/export`,
      list: `/api/projects/${projectId}/certificates`,
      mark: '张三',
    },
    { url: '/api/credit-applications/export', list: '/api/credit-applications', mark: '大单元教学' },
    { url: '/api/claims/export', list: '/api/claims', mark: '省级骨干教师培训' },
    { url: '/api/expenses/export?year=2026', list: '/api/expenses?year=2026', mark: '送教下乡交通' },
    { url: '/api/audit/export', list: '/api/audit', mark: '颁发结业证书' },
    { url: '/api/accounts/export', list: '/api/accounts', mark: c.w.users.schoolA },
  ];

  it('answer the list’s rows as .xlsx for the county admin, and audit who exported how many rows', async () => {
    for (const l of lists()) {
      const list = await c.call('county', 'GET', `${l.list}${l.list.includes('?') ? '&' : '?'}pageSize=200`);
      expect(list.status).toBe(200);
      const before = (await auditOf(c, actionOf(l.url))).length;
      const x = await rowsOf('county', l.url);
      expect(x.rows.length, l.url).toBe(list.body.total);
      expect(x.rows.flat().join('|'), l.url).toContain(l.mark);
      const audits = await auditOf(c, actionOf(l.url));
      expect(audits.length, l.url).toBe(before + 1);
      expect(audits.at(-1)!.after.rows, l.url).toBe(list.body.total);
    }
  });

  it('record the filters used', async () => {
    await rowsOf('county', '/api/trainers/export?kind=external&q=王');
    const last = (await auditOf(c, 'trainer.export')).at(-1)!;
    expect(last.after).toMatchObject({ list: '培训者库', rows: 1, filters: { kind: 'external', q: '王' } });
  });

  it('honour the list’s filters', async () => {
    const x = await rowsOf('county', `/api/projects/${projectId}/participants/export?schoolId=${c.w.schoolB}`);
    expect(x.rows.map((r) => r[0])).toEqual(['李四']);
    const none = await rowsOf('county', '/api/trainers/export?q=不存在的人');
    expect(none.rows).toEqual([]);
    expect(none.header).toContain('姓名');
  });

  it('never write a full ID number', async () => {
    const x = await rowsOf('county', `/api/projects/${projectId}/participants/export`);
    const idColumn = x.header.indexOf('身份证号');
    for (const r of x.rows) expect(r[idColumn]).toMatch(/\*/);
    for (const id of c.w.idNumbers) expect(x.rows.flat().join('|')).not.toContain(id);
  });

  it('show a school admin only their school', async () => {
    const x = await rowsOf('schoolB', `/api/projects/${projectId}/participants/export`);
    expect(x.rows.map((r) => r[0])).toEqual(['李四']);
    const certs = await rowsOf('schoolB', `/api/projects/${projectId}/certificates/export`);
    expect(certs.rows.map((r) => r[1])).toEqual(['李四']);
    const apps = await rowsOf('schoolB', '/api/credit-applications/export');
    expect(apps.rows).toEqual([]);
  });

  it('give another county’s admin nothing of this county', async () => {
    for (const l of lists()) {
      const res = await exportAs('otherCounty', l.url);
      if (l.url.includes(`/projects/${projectId}/`)) {
        expect(res.status, l.url).toBe(404);
        continue;
      }
      expect(res.status, l.url).toBe(200);
      const wb = await readXlsx(res.raw);
      expect(sheetRows(wb).flat().join('|'), l.url).not.toContain(l.mark);
    }
  });

  it('give a foreign school’s admin 403, 404 or nothing of this county', async () => {
    for (const l of lists()) {
      const res = await exportAs(foreignSchoolUser, l.url);
      expect([200, 403, 404], l.url).toContain(res.status);
      if (res.status !== 200) continue;
      const wb = await readXlsx(res.raw);
      expect(sheetRows(wb).flat().join('|'), l.url).not.toContain(l.mark);
    }
    // The audit log is the county admins' alone.
    expect((await exportAs('schoolA', '/api/audit/export')).status).toBe(403);
    expect((await exportAs('anon', '/api/trainers/export')).status).toBe(401);
  });

  it('are documented in OpenAPI with the list’s query parameters', async () => {
    const res = await c.t.app.inject({ url: '/api/openapi.json' });
    const doc = res.json();
    for (const l of lists()) {
      const path = l.url.split('?')[0]!.replace(String(projectId), '{id}');
      const op = doc.paths[path]?.get;
      expect(op, path).toBeTruthy();
      const listOp = doc.paths[l.list.split('?')[0]!.replace(String(projectId), '{id}')].get;
      const names = (ps: Array<{ name: string; in: string }>) =>
        ps
          .filter((p) => p.in === 'query' && p.name !== 'page' && p.name !== 'pageSize')
          .map((p) => p.name)
          .sort();
      expect(names(op.parameters ?? []), path).toEqual(names(listOp.parameters ?? []));
    }
  });
});

describe('the accounts export', () => {
  it('holds no password, activation code or full ID number, and honours the list’s filters', async () => {
    // Live activation codes for a trainer's account and a new admin; an admin whose username is an ID number.
    const slips = await c.call('county', 'POST', '/api/accounts/slips', {
      userIds: [c.userIds.trainer2],
      reissue: true,
    });
    expect(slips.status, JSON.stringify(slips.body)).toBe(200);
    const idName = c.w.idNumbers[1]!;
    const made = await c.call('county', 'POST', '/api/accounts', {
      username: idName,
      displayName: '身份证号做用户名',
      role: 'leader',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const codes = [...slips.body.slips, ...made.body.batch.slips].map((x: { code: string }) => x.code);
    expect(codes.length).toBeGreaterThan(1);

    const res = await exportAs('county', '/api/accounts/export?state=code_issued');
    expect(res.status).toBe(200);
    const wb = await readXlsx(res.raw);
    const text = sheetRows(wb).flat().join('|');
    expect(header(wb)).toEqual([
      '用户名',
      '姓名',
      '角色',
      '学校 / 学区 / 教联体',
      '手机号',
      '开通情况',
      '账号状态',
      '最近登录（北京时间）',
    ]);
    expect(text).toContain('身份证号做用户名');
    expect(text).toContain('已发开通码');
    for (const code of codes) expect(text).not.toContain(code);
    for (const id of c.w.idNumbers) expect(text).not.toContain(id);
    expect(text).toContain(maskIdNumber(idName));
    // Only accounts with a live code: the county admin (active) is not in this file.
    expect(text).not.toContain(`|${c.w.users.county}|`);
    const hashes = await one<{ n: number }>(
      c.deps.db,
      sql`select count(*)::int as n from users where password_hash is not null`,
    );
    expect(hashes!.n).toBeGreaterThan(0);
    expect(text).not.toMatch(/\$argon2/);
    const entry = (await auditOf(c, 'account.export')).at(-1)!;
    expect(entry.after).toMatchObject({ list: '账号列表', filters: { state: 'code_issued' } });
  });

  it('is the county admin’s alone', async () => {
    expect((await exportAs('schoolA', '/api/accounts/export')).status).toBe(403);
    expect((await exportAs('leader', '/api/accounts/export')).status).toBe(403);
  });
});

describe('sendAuditedExport', () => {
  const fakeReply = () => {
    const headers: Record<string, string> = {};
    let body: unknown;
    const reply = {
      header(k: string, v: string) {
        headers[k] = v;
        return reply;
      },
      send(b: unknown) {
        body = b;
        return reply;
      },
    };
    return { reply, headers, body: () => body as NodeJS.ReadableStream };
  };
  const actor = async () => ({
    user: await loadCurrentUser(c.deps.db, c.userIds.county),
    ip: null,
    userAgent: null,
  });

  it('reads the list a page at a time, in order, to the last row', async () => {
    const all = Array.from({ length: EXPORT_PAGE_SIZE * 2 + 17 }, (_, i) => ({ n: i + 1 }));
    const asked: number[] = [];
    const r = fakeReply();
    await sendAuditedExport(r.reply, c.deps.db, await actor(), {
      name: '测试',
      action: 'test.export',
      entity: 'test',
      columns: [{ header: '序号', key: 'n' }],
      filters: { q: '甲', flag: false, none: undefined },
      page: async ({ page, pageSize }) => {
        asked.push(page);
        return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length };
      },
    });
    const chunks: Buffer[] = [];
    for await (const chunk of r.body()) chunks.push(chunk as Buffer);
    const wb = await readXlsx(Buffer.concat(chunks));
    const got = sheetRows(wb).map((row) => Number(row[0]));
    expect(got).toEqual(all.map((x) => x.n));
    expect(asked).toEqual([1, 2, 3]);
    expect(r.headers['content-disposition']).toContain(encodeURIComponent('测试'));
    const entry = (await auditOf(c, 'test.export')).at(-1)!;
    expect(entry.after).toEqual({ list: '测试', rows: all.length, filters: { q: '甲' } });
  });

  it('refuses more rows than an export may hold, before writing anything', async () => {
    const r = fakeReply();
    await expect(
      sendAuditedExport(r.reply, c.deps.db, await actor(), {
        name: '测试',
        action: 'test.export_big',
        entity: 'test',
        columns: [{ header: '序号', key: 'n' }],
        filters: {},
        maxRows: 10,
        page: async () => ({ items: [{ n: 1 }], total: 11 }),
      }),
    ).rejects.toThrow(/超过单次导出上限 10 行/);
    expect(r.body()).toBeUndefined();
    expect(await auditOf(c, 'test.export_big')).toEqual([]);
  });
});

function actionOf(url: string): string {
  if (url.includes('/participants/')) return 'participation.export';
  if (url.includes('/certificates/')) return 'certificate.export';
  if (url.startsWith('/api/projects')) return 'project.export';
  if (url.startsWith('/api/trainers')) return 'trainer.export';
  if (url.startsWith('/api/credit-applications')) return 'credit_application.export';
  if (url.startsWith('/api/claims')) return 'claim.export';
  if (url.startsWith('/api/expenses')) return 'expense.export';
  if (url.startsWith('/api/accounts')) return 'account.export';
  return 'audit.export';
}
