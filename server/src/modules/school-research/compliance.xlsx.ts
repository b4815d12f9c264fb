// The compliance page as a workbook: one sheet per school, consortium and core school, each with a
// title row naming the county's year and a totals row. Small (a county's schools), built in memory.
import { type Compliance, RESEARCH_PLAN_STATUS_LABELS } from '@shixun/common';
import ExcelJS from 'exceljs';

const yesNo = (v: boolean) => (v ? '未达标' : '达标');

function sheet(wb: ExcelJS.Workbook, name: string, title: string, header: string[], rows: (string | number)[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, header.length);
  const h = ws.addRow(header);
  h.font = { bold: true };
  h.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = i === 0 ? 26 : Math.max(10, (header[i]?.length ?? 4) * 2 + 2);
  });
  return ws;
}

export async function complianceXlsx(c: Compliance, regionName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '师训';
  const y = c.year;
  sheet(
    wb,
    '学校',
    `${regionName}${y}年校本研修达标情况（学校）`,
    [
      '学校',
      '学区',
      '教联体',
      `${y}—${y + 1}学年计划`,
      `${y - 1}—${y}学年总结`,
      '开展活动（次）',
      '其中有提示',
      '校培人次',
      '参与教师',
      '在职教师',
      '研修学时',
      '抽查合格',
      '抽查不合格',
      '读书沙龙',
    ],
    [
      ...c.schools.map((s) => [
        s.schoolName,
        s.areaName,
        s.consortiumName ?? '',
        RESEARCH_PLAN_STATUS_LABELS[s.planStatus],
        RESEARCH_PLAN_STATUS_LABELS[s.summaryStatus],
        s.activities,
        s.flagged,
        s.personTimes,
        s.teachersTakingPart,
        s.teacherCount,
        s.hours,
        s.spotChecksPassed,
        s.spotChecksFailed,
        s.readingSalons,
      ]),
      [
        '合计',
        '',
        '',
        `已提交 ${c.totals.planSubmitted}/${c.totals.schools}`,
        `已提交 ${c.totals.summarySubmitted}/${c.totals.schools}`,
        c.totals.activities,
        c.schools.reduce((a, s) => a + s.flagged, 0),
        c.totals.personTimes,
        c.schools.reduce((a, s) => a + s.teachersTakingPart, 0),
        c.schools.reduce((a, s) => a + s.teacherCount, 0),
        c.totals.hours,
        c.totals.spotChecksPassed,
        c.totals.spotChecksFailed,
        c.schools.reduce((a, s) => a + s.readingSalons, 0),
      ],
    ],
  );
  sheet(
    wb,
    '教联体联合展示',
    `${regionName}${y}年教联体联合主题研修展示`,
    ['教联体', '核心校', '每年至少（次）', '已开展（次）', '有过程材料（次）', '最近一次', '是否达标'],
    c.consortia.map((x) => [
      x.consortiumName,
      x.coreSchoolName ?? '',
      x.required,
      x.held,
      x.withEvidence,
      x.lastHeldAt ? x.lastHeldAt.slice(0, 10) : '',
      yesNo(x.behind),
    ]),
  );
  sheet(
    wb,
    '核心校送教下乡',
    `${regionName}${y}年核心校送教下乡（五段五步）`,
    ['核心校', '教联体', '每年至少（次）', '已完成（次）', '进行中（次）', '是否达标'],
    c.coreSchools.map((x) => [x.schoolName, x.consortiumName, x.required, x.done, x.inProgress, yesNo(x.behind)]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
