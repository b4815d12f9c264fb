// The answer rules of a survey, pure and without zod (the teacher's phone form loads this module
// alone, not the schemas): the scale's words, the questions in order, checking answers against the
// questions (the form and the server apply the same), a self-assessment's scores.
import type { SurveyAnswer, SurveyQuestion, SurveySection } from './surveys.js';

/** The five points of every rating and matrix scale. */
export const RATING_LABELS = ['很不满意', '不满意', '一般', '满意', '非常满意'] as const;
/** A rating of 4 or 5 is satisfied (满意率). */
export const SATISFIED_FROM = 4;

/** The questions of a survey in order, with their section's title. */
export function questionsOf(sections: readonly SurveySection[]): Array<SurveyQuestion & { section: string }> {
  return sections.flatMap((s) => s.questions.map((q) => ({ ...q, section: s.title })));
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Is the question asked? A question asked once per trainer is skipped for a project without trainers. */
export function asked(q: SurveyQuestion, trainers: readonly unknown[]): boolean {
  return !(q.type === 'rating' && q.perTrainer && trainers.length === 0);
}

/**
 * Checks answers against the questions; returns the first problem per question (keyed by its id,
 * a Chinese message naming the question by its number), and the answers with unknown keys dropped.
 * `trainers`: the project's trainers, for the questions asked once per trainer.
 */
export function checkAnswers(
  sections: readonly SurveySection[],
  answers: Record<string, unknown>,
  trainers: readonly { id: number; name: string }[] = [],
): { problems: Record<string, string>; clean: Record<string, SurveyAnswer> } {
  const problems: Record<string, string> = {};
  const clean: Record<string, SurveyAnswer> = {};
  // Questions are numbered as the form shows them: one skipped (below) takes no number.
  let n = 0;
  questions: for (const q of questionsOf(sections)) {
    if (!asked(q, trainers)) continue;
    n += 1;
    const label = `第${n}题“${q.title}”`;
    const a = answers[q.id];
    const empty =
      a === undefined ||
      a === null ||
      (typeof a === 'string' && a.trim() === '') ||
      (Array.isArray(a) && a.length === 0) ||
      (typeof a === 'object' && !Array.isArray(a) && Object.keys(a as object).length === 0);
    const perTrainer = q.type === 'rating' && q.perTrainer;
    if (empty) {
      if (q.required) problems[q.id] = `${label}为必答题`;
      continue;
    }
    const fail = (m: string) => {
      problems[q.id] = `${label}${m}`;
    };
    switch (q.type) {
      case 'single': {
        if (typeof a !== 'string' || !q.options?.some((o) => o.value === a)) {
          fail('的选项无效');
          continue questions;
        }
        clean[q.id] = a;
        continue questions;
      }
      case 'multiple': {
        if (!Array.isArray(a) || a.some((v) => typeof v !== 'string' || !q.options?.some((o) => o.value === v))) {
          fail('的选项无效');
          continue questions;
        }
        const picked = [...new Set(a as string[])];
        if (q.maxChoices && picked.length > q.maxChoices) {
          fail(`最多选择${q.maxChoices}项`);
          continue questions;
        }
        clean[q.id] = picked;
        continue questions;
      }
      case 'rating': {
        if (perTrainer) {
          if (typeof a !== 'object' || Array.isArray(a)) {
            fail('应为每位授课教师评分');
            continue questions;
          }
          const map = a as Record<string, unknown>;
          const out: Record<string, number> = {};
          for (const t of trainers) {
            const v = map[String(t.id)];
            if (v === undefined) {
              if (q.required) {
                fail(`还没有给${t.name}评分`);
                continue questions;
              }
              continue;
            }
            if (!isInt(v, 1, 5)) {
              fail(`给${t.name}的评分应为1至5分`);
              continue questions;
            }
            out[String(t.id)] = v;
          }
          if (Object.keys(map).some((k) => !trainers.some((t) => String(t.id) === k))) {
            fail('评了不是本项目授课教师的人');
            continue questions;
          }
          if (Object.keys(out).length) clean[q.id] = out;
          continue questions;
        }
        if (!isInt(a, 1, 5)) {
          fail('应为1至5分');
          continue questions;
        }
        clean[q.id] = a;
        continue questions;
      }
      case 'nps': {
        if (!isInt(a, 0, 10)) {
          fail('应为0至10分');
          continue questions;
        }
        clean[q.id] = a;
        continue questions;
      }
      case 'matrix': {
        if (typeof a !== 'object' || Array.isArray(a)) {
          fail('应逐行评分');
          continue questions;
        }
        const map = a as Record<string, unknown>;
        const out: Record<string, number> = {};
        for (const r of q.rows ?? []) {
          const v = map[r.value];
          if (v === undefined) {
            if (q.required) {
              fail(`的“${r.label}”还没有评分`);
              continue questions;
            }
            continue;
          }
          if (!isInt(v, 1, 5)) {
            fail(`的“${r.label}”应为1至5分`);
            continue questions;
          }
          out[r.value] = v;
        }
        if (Object.keys(map).some((k) => !q.rows?.some((r) => r.value === k))) {
          fail('有不存在的行');
          continue questions;
        }
        if (Object.keys(out).length) clean[q.id] = out;
        continue questions;
      }
      case 'text': {
        if (typeof a !== 'string') {
          fail('应为文字');
          continue questions;
        }
        if (a.length > 2000) {
          fail('不超过2000字');
          continue questions;
        }
        clean[q.id] = a.trim();
        continue questions;
      }
    }
  }
  return { problems, clean };
}

/**
 * A competency self-assessment's score per dimension: the mean of its scored items on 0–5 (a rating
 * counts its points, a choice its option's score, a matrix each row). Items without a dimension
 * count under 总体.
 */
export function competencyScores(
  sections: readonly SurveySection[],
  answers: Record<string, SurveyAnswer>,
): Array<{ dimension: string; score: number; items: number }> {
  const acc = new Map<string, { sum: number; n: number }>();
  const add = (d: string, v: number) => {
    const x = acc.get(d) ?? { sum: 0, n: 0 };
    x.sum += v;
    x.n += 1;
    acc.set(d, x);
  };
  for (const q of questionsOf(sections)) {
    const a = answers[q.id];
    if (a === undefined) continue;
    const d = q.dimension || '总体';
    if (q.type === 'rating' && typeof a === 'number') add(d, a);
    else if (q.type === 'matrix' && typeof a === 'object' && !Array.isArray(a)) {
      for (const v of Object.values(a)) add(d, v);
    } else if (q.type === 'single' && typeof a === 'string') {
      const s = q.options?.find((o) => o.value === a)?.score;
      if (s != null) add(d, s);
    } else if (q.type === 'multiple' && Array.isArray(a)) {
      const s = a.map((v) => q.options?.find((o) => o.value === v)?.score).filter((x): x is number => x != null);
      if (s.length)
        add(
          d,
          Math.min(
            5,
            s.reduce((x, y) => x + y, 0),
          ),
        );
    }
  }
  return [...acc.entries()].map(([dimension, x]) => ({
    dimension,
    score: Math.round((x.sum / x.n) * 100) / 100,
    items: x.n,
  }));
}
