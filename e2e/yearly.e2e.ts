// The yearly loop in the browser: (a) a teacher answers a finished training's satisfaction survey on
// a phone — from the to-do, required questions missed and marked, then sent — and finds it among
// the answered, counted in the training's report; (b) the county builds a rubric, computes it, adjusts a school with a reason and
// publishes; the school's admin reads its scorecard (score, grade, rank, the reason) and the
// ranking; the leader's dashboard draws its charts under the Content-Security-Policy.
import { randomInt } from 'node:crypto';
import type { MySurveys, ParticipantItem, ProjectSatisfactionRow, SlipBatch } from '@shixun/common';
import { type Browser, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiAs, getJson } from './lib/api';
import { baseURL, launchBrowser, login, settled, withPage } from './lib/browser';
import { demoPassword } from './lib/demo';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Collects Content-Security-Policy violations from the start of every document. */
async function watchCsp(page: Page) {
  await page.addInitScript(
    `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`,
  );
  return () => page.evaluate('window.__csp') as Promise<string[]>;
}

const sideways = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;

/**
 * A teacher with a satisfaction survey waiting, whatever today is: a participant of a training
 * whose survey has opened and nobody has answered yet (the demo's 考核中 course always is one),
 * away from the schools other browser tests use, whose account is opened with an activation code
 * as the county would issue it (账号开通单).
 */
async function teacherWithOpenSurvey() {
  const county = await apiAs('county', demoPassword('county'));
  try {
    const year = new Date().getFullYear();
    for (const y of [year, year - 1]) {
      const list = await getJson<{ items: ProjectSatisfactionRow[] }>(
        county,
        `/api/surveys/satisfaction/projects?year=${y}`,
      );
      // The county's own courses first: they have trainers to rate.
      const open = list.items.filter((x) => x.invited > 0 && x.responses === 0);
      open.sort((a, b) => Number(b.level === '县培') - Number(a.level === '县培'));
      for (const p of open) {
        const people = await getJson<{ items: ParticipantItem[] }>(
          county,
          `/api/projects/${p.projectId}/participants?pageSize=100`,
        );
        const candidates = people.items
          .filter((x) => (x.status === 'enrolled' || x.status === 'completed') && !DEMO_SCHOOLS.includes(x.schoolName))
          .slice(0, 5);
        for (const x of candidates) {
          const res = await county.post('/api/accounts/slips', { data: { teacherIds: [x.teacherId] } });
          const slip = ((await res.json()) as SlipBatch).slips[0];
          if (!res.ok() || !slip) continue;
          const password = `Lk${randomInt(100, 999)}-survey-harbor`;
          const api = await request.newContext({ baseURL: baseURL() });
          const opened = await api.post('/api/auth/activate', {
            data: { username: slip.username, code: slip.code, newPassword: password },
          });
          expect(opened.status(), await opened.text()).toBe(200);
          const mine = await getJson<MySurveys>(api, '/api/me/surveys');
          await api.dispose();
          const survey = mine.pending.find((s) => s.kind === 'satisfaction' && s.projectId === p.projectId);
          if (survey) return { username: slip.username, password, survey };
        }
      }
    }
    throw new Error('no training with an open, unanswered satisfaction survey in the demo county');
  } finally {
    await county.dispose();
  }
}
/** The demo schools other browser tests sign in to (school1, school2). */
const DEMO_SCHOOLS = ['示范县实验小学', '遵道镇小学'];

