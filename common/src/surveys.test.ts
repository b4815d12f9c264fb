// The answer rules every survey form and the server share.
import { describe, expect, it } from 'vitest';
import { checkAnswers, competencyScores } from './survey-rules.js';
import { DEFAULT_SATISFACTION_TEMPLATE, type SurveySection } from './surveys.js';

const sections: SurveySection[] = [
  {
    title: '',
    questions: [
      {
        id: 'm',
        type: 'matrix',
        title: '矩阵',
        required: false,
        rows: [
          { value: 'a', label: '甲' },
          { value: 'b', label: '乙' },
        ],
      },
      { id: 't', type: 'rating', title: '授课教师', required: false, perTrainer: true },
      {
        id: 's',
        type: 'single',
        title: '单选',
        required: true,
        options: [
          { value: 'x', label: 'X', score: 5 },
          { value: 'y', label: 'Y', score: 1 },
        ],
        dimension: '技术',
      },
      { id: 'r', type: 'rating', title: '评分', required: true, dimension: '技术' },
    ],
  },
];
const trainers = [
  { id: 7, name: '赵' },
  { id: 8, name: '钱' },
];

describe('checkAnswers', () => {
  it('skips unanswered rows of an optional matrix and trainers of an optional per-trainer question, keeping the rest', () => {
    const { problems, clean } = checkAnswers(sections, { m: { b: 4 }, t: { 8: 5 }, s: 'x', r: 3 }, trainers);
    expect(problems).toEqual({});
    expect(clean).toEqual({ m: { b: 4 }, t: { 8: 5 }, s: 'x', r: 3 });
  });

  it('names the question and what is wrong', () => {
    expect(checkAnswers(sections, { s: 'z', r: 3 }, trainers).problems).toEqual({ s: '第3题“单选”的选项无效' });
    expect(checkAnswers(sections, { s: 'x', r: 3, t: { 9: 5 } }, trainers).problems).toEqual({
      t: '第2题“授课教师”评了不是本项目授课教师的人',
    });
    expect(checkAnswers(sections, { s: 'x', r: 3, m: { a: 0 } }, trainers).problems).toEqual({
      m: '第1题“矩阵”的“甲”应为1至5分',
    });
  });

  it('requires every trainer of a required per-trainer question, and skips it for a project without trainers', () => {
    const t = DEFAULT_SATISFACTION_TEMPLATE.sections;
    const answers = { relevance: 5, useful: 4, organisation: { schedule: 5, venue: 4, materials: 5 }, recommend: 9 };
    expect(checkAnswers(t, { ...answers, trainer: { 7: 5 } }, trainers).problems).toEqual({
      trainer: '第1题“请为本项目的授课教师打分”还没有给钱评分',
    });
    expect(checkAnswers(t, answers, []).problems).toEqual({});
    // The skipped question takes no number: the form shows 培训内容's first question as 第1题.
    expect(checkAnswers(t, { ...answers, relevance: undefined }, []).problems).toEqual({
      relevance: '第1题“培训内容与您的教学实际贴合”为必答题',
    });
  });
});

describe('competencyScores', () => {
  it('averages each dimension’s scored items on 0–5', () => {
    expect(competencyScores(sections, { s: 'x', r: 3, m: { a: 2, b: 4 } })).toEqual([
      { dimension: '总体', score: 3, items: 2 },
      { dimension: '技术', score: 4, items: 2 },
    ]);
  });
});
