// The drafted year-end summary (年度总结): its 基本情况 section in the county's voice (or a school's),
// written from the numbers — person-times by level as /api/stats/summary computes them, online and
// exchange person-times, trainers who taught, reflections, report-backs, satisfaction, and the
// published evaluation naming its 优秀 schools. Every figure is a segment linked to the table it
// comes from. The county (or school) may edit the text and save it; .docx of either.
import { LEVEL_KEYS, LEVELS, type YearSummary, type YearSummaryFigure, type YearSummaryQuery } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { schoolScope } from '../../access/scope.js';
import type { Db } from '../../db/client.js';
import { record } from '../../http/audit.js';
import type { Actor, CurrentUser } from '../../http/context.js';
import { forbidden, notFound } from '../../http/errors.js';
import { type DocxParagraph, docx, paragraphsOf } from '../../lib/docx.js';
import { currentYear, statsSummary } from '../stats/summary.service.js';
import { schoolTrainingSatisfaction, yearSatisfaction } from '../surveys/satisfaction.js';
import * as repo from './reports.repo.js';

const LEVEL_NAMES: Record<(typeof LEVELS)[number], string> = {
  国培: '国培',
  省培: '省培',
  市州培: '市州培',
  县培: '县培',
  校培: '校培',
};

/** Text built from pieces, the figures among them keyed for links. */
class Draft {
  readonly segments: Array<{ text: string; figure: string | null }> = [];
  readonly figures: YearSummaryFigure[] = [];
  t(text: string) {
    this.segments.push({ text, figure: null });
    return this;
  }
  f(key: string, label: string, value: number, text: string, table: string, source: string) {
    this.segments.push({ text, figure: key });
    if (!this.figures.some((x) => x.key === key)) this.figures.push({ key, label, value, text, table, source });
    return this;
  }
  get text() {
    return this.segments.map((s) => s.text).join('');
  }
}

const pct1 = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

interface Scope {
  schoolId: number | null;
  name: string;
}

async function scopeOf(db: Db, user: CurrentUser, q: YearSummaryQuery): Promise<Scope> {
  const schoolId = q.schoolId ?? (user.role === 'school_admin' ? user.schoolId : null);
  if (schoolId != null) {
    const s = await repo.schoolName(db, user, schoolId);
    if (!s) throw notFound('学校');
    return { schoolId, name: s.name };
  }
  if (user.role !== 'county_admin' && user.role !== 'leader') throw forbidden('请选择一所学校');
  return { schoolId: null, name: await repo.regionName(db, user.regionId) };
}

