// A survey's results as .xlsx: 回收情况 (response rate per school), 题目统计 (each question's counts
// and means), 交叉分析 (by stage, subject, school and rural/urban), 答卷 (one row per answer).
// An anonymous survey stays anonymous here: its answer rows carry no name, school, stage, subject
// or date and come in a fixed shuffled order, and its cross-tab hides groups under the minimum size.
import {
  ANONYMOUS_MIN_CELL,
  CROSS_TAB_BY,
  CROSS_TAB_LABELS,
  questionsOf,
  type SurveyQuestion,
  type SurveyResults,
  type SurveySection,
} from '@shixun/common';
import ExcelJS from 'exceljs';
import { crossTabOf, shuffleKey } from './survey-results.js';
import type { ResponseRow } from './surveys.repo.js';

const pct = (r: number | null) => (r == null ? '' : Math.round(r * 1000) / 10);

/** One answer as a cell's text: option labels, ratings, row: rating pairs. */
export function answerText(q: SurveyQuestion, a: unknown, trainerNames: Map<number, string>): string | number {
  if (a === undefined || a === null) return '';
  const label = (v: string) => q.options?.find((o) => o.value === v)?.label ?? v;
  switch (q.type) {
    case 'single':
      return typeof a === 'string' ? label(a) : '';
    case 'multiple':
      return Array.isArray(a) ? a.map((v) => label(String(v))).join('、') : '';
    case 'rating':
      if (typeof a === 'number') return a;
      return Object.entries(a as Record<string, number>)
        .map(([k, v]) => `${trainerNames.get(Number(k)) ?? k}:${v}`)
        .join('；');
    case 'matrix':
      return Object.entries(a as Record<string, number>)
        .map(([k, v]) => `${q.rows?.find((r) => r.value === k)?.label ?? k}:${v}`)
        .join('；');
    case 'nps':
      return typeof a === 'number' ? a : '';
    case 'text':
      return String(a);
  }
}

export async function surveyWorkbook(
  results: SurveyResults,
  sections: readonly SurveySection[],
  responses: readonly ResponseRow[],
  trainerNames: Map<number, string>,
): Promise<Buffer> {
  const anonymous = results.survey.anonymous;
  const wb = new ExcelJS.Workbook();
  wb.creator = '师训';
  const bold = (row: ExcelJS.Row) => {
    row.font = { bold: true };
  };

  const rates = wb.addWorksheet('回收情况', { views: [{ state: 'frozen', ySplit: 1 }] });
  rates.columns = [
    { header: '学校', width: 28 },
    { header: '应答人数', width: 10 },
    { header: '已答人数', width: 10 },
    { header: '回收率(%)', width: 10 },
  ];
  bold(rates.getRow(1));
  for (const r of results.bySchool) rates.addRow([r.schoolName, r.invited, r.responded, pct(r.rate)]);
  bold(rates.addRow(['合计', results.invited, results.responded, pct(results.responseRate)]));

  const stats = wb.addWorksheet('题目统计');
  stats.columns = [{ width: 8 }, { width: 40 }, { width: 28 }, { width: 10 }, { width: 10 }];
  for (const [i, q] of results.questions.entries()) {
    bold(stats.addRow([`第${i + 1}题`, q.title, `作答 ${q.answered} 人`]));
    if (q.mean != null) stats.addRow(['', '平均分', q.mean]);
    if (q.satisfied != null) stats.addRow(['', '满意率(%)', pct(q.satisfied)]);
    if (q.nps != null) stats.addRow(['', '净推荐值', q.nps]);
    for (const o of q.options) stats.addRow(['', o.label, '', o.count, pct(o.share)]);
    for (const r of q.rows) stats.addRow(['', r.label, `平均 ${r.mean ?? '—'}`, r.answered]);
    for (const t of q.texts) stats.addRow(['', t]);
    stats.addRow([]);
  }

  const qs = questionsOf(sections);
  const scored = qs.filter((q) => q.type !== 'text');
  const cross = wb.addWorksheet('交叉分析');
  cross.columns = [{ width: 10 }, { width: 24 }, { width: 8 }, ...scored.map(() => ({ width: 14 }))];
  for (const by of CROSS_TAB_BY) {
    const tab = crossTabOf(sections, responses, by, anonymous);
    bold(
      cross.addRow([
        CROSS_TAB_LABELS[by],
        '',
        '答卷数',
        ...scored.map((q) => (q.type === 'single' || q.type === 'multiple' ? `${q.title}（首选项占比%）` : q.title)),
      ]),
    );
    for (const g of tab.groups) {
      cross.addRow([
        '',
        g.label,
        g.suppressed ? `少于${ANONYMOUS_MIN_CELL}份` : g.responses,
        ...scored.map((q) => {
          const x = g.questions[q.id];
          if (!x) return '';
          if (x.mean != null) return x.mean;
          const first = q.options?.[0]?.value;
          return first != null && x.options[first] != null ? pct(x.options[first]!) : '';
        }),
      ]);
    }
    cross.addRow([]);
  }

  const sheet = wb.addWorksheet('答卷', { views: [{ state: 'frozen', ySplit: 1 }] });
  const profile = anonymous ? [] : ['姓名', '学校', '学段', '学科', '城乡', '提交日期'];
  sheet.columns = [
    { header: '序号', width: 6 },
    ...profile.map((h) => ({ header: h, width: h === '学校' ? 24 : 10 })),
    ...qs.map((q, i) => ({ header: `${i + 1}. ${q.title}`, width: q.type === 'text' ? 40 : 16 })),
  ];
  bold(sheet.getRow(1));
  const ordered = anonymous
    ? [...responses].sort((a, b) => shuffleKey(a.id) - shuffleKey(b.id) || a.id - b.id)
    : [...responses];
  ordered.forEach((r, i) => {
    sheet.addRow([
      i + 1,
      ...(anonymous
        ? []
        : [r.teacher_name ?? '', r.school_name, r.stage ?? '', r.subject ?? '', r.urban_rural ?? '', r.submitted_on]),
      ...qs.map((q) => answerText(q, r.answers[q.id], trainerNames)),
    ]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
