// Report-back (成果汇报): the county imports a provincial project's results → teacher1's task
// appears; teacher1 records the report-back on a phone-sized page (form, date, audience, summary,
// a file) → school1 verifies it → teacher1 sees it verified; school2 never sees it; the county's
// per-school table; school2 has its own to review. Then a reflection (心得体会) written on the phone and
// featured by the county.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiAs, getJson } from './lib/api';
import { launchBrowser, settled } from './lib/browser';
import { demoPassword } from './lib/demo';
import { Cast } from './lib/training';

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
/** Waits until the open drawer has finished sliding in (its mask no longer animating). */
const drawerSettled = (page: Page) =>
  page
    .locator('.ant-drawer-mask')
    .first()
    .evaluate('el => Promise.all(el.getAnimations().map((a) => a.finished))')
    .catch(() => {})
    .then(() => page.waitForTimeout(300));
/** Waits until no drawer is open. */
const drawerGone = (page: Page) =>
  page
    .locator('.ant-drawer-section')
    .waitFor({ state: 'detached' })
    .catch(() => {});

interface ListBody<T> {
  items: T[];
  total: number;
}
interface Task {
  id: number;
  projectName: string;
  status: string;
  schoolId: number;
}

const run = Date.now().toString(36).slice(-5);
const projectName = `省级骨干教师培训（成果汇报${run}）`;