export async function yearSummary(db: Db, user: CurrentUser, q: YearSummaryQuery): Promise<YearSummary> {
  const year = q.year ?? currentYear();
  const scope = await scopeOf(db, user, q);
  const school = scope.schoolId;
  const schoolWhere = school != null ? sql`s.id = ${school}` : schoolScope(user, 's');
  const stats = await statsSummary(db, user, { year, schoolId: school ?? undefined });
  const [byMode, trainers, after, evaluation] = await Promise.all([
    repo.personTimesByMode(db, user.regionId, year, schoolWhere),
    repo.trainersWhoTaught(db, user.regionId, year, school ?? undefined),
    repo.afterTraining(db, user, year, schoolWhere),
    repo.publishedEvaluation(db, user, year),
  ]);
  const q2 = school != null ? `&schoolId=${school}` : '';
  const stat = `/stats?year=${year}${q2}`;
  const pt = stats.personTimes;
  const d = new Draft();
  const us = school != null ? '我校' : '全县';

  d.t('一、基本情况\n\n');
  d.t(school != null ? `${year}年，我校教师参加各级培训` : `${year}年，全县五级培训教师`)
    .f('personTimes.total', '培训总人次', pt.total, String(pt.total), '培训统计（五级培训人次）', stat)
    .t('人次，其中');
  LEVELS.forEach((level, i) => {
    const key = LEVEL_KEYS[level];
    d.t(`${i ? '，' : ''}${LEVEL_NAMES[level]}`)
      .f(`personTimes.${key}`, `${level}人次`, pt[key], String(pt[key]), '培训统计（五级培训人次）', stat)
      .t('人次');
  });
  const exchange = byMode.find((m) => m.mode === '外出交流')?.n ?? 0;
  if (exchange > 0) {
    d.t('；外出交流培训')
      .f(
        'exchange',
        '外出交流培训人次',
        exchange,
        String(exchange),
        '培训人次明细（形式：外出交流）',
        `/reports/person-times?year=${year}&mode=外出交流${q2}`,
      )
      .t('人次');
  }
  d.t('；网络研修')
    .f(
      'online',
      '网络研修人次',
      stats.onlinePersonTimes,
      String(stats.onlinePersonTimes),
      '培训统计（网络研修人次）',
      stat,
    )
    .t(`人次。${us}`)
    .f('teacherCount', '在职教师数', stats.teacherCount, String(stats.teacherCount), '培训统计（在职教师数）', stat)
    .t('名在职教师中有')
    .f(
      'teachersTrained',
      '参训教师数',
      stats.teachersTrained,
      String(stats.teachersTrained),
      '培训统计（参训教师数）',
      stat,
    )
    .t('人参加了培训，培训覆盖率')
    .f(
      'coverage',
      '培训覆盖率',
      stats.coverageRate,
      `${pct1(stats.teachersTrained, stats.teacherCount)}%`,
      '培训统计（培训覆盖率）',
      stat,
    )
    .t('。');

  const ext = trainers?.external ?? 0;
  const own = trainers?.own ?? 0;
  if (ext + own > 0) {
    const source = '/trainers';
    d.t(school != null ? '本校校本培训邀请校外专家' : '邀请外地专家、骨干教师')
      .f('trainers.external', '校外专家', ext, String(ext), '培训者库（当年授课的外聘专家）', source)
      .t(school != null ? '名授课，' : '名来县授课，')
      .f('trainers.own', '本地授课专家', own, String(own), '培训者库（当年授课的本县专家）', source)
      .t(school != null ? '名县内专家、骨干教师参与授课。' : '名县级专家、骨干教师参与授课。');
  }
  if ((after?.reflections ?? 0) > 0) {
    d.t('受训教师撰写心得体会')
      .f(
        'reflections',
        '心得体会',
        after!.reflections,
        String(after!.reflections),
        '心得体会',
        `/after/reflections?year=${year}${q2}`,
      )
      .t('篇。');
  }
  if ((after?.due ?? 0) > 0) {
    const source = `/after/report-backs?year=${year}${q2}`;
    d.t('外出参训教师返校后开展二次培训（成果汇报）')
      .f('reportBacks.done', '成果汇报', after!.done, String(after!.done), '成果汇报', source)
      .t('场，其中')
      .f('reportBacks.verified', '通过审核的成果汇报', after!.verified, String(after!.verified), '成果汇报', source)
      .t('场通过审核，成果转化率')
      .f(
        'reportBacks.rate',
        '成果转化率',
        after!.verified / after!.due,
        `${pct1(after!.verified, after!.due)}%`,
        '成果汇报统计',
        source,
      )
      .t('。');
  }
  const sat = await satisfactionOf(db, user.regionId, year, school);
  if (sat.ratings > 0) {
    d.t(school != null ? '参训教师对本校校本培训的满意率为' : '参训教师对培训的满意率为')
      .f(
        'satisfaction',
        '满意率',
        sat.satisfied / sat.ratings,
        `${pct1(sat.satisfied, sat.ratings)}%`,
        '培训满意度',
        `/surveys/satisfaction?year=${year}`,
      )
      .t('。');
  }

  if (evaluation?.results.length) {
    const source = `/evaluations/${evaluation.id}`;
    if (school == null) {
      const groups = (evaluation.groups ?? []).map((g) => g.name);
      const excellent = evaluation.results.filter((r) => r.grade === '优秀');
      const qualified = evaluation.results.filter((r) => r.grade === '合格');
      const failed = evaluation.results.filter((r) => r.grade === '不合格');
      d.t(
        `\n\n年终，教育局${groups.length ? `分${groups.join('、')}` : ''}对各学校（园）培训工作进行了考核（${evaluation.name}）。考核结果分优秀、合格${failed.length ? '、不合格' : ''}${failed.length ? '三' : '两'}个等次，其中`,
      );
      if (excellent.length) d.t(`${excellent.map((r) => r.school_name).join('、')}`);
      d.f('evaluation.excellent', '考核优秀学校数', excellent.length, String(excellent.length), '年度考评排名', source)
        .t('所学校（园）考核结果为优秀，')
        .f('evaluation.qualified', '考核合格学校数', qualified.length, String(qualified.length), '年度考评排名', source)
        .t(`所学校（园）考核结果为合格`);
      if (failed.length) {
        d.t('，')
          .f('evaluation.failed', '考核不合格学校数', failed.length, String(failed.length), '年度考评排名', source)
          .t('所为不合格');
      }
      d.t('。');
    } else {
      const mine = evaluation.results.find((r) => r.school_id === school);
      if (mine) {
        d.t(`\n\n在${evaluation.name}中，我校考核结果为`)
          .f('evaluation.grade', '考核等次', mine.rank, mine.grade, '本校考评表', `${source}/schools/${school}`)
          .t(`，在${mine.group_name}${mine.group_size}所学校中排名第`)
          .f('evaluation.rank', '名次', mine.rank, String(mine.rank), '年度考评排名', source)
          .t('。');
      }
    }
  }

  const saved = await repo.savedSummary(db, user, year, school);
  return {
    year,
    scope: school != null ? 'school' : 'county',
    scopeName: scope.name,
    title: `${scope.name}${year}年教师培训工作总结`,
    text: d.text,
    segments: d.segments,
    figures: d.figures,
    edited: saved ? { text: saved.text, updatedAt: saved.updated_at, updatedBy: saved.updated_by } : null,
  };
}

