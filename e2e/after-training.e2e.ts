// After training and the money (issue 5): teacher1 finishes a provincial project (its results are
// imported through the API) → files a reimbursement claim on a phone-sized page → the school cannot
// approve it while the report-back is outstanding → teacher1 records the report-back on the phone →
// school1 verifies it → school1 approves the claim → the county approves and pays it → the school's
// budget execution shows the spending; school2 never sees the claim.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiAs, getJson } from './lib/api';
import { launchBrowser, settled } from './lib/browser';
import { demoPassword } from './lib/demo';
import { Cast, chooseOption } from './lib/training';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const DAY = 86400_000;
const dayOf = (days: number) =>
  new Date(Date.now() + days * DAY).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const user = (username: string) => ({ username, password: demoPassword(username) });

interface ListBody<T> {
  items: T[];
  total: number;
}

test('a provincial trip: report-back on a phone, school verifies, the claim is approved and paid', async () => {
  const run = Date.now().toString(36).slice(-5);
  const projectName = `省级学科带头人培训（报销${run}）`;

  // ── 0. the provincial results come back: teacher1 completed (a report-back task is created).
  const teacherApi = await apiAs('teacher1', demoPassword('teacher1'));
  const me = await getJson<{ teacherId: number; displayName: string }>(teacherApi, '/api/auth/me');
  const countyApi = await apiAs('county', demoPassword('county'));
  const { idNumber } = await getJson<{ idNumber: string }>(countyApi, `/api/teachers/${me.teacherId}?reveal=true`);
  const csv =
    '身份证号,姓名,项目名称,级别,形式,学时,开始日期,结束日期,考核结果\r\n' +
    `${idNumber},${me.displayName},${projectName},省培,集中面授,40,${dayOf(-9)},${dayOf(-5)},合格\r\n`;
  const imported = await countyApi.post('/api/trainings/results/import', {
    multipart: { file: { name: `省培结果${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') } },
  });
  expect(imported.status(), await imported.text()).toBe(200);
  const tasks = await getJson<ListBody<{ id: number; status: string }>>(
    teacherApi,
    `/api/report-backs?q=${encodeURIComponent(run)}`,
  );
  expect(tasks.items).toHaveLength(1);
  const task = tasks.items[0]!;
  // The county's rule: a trip is reimbursed only after its report-back (seed 000); budgets for every
  // school at once (public funds; 10% of them is the training budget).
  const settings = await countyApi.put('/api/money/settings', {
    data: { requireReportBack: true, trainingShare: '0.1' },
  });
  expect(settings.status()).toBe(200);
  const year = Number(dayOf(0).slice(0, 4));
  const schools = await getJson<ListBody<{ schoolId: number }>>(countyApi, `/api/budgets?year=${year}&pageSize=500`);
  const saved = await countyApi.put('/api/budgets', {
    data: {
      year,
      items: [
        ...schools.items.map((s, i) => ({
          schoolId: s.schoolId,
          publicFunds: String(180000 + ((i * 37) % 11) * 25000),
        })),
        { schoolId: null, amount: '600000' },
      ],
    },
  });
  expect(saved.status(), await saved.text()).toBe(200);

  const cast = new Cast(browser, 'after-training');
  await cast.run(async () => {
    // ── 1. teacher1 on a 375-px phone files the claim: trip, two items, a receipt.
    const teacher = await cast.open('teacher', user('teacher1'), { width: 375, height: 800, mobile: true });
    await teacher.goto('/my/claims');
    await settled(teacher);
    await teacher.getByRole('heading', { name: '我的报销' }).waitFor();
    await cast.shot(teacher, 'teacher-claims');
    await teacher.getByTestId('claim-new').click();
    const form = teacher.locator('.ant-drawer-section');
    await form.getByText(projectName).click();
    await expect.poll(() => form.getByText('成果汇报：待汇报', { exact: false }).isVisible()).toBe(true);
    await form.getByTestId('claim-line-0').getByPlaceholder('金额（元）').fill('320.5');
    await form.getByTestId('claim-line-0').getByPlaceholder('说明（选填）').fill('高铁往返');
    await form.getByTestId('claim-add-line').click();
    await chooseOption(teacher, form.getByTestId('claim-line-1').locator('.ant-select'), '住宿费');
    await form.getByTestId('claim-line-1').getByPlaceholder('金额（元）').fill('400');
    await form.locator('input[type=file]').setInputFiles({
      name: '住宿发票.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% hotel invoice\n%%EOF\n', 'utf8'),
    });
    await expect.poll(() => form.getByText('住宿发票.pdf').isVisible()).toBe(true);
    await expect.poll(() => form.locator('.ant-upload-list-item-uploading').count()).toBe(0);
    await expect.poll(() => teacher.getByTestId('claim-total').textContent()).toContain('¥720.50');
    expect(await teacher.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await cast.shot(teacher, 'teacher-claim-form');
    await teacher.getByTestId('claim-submit').click();
    await teacher.getByText('报销单已提交').first().waitFor();
    const claims = await getJson<ListBody<{ id: number; projectName: string }>>(
      teacherApi,
      `/api/claims?q=${encodeURIComponent(run)}`,
    );
    expect(claims.items).toHaveLength(1);
    const claimId = claims.items[0]!.id;
    const card = teacher.getByTestId(`claim-${claimId}`);
    await expect.poll(() => card.getByText('待学校审核').isVisible()).toBe(true);
    expect(await teacher.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await cast.shot(teacher, 'teacher-claim-submitted');

    // ── 2. school2 cannot see it; school1 cannot approve it yet (report-back outstanding).
    const school2Api = await apiAs('school2', demoPassword('school2'));
    expect((await school2Api.get(`/api/claims/${claimId}`)).status()).toBe(404);
    await school2Api.dispose();
    const school = await cast.open('school', user('school1'));
    await school.goto('/funds/claims');
    await settled(school);
    await school.getByTestId(`claim-open-${claimId}`).click();
    const review = school.locator('.ant-drawer-section');
    await expect.poll(() => review.getByTestId('claim-gate').isVisible()).toBe(true);
    await expect.poll(() => review.getByText('住宿发票.pdf').isVisible()).toBe(true);
    expect(await school.getByTestId('claim-approve').isDisabled()).toBe(true);
    await cast.shot(school, 'school-claim-gated');
    await school.keyboard.press('Escape');

    // ── 3. teacher1 records the report-back on the phone (H-report's page).
    await teacher.goto('/my/report-backs');
    await settled(teacher);
    const taskCard = teacher.getByTestId(`report-back-${task.id}`);
    await taskCard.getByRole('button', { name: '填写汇报' }).click();
    const rb = teacher.locator('.ant-drawer-section');
    await rb.getByText(projectName).waitFor();
    await rb.getByText('示范课', { exact: true }).click();
    await rb.getByLabel('汇报日期').fill(dayOf(0));
    await rb.getByLabel('听众人数').fill('28');
    await rb.getByLabel('内容摘要').fill('上了一节示范课，向数学组展示省培所学的单元整体教学设计，课后组织研讨。');
    await rb.locator('input[type=file]').setInputFiles({
      name: '签到表.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% sign-in sheet\n%%EOF\n', 'utf8'),
    });
    await expect.poll(() => rb.locator('.ant-upload-list-item-uploading').count()).toBe(0);
    await expect.poll(() => rb.getByText('签到表.pdf').isVisible()).toBe(true);
    await cast.shot(teacher, 'teacher-report-back');
    await teacher.getByTestId('report-back-submit').click();
    await expect.poll(() => taskCard.getByText('待审核').isVisible()).toBe(true);

    // ── 4. school1 verifies the report-back, then approves the claim.
    // school1 has its own teachers' report-backs waiting too: find this one by its project.
    await school.goto(`/after/report-backs?status=submitted&q=${encodeURIComponent(run)}`);
    await settled(school);
    await school.getByTestId(`report-back-open-${task.id}`).click();
    await school.getByTestId('report-back-verify').click();
    await expect
      .poll(() => school.locator('.ant-drawer-section').getByText('已审核', { exact: true }).first().isVisible())
      .toBe(true);
    await cast.shot(school, 'school-report-back-verified');
    await school.goto('/funds/claims');
    await settled(school);
    await school.getByTestId(`claim-open-${claimId}`).click();
    const review2 = school.locator('.ant-drawer-section');
    await expect.poll(() => review2.getByText('已审核', { exact: true }).isVisible()).toBe(true);
    expect(await review2.getByTestId('claim-gate').count()).toBe(0);
    await cast.shot(school, 'school-claim-ready');
    await school.getByTestId('claim-approve').click();
    await expect.poll(() => school.locator('.ant-drawer').getByText('待县级审批').first().isVisible()).toBe(true);
    await cast.shot(school, 'school-claim-approved');

    // ── 5. the county approves (recording the expenses) and pays.
    const county = await cast.open('county', user('county'));
    await county.goto('/funds/claims');
    await settled(county);
    await county.getByTestId(`claim-open-${claimId}`).click();
    const decide = county.locator('.ant-drawer-section');
    await expect.poll(() => decide.getByText('高铁往返').isVisible()).toBe(true);
    await cast.shot(county, 'county-claim');
    await county.getByTestId('claim-approve').click();
    await expect.poll(() => county.getByTestId('claim-pay').isVisible()).toBe(true);
    await county.getByTestId('claim-pay').click();
    await expect.poll(() => county.locator('.ant-drawer').getByText('已支付').first().isVisible()).toBe(true);
    await cast.shot(county, 'county-claim-paid');

    // ── 6. the spending shows in the expenses and the budget execution.
    await county.goto(`/funds/expenses?q=&category=lodging`);
    await settled(county);
    await expect.poll(() => county.getByText(`报销单 #${claimId}`).first().isVisible()).toBe(true);
    await cast.shot(county, 'county-expenses');
    await county.goto('/funds/budgets');
    await settled(county);
    await county.getByText('全县学校合计').waitFor();
    await cast.shot(county, 'county-budgets');

    // ── 7. teacher1 sees it paid.
    await teacher.goto('/my/claims');
    await settled(teacher);
    await expect.poll(() => teacher.getByTestId(`claim-${claimId}`).getByText('已支付').isVisible()).toBe(true);
    await cast.shot(teacher, 'teacher-claim-paid');
  }, 170_000);
  await teacherApi.dispose();
  await countyApi.dispose();
}, 180_000);