test('a teacher records a report-back on a phone and the school verifies it', async () => {
  // ── 0. the provincial results come back: teacher1 completed → a report-back task is created.
  const teacherApi = await apiAs('teacher1', demoPassword('teacher1'));
  const me = await getJson<{ teacherId: number; displayName: string }>(teacherApi, '/api/auth/me');
  const countyApi = await apiAs('county', demoPassword('county'));
  const { idNumber } = await getJson<{ idNumber: string }>(countyApi, `/api/teachers/${me.teacherId}?reveal=true`);
  const csv =
    '身份证号,姓名,项目名称,级别,形式,学时,开始日期,结束日期,考核结果\r\n' +
    `${idNumber},${me.displayName},${projectName},省培,集中面授,40,${dayOf(-6)},${dayOf(-2)},合格\r\n`;
  const imported = await countyApi.post('/api/trainings/results/import', {
    multipart: { file: { name: `省培结果${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') } },
  });
  expect(imported.status(), await imported.text()).toBe(200);
  const mine = await getJson<ListBody<Task>>(teacherApi, `/api/report-backs?q=${encodeURIComponent(run)}`);
  expect(mine.items).toHaveLength(1);
  const task = mine.items[0]!;
  expect(task.status).toBe('pending');

  const cast = new Cast(browser, 'report-back');
  await cast.run(async () => {
    // ── 1. teacher1 on a 375-px phone: the task card, then the form.
    const teacher = await cast.open('teacher', user('teacher1'), { width: 375, height: 800, mobile: true });
    await teacher.goto('/my/report-backs');
    await settled(teacher);
    const card = teacher.getByTestId(`report-back-${task.id}`);
    await expect.poll(() => card.getByText(projectName).isVisible()).toBe(true);
    await expect.poll(() => card.getByText('待汇报').isVisible()).toBe(true);
    expect(await teacher.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await cast.shot(teacher, 'teacher-task');

    await card.getByRole('button', { name: '填写汇报' }).click();
    const drawer = teacher.locator('.ant-drawer-section');
    await drawer.getByText(projectName).waitFor();
    // Submitting empty shows what is missing, on the fields.
    await teacher.getByTestId('report-back-submit').click();
    await expect.poll(() => drawer.getByText('请选择汇报形式').isVisible()).toBe(true);
    await cast.shot(teacher, 'teacher-form-errors');

    await drawer.getByText('讲座', { exact: true }).click();
    await drawer.getByLabel('汇报日期').fill(dayOf(0));
    await drawer.getByLabel('听众人数').fill('32');
    await drawer
      .getByLabel('内容摘要')
      .fill('向全校语文教师分享了省培所学的大单元教学设计，并结合本校课例进行了研讨。');
    await drawer.locator('input[type=file]').setInputFiles({
      name: '签到表.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% sign-in sheet\n%%EOF\n', 'utf8'),
    });
    await expect.poll(() => drawer.getByText('签到表.pdf').isVisible()).toBe(true);
    await expect.poll(() => drawer.locator('.ant-upload-list-item-uploading').count()).toBe(0);
    await cast.shot(teacher, 'teacher-form-filled');
    await teacher.getByTestId('report-back-submit').click();
    await expect.poll(() => card.getByText('待审核').isVisible()).toBe(true);
    await drawerGone(teacher);
    await cast.shot(teacher, 'teacher-submitted');

    // ── 2. school2 cannot see it (nor its file); school1 reviews and verifies on a desktop.
    const school2Api = await apiAs('school2', demoPassword('school2'));
    expect((await school2Api.get(`/api/report-backs/${task.id}`)).status()).toBe(404);
    await school2Api.dispose();

    const school = await cast.open('school', user('school1'));
    // school1 has its own teachers' report-backs waiting too: find this one by its project.
    await school.goto(`/after/report-backs?status=submitted&q=${encodeURIComponent(run)}`);
    await settled(school);
    const row = school.locator('.ant-table-row', { hasText: me.displayName }).filter({ hasText: projectName });
    await row.waitFor();
    await cast.shot(school, 'school-list');
    await school.getByTestId(`report-back-open-${task.id}`).click();
    const review = school.locator('.ant-drawer-section');
    await expect.poll(() => review.getByText('签到表.pdf').isVisible()).toBe(true);
    await expect.poll(() => review.getByText('听众 32 人').isVisible()).toBe(true);
    await drawerSettled(school);
    await cast.shot(school, 'school-review');
    await school.getByTestId('report-back-verify').click();
    await expect.poll(() => review.getByText('已审核', { exact: true }).first().isVisible()).toBe(true);
    await cast.shot(school, 'school-verified');

    // ── 3. teacher1 sees it verified.
    await teacher.reload();
    await settled(teacher);
    await expect.poll(() => teacher.getByTestId(`report-back-${task.id}`).getByText('已审核').isVisible()).toBe(true);
    await cast.shot(teacher, 'teacher-verified');

    // ── 4. the county's per-school supervision table.
    const county = await cast.open('county', user('county'));
    await county.goto('/after/report-backs?tab=schools');
    await settled(county);
    await county.locator('.ant-table-summary').getByText('合计').waitFor();
    await cast.shot(county, 'county-by-school');
    await county.getByRole('button', { name: '汇报规则' }).click();
    const modal = county.locator('.ant-modal-container');
    await expect.poll(() => modal.getByLabel('外出交流').isChecked()).toBe(true);
    await cast.shot(county, 'county-rule');
    await modal.getByRole('button', { name: /取\s*消/ }).click();

    // school2 sees its own teachers' report-backs waiting for review (待审核 N 天), never teacher1's.
    const school2 = await cast.open('school2', user('school2'));
    await school2.goto('/after/report-backs?status=submitted');
    await settled(school2);
    await expect
      .poll(() =>
        school2
          .getByText(/待审核 \d+ 天/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    expect(await school2.getByTestId(`report-back-open-${task.id}`).count()).toBe(0);
    await cast.shot(school2, 'school2-to-review');
  }, 140_000);
  await teacherApi.dispose();
  await countyApi.dispose();
}, 150_000);

test('the teacher writes a reflection on the same project (phone); the county features it', async () => {
  const me = await (async () => {
    const api = await apiAs('teacher1', demoPassword('teacher1'));
    const r = await getJson<{ displayName: string }>(api, '/api/auth/me');
    await api.dispose();
    return r;
  })();
  const cast = new Cast(browser, 'reflection');
  await cast.run(async () => {
    const teacher = await cast.open('teacher', user('teacher1'), { width: 375, height: 800, mobile: true });
    const county = await cast.open('county', user('county'));
    await teacher.goto('/my/reflections');
    await settled(teacher);
    const project = teacher.locator('[data-testid^="reflection-project-"]', { hasText: projectName });
    await project.getByRole('button', { name: '写心得体会' }).click();
    const rd = teacher.locator('.ant-drawer-section');
    await rd.getByLabel('标题').fill(`把省培所学带回课堂${run}`);
    await rd
      .getByLabel('正文')
      .fill(
        '这次省级骨干教师培训让我对大单元教学有了新的认识。专家从课程标准出发讲解了单元整体设计的思路，' +
          '我们在研讨中反复打磨课例。回校后我将在语文组推广这种设计方法，并持续记录学生的变化。',
      );
    await cast.shot(teacher, 'teacher-reflection-form');
    await teacher.getByTestId('reflection-submit').click();
    await expect.poll(() => project.getByText('待评阅').isVisible()).toBe(true);
    await drawerGone(teacher);
    await cast.shot(teacher, 'teacher-reflection-saved');

    await county.goto(`/after/reflections?q=${encodeURIComponent(run)}`);
    await settled(county);
    await county.locator('[data-testid^="reflection-open-"]').first().click();
    const cd = county.locator('.ant-drawer-section');
    await cd.getByLabel('评为优秀').click();
    await cd.getByLabel('评语（可选）').fill('结合课例，思考深入');
    await cast.shot(county, 'county-reflection-review');
    await county.getByTestId('reflection-review').click();
    await expect
      .poll(() => county.locator('.ant-table-row', { hasText: me.displayName }).getByText('优秀').isVisible())
      .toBe(true);
    await county.goto('/after/reflections?tab=counts');
    await settled(county);
    await cast.shot(county, 'county-reflection-counts');
  }, 140_000);
}, 150_000);