test('a teacher answers a training’s satisfaction survey on a 375×800 phone', async () => {
  const { username, password, survey } = await teacherWithOpenSurvey();
  const key = `${survey.surveyId}-${survey.projectId ?? 0}`;

  await withPage(browser, 'yearly-a-survey', { width: 375, height: 800, mobile: true }, async (page, shot) => {
    const csp = await watchCsp(page);
    await login(page, username, password);
    await page.goto('/my/trainings');
    await settled(page);
    // The to-do names the training and opens its survey.
    const todo = page.getByTestId(`todo-survey-${key}`);
    await expect.poll(() => todo.isVisible()).toBe(true);
    expect(await todo.textContent()).toContain(survey.projectName!);
    await shot(page, 'todo');
    await todo.getByRole('button').click();
    await page.waitForURL(`**/my/surveys/${survey.surveyId}?projectId=${survey.projectId}`);
    await settled(page);
    await expect.poll(() => page.getByText(survey.projectName!).first().isVisible()).toBe(true);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await shot(page, 'form');

    // Sent empty: every required question is marked, the first one scrolled to.
    await page.getByTestId('survey-submit').click();
    await expect.poll(() => page.getByText(/还有\d+道题需要完善/).isVisible()).toBe(true);
    await expect.poll(() => page.locator('.sf-problem').count()).toBeGreaterThan(1);
    await shot(page, 'missing');

    // Every 1–5 scale (each trainer, the content, each row of the matrix) gets a 4, the NPS a 9.
    const scales = page.locator('.sf-scale:not(.sf-nps)');
    const n = await scales.count();
    expect(n).toBeGreaterThan(2);
    for (let i = 0; i < n; i++) await scales.nth(i).locator('.sf-point').nth(3).click();
    await page.locator('.sf-nps .sf-point').nth(9).click();
    await page.locator('textarea.sf-text').first().fill('希望多安排课例观摩，少一些纯理论讲座。');
    await expect.poll(() => page.locator('.sf-problem').count()).toBe(0);
    await page.getByTestId('survey-submit').click();
    await expect.poll(() => page.getByText('提交成功，谢谢您的参与').isVisible()).toBe(true);
    await shot(page, 'sent');

    // 我的问卷 lists it as answered; it is off the to-do.
    await page.goto('/my/surveys');
    await settled(page);
    await expect.poll(() => page.getByTestId(`my-survey-${key}`).isVisible()).toBe(true);
    expect(await page.getByTestId(`my-survey-${key}`).getByRole('button').textContent()).toMatch(/查\s*看/);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await shot(page, 'my-surveys');
    expect(await csp()).toEqual([]);
  });

  // The project's report counts the answer; the answer itself names no one (anonymous template).
  const county = await apiAs('county', demoPassword('county'));
  const report = await getJson<{ item: ProjectSatisfactionRow | null }>(
    county,
    `/api/projects/${survey.projectId}/satisfaction`,
  );
  expect(report.item?.responses).toBe(1);
  expect(report.item?.mean).toBeGreaterThanOrEqual(4);
  await county.dispose();
});