/** Ratings of the year's projects (the county), or of the school's own 校培 projects. */
async function satisfactionOf(db: Db, regionId: number, year: number, schoolId: number | null) {
  if (schoolId != null) {
    return (await schoolTrainingSatisfaction(db, regionId, year)).get(schoolId) ?? { satisfied: 0, ratings: 0 };
  }
  return yearSatisfaction(db, regionId, year);
}

export async function saveYearSummary(
  db: Db,
  actor: Actor,
  body: { year: number; schoolId?: number; text: string },
): Promise<YearSummary> {
  const user = actor.user;
  const scope = await scopeOf(db, user, { year: body.year, schoolId: body.schoolId });
  if (scope.schoolId == null && user.role !== 'county_admin') throw forbidden('只有县级管理员可以保存全县的年度总结');
  if (scope.schoolId != null && user.role === 'school_admin' && user.schoolId !== scope.schoolId) {
    throw forbidden('学校管理员只能保存本校的年度总结');
  }
  await db.transaction(async (tx) => {
    const before = await repo.savedSummary(tx, user, body.year, scope.schoolId);
    await repo.saveSummary(tx, {
      regionId: user.regionId,
      schoolId: scope.schoolId,
      year: body.year,
      text: body.text,
      by: user.id,
    });
    await record(tx, actor, {
      action: 'report.year_summary',
      entity: 'year_summary',
      entityId: `${scope.schoolId ?? 'county'}:${body.year}`,
      before: before ? { length: before.text.length } : null,
      after: {
        title: `${scope.name}${body.year}年教师培训工作总结`,
        year: body.year,
        school: scope.schoolId != null ? scope.name : null,
        length: body.text.length,
      },
    });
  });
  return yearSummary(db, user, { year: body.year, schoolId: scope.schoolId ?? undefined });
}

/** The summary as a Word document: the title, the date line, then the draft's (or the edited) paragraphs. */
export async function yearSummaryDocx(
  db: Db,
  user: CurrentUser,
  q: YearSummaryQuery & { source: 'draft' | 'edited' },
): Promise<{ buffer: Buffer; filename: string }> {
  const s = await yearSummary(db, user, q);
  const text = q.source === 'edited' && s.edited ? s.edited.text : s.text;
  const paragraphs: DocxParagraph[] = [{ text: s.title, style: 'Title' }, ...paragraphsOf(text)];
  return { buffer: docx(s.title, paragraphs), filename: `${s.title}.docx` };
}