test('the county builds a rubric, computes, adjusts and publishes; school1 reads its scorecard', async () => {
  const schoolApi = await apiAs('school1', demoPassword('school1'));
  const me = await getJson<{ schoolId: number; schoolName: string }>(schoolApi, '/api/auth/me');
  const name = `${new Date().getFullYear()}年度学校培训工作考评（浏览器测试）`;
  let evaluationId = 0;

  await withPage(browser, 'yearly-b-evaluation', { width: 1440, height: 900 }, async (page, shot) => {
    const csp = await watchCsp(page);
    await login(page, 'county', demoPassword('county'));
    await page.goto('/evaluations');
    await settled(page);
    await page.getByTestId('evaluation-create').click();
    await page.waitForURL('**/evaluations/new');
    await settled(page);

    // The rubric: 送培率 added, 优秀率 left out, coverage weighed more, no manual item, a 30% quota.
    await page.getByTestId('rubric-name').fill(name);
    await page.getByRole('checkbox', { name: '送培率' }).check();
    await page.getByRole('checkbox', { name: '优秀率' }).uncheck();
    await page.getByLabel('培训覆盖率的权重').fill('30');
    await page.getByRole('button', { name: '删除校本研修与特色工作' }).click();
    await page.getByRole('switch', { name: '优秀比例上限' }).click();
    await expect.poll(() => page.getByText(/^权重合计 95（/).isVisible()).toBe(true);
    await shot(page, 'rubric');
    await page.getByTestId('rubric-save').click();
    await page.waitForURL(/\/evaluations\/\d+$/);
    evaluationId = Number(new URL(page.url()).pathname.split('/').pop());
    await settled(page);

    // Compute: every school scored and ranked in its group.
    await page.getByTestId('evaluation-compute').click();
    await expect.poll(() => page.getByTestId('evaluation-status').textContent()).toBe('待发布');
    await settled(page);
    await page.getByText(/^小学组（\d+）$/).click();
    await expect.poll(() => page.getByTestId(`score-${me.schoolId}`).isVisible()).toBe(true);
    await shot(page, 'computed');

    // Adjust school1's school with a reason.
    await page.getByTestId(`score-${me.schoolId}`).click();
    await page.getByLabel('调整后得分').fill('95');
    await page.getByLabel('调整理由').fill('补交了下半年校本研修记录，复核后调整');
    await page.getByRole('button', { name: '保存调整' }).click();
    await expect.poll(() => page.getByText('已调整', { exact: true }).first().isVisible()).toBe(true);
    await shot(page, 'adjusted');
    await page.keyboard.press('Escape');

    // Publish.
    await page.getByTestId('evaluation-publish').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('evaluation-status').textContent()).toBe('已发布');
    await shot(page, 'published');
    expect(await csp()).toEqual([]);
  });

  await withPage(browser, 'yearly-b-scorecard', { width: 1440, height: 900 }, async (page, shot) => {
    const csp = await watchCsp(page);
    await login(page, 'school1', demoPassword('school1'));
    await page.goto('/evaluations');
    await settled(page);
    await page.getByTestId(`evaluation-${evaluationId}`).click();
    await page.waitForURL(`**/evaluations/${evaluationId}/schools/${me.schoolId}`);
    await settled(page);
    await expect.poll(() => page.getByText(`${me.schoolName}年度考评表`).isVisible()).toBe(true);
    expect(await page.getByTestId('scorecard-score').textContent()).toContain('95.00');
    expect(await page.getByTestId('scorecard-grade').textContent()).toMatch(/优秀|合格/);
    expect(await page.getByTestId('scorecard-rank').textContent()).toMatch(/\d+\s*\/\s*\d+所（小学组）/);
    await expect.poll(() => page.getByText('补交了下半年校本研修记录，复核后调整').isVisible()).toBe(true);
    await shot(page, 'scorecard');

    // The published ranking: every school's rank, no other school's indicator values.
    await page.goto(`/evaluations/${evaluationId}`);
    await settled(page);
    await expect.poll(() => page.getByText(/^中学组（\d+）$/).isVisible()).toBe(true);
    expect(await page.getByRole('columnheader', { name: '培训覆盖率' }).count()).toBe(0);
    await shot(page, 'ranking');
    expect(await csp()).toEqual([]);
  });
  await schoolApi.dispose();
});

test('the leader’s dashboard draws its charts under the CSP and opens the list behind a figure', async () => {
  await withPage(browser, 'yearly-c-dashboard', { width: 1440, height: 900 }, async (page, shot) => {
    const csp = await watchCsp(page);
    await login(page, 'leader', demoPassword('leader'));
    await page.goto('/reports/dashboard?year=2025');
    await settled(page);
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('five-level-table').isVisible()).toBe(true);
    await shot(page, 'dashboard');
    const total = (await page.getByTestId('kpi-person-times-value').textContent())?.replace(/,/g, '');
    await page.getByTestId('kpi-person-times').click();
    await page.waitForURL('**/reports/person-times?**');
    await settled(page);
    await expect.poll(() => page.getByText(`共 ${Number(total).toLocaleString('en-US')} 人次`).isVisible()).toBe(true);
    await shot(page, 'person-times');
    expect(await csp()).toEqual([]);
  });
});
