// Survey results from the answers (pure): per question its counts, means, 满意率 and NPS, matrix and
// per-trainer rows, open answers; the competency dimensions; a cross-tab by stage, subject, school or
// rural/urban. An anonymous survey's open answers come in a fixed shuffled order (never by time),
// and its cross-tab hides groups of fewer than ANONYMOUS_MIN_CELL answers.
import {
  ANONYMOUS_MIN_CELL,
  type CrossTab,
  type CrossTabBy,
  type QuestionResult,
  questionsOf,
  RATING_LABELS,
  rate,
  SATISFIED_FROM,
  type SurveySection,
} from '@shixun/common';
import type { ResponseRow } from './surveys.repo.js';

const round2 = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: number[]) => (xs.length ? round2(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

/** A stable pseudo-random order for anonymous answers (Knuth's multiplicative hash of the row id). */
export const shuffleKey = (id: number) => (id * 2654435761) % 4294967296;

const asNumber = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const asMap = (v: unknown): Record<string, number> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, number>) : {};

/** The trainers named in the answers' per-trainer maps (matrix row keys are not numbers and drop out). */
export function trainerIdsOf(responses: readonly ResponseRow[]): number[] {
  const ids = new Set<number>();
  for (const r of responses) {
    for (const a of Object.values(r.answers)) {
      if (!a || typeof a !== 'object' || Array.isArray(a)) continue;
      for (const k of Object.keys(a)) if (/^\d+$/.test(k)) ids.add(Number(k));
    }
  }
  return [...ids];
}

/** Every rating (1–5) an answer to a rating or matrix question gives. */
export function ratingsOf(q: { type: string }, a: unknown): number[] {
  if (q.type === 'rating') {
    const n = asNumber(a);
    if (n != null) return [n];
    return Object.values(asMap(a)).filter((x) => typeof x === 'number');
  }
  if (q.type === 'matrix') return Object.values(asMap(a)).filter((x) => typeof x === 'number');
  return [];
}

export function questionResults(
  sections: readonly SurveySection[],
  responses: readonly ResponseRow[],
  opts: { anonymous: boolean; trainerNames: Map<number, string> },
): QuestionResult[] {
  const ordered = opts.anonymous
    ? [...responses].sort((a, b) => shuffleKey(a.id) - shuffleKey(b.id) || a.id - b.id)
    : [...responses].sort((a, b) => b.id - a.id);
  return questionsOf(sections).map((q) => {
    const answers = responses.map((r) => r.answers[q.id]).filter((a) => a !== undefined && a !== null && a !== '');
    const base: QuestionResult = {
      id: q.id,
      type: q.type,
      title: q.title,
      section: q.section,
      dimension: q.dimension ?? null,
      answered: answers.length,
      options: [],
      mean: null,
      satisfied: null,
      nps: null,
      rows: [],
      texts: [],
    };
    switch (q.type) {
      case 'single':
      case 'multiple': {
        base.options = (q.options ?? []).map((o) => {
          const count = answers.filter((a) => (Array.isArray(a) ? a.includes(o.value) : a === o.value)).length;
          return { value: o.value, label: o.label, count, share: rate(count, answers.length) };
        });
        break;
      }
      case 'rating':
      case 'matrix': {
        const all = answers.flatMap((a) => ratingsOf(q, a));
        base.options = RATING_LABELS.map((label, i) => {
          const count = all.filter((x) => x === i + 1).length;
          return { value: String(i + 1), label: `${i + 1}分 ${label}`, count, share: rate(count, all.length) };
        });
        base.mean = mean(all);
        base.satisfied = all.length ? rate(all.filter((x) => x >= SATISFIED_FROM).length, all.length) : null;
        if (q.type === 'matrix') {
          base.rows = (q.rows ?? []).map((r) => {
            const xs = answers.map((a) => asMap(a)[r.value]).filter((x): x is number => typeof x === 'number');
            return { value: r.value, label: r.label, answered: xs.length, mean: mean(xs) };
          });
        } else if (q.perTrainer) {
          const byTrainer = new Map<string, number[]>();
          for (const a of answers) {
            for (const [k, v] of Object.entries(asMap(a))) {
              if (typeof v !== 'number') continue;
              byTrainer.set(k, [...(byTrainer.get(k) ?? []), v]);
            }
          }
          base.rows = [...byTrainer.entries()]
            .map(([k, xs]) => ({
              value: k,
              label: opts.trainerNames.get(Number(k)) ?? `授课教师${k}`,
              answered: xs.length,
              mean: mean(xs),
            }))
            .sort((a, b) => (b.mean ?? 0) - (a.mean ?? 0) || a.label.localeCompare(b.label, 'zh-CN'));
        }
        break;
      }
      case 'nps': {
        const xs = answers.map(asNumber).filter((x): x is number => x != null);
        base.options = Array.from({ length: 11 }, (_, i) => {
          const count = xs.filter((x) => x === i).length;
          return { value: String(i), label: `${i}`, count, share: rate(count, xs.length) };
        });
        base.mean = mean(xs);
        base.nps = xs.length
          ? Math.round(((xs.filter((x) => x >= 9).length - xs.filter((x) => x <= 6).length) / xs.length) * 1000) / 10
          : null;
        break;
      }
      case 'text': {
        base.texts = ordered
          .map((r) => r.answers[q.id])
          .filter((a): a is string => typeof a === 'string' && a.trim() !== '')
          .slice(0, 200);
        break;
      }
    }
    return base;
  });
}

/** A competency self-assessment's mean score per dimension over the responses. */
export function dimensionMeans(responses: readonly ResponseRow[]) {
  const acc = new Map<string, { sum: number; n: number }>();
  for (const r of responses) {
    for (const s of r.scores ?? []) {
      const x = acc.get(s.dimension) ?? { sum: 0, n: 0 };
      x.sum += s.score;
      x.n += 1;
      acc.set(s.dimension, x);
    }
  }
  return [...acc.entries()].map(([dimension, x]) => ({ dimension, mean: round2(x.sum / x.n), responses: x.n }));
}

const groupKey: Record<CrossTabBy, (r: ResponseRow) => [string, string]> = {
  stage: (r) => [r.stage ?? '未填写', r.stage ?? '未填写'],
  subject: (r) => [r.subject ?? '未填写', r.subject ?? '未填写'],
  school: (r) => [String(r.school_id), r.school_name],
  urbanRural: (r) => [r.urban_rural ?? '未填写', r.urban_rural ?? '未填写'],
};

/** Each group's mean per rating/matrix/NPS question and option shares per choice question. */
export function crossTabOf(
  sections: readonly SurveySection[],
  responses: readonly ResponseRow[],
  by: CrossTabBy,
  anonymous: boolean,
): CrossTab {
  const groups = new Map<string, { label: string; list: ResponseRow[] }>();
  for (const r of responses) {
    const [key, label] = groupKey[by](r);
    const g = groups.get(key) ?? { label, list: [] };
    g.list.push(r);
    groups.set(key, g);
  }
  const qs = questionsOf(sections).filter((q) => q.type !== 'text');
  return {
    by,
    groups: [...groups.entries()]
      .sort((a, b) => b[1].list.length - a[1].list.length || a[1].label.localeCompare(b[1].label, 'zh-CN'))
      .map(([key, g]) => {
        const suppressed = anonymous && g.list.length < ANONYMOUS_MIN_CELL;
        const questions: CrossTab['groups'][number]['questions'] = {};
        if (!suppressed) {
          for (const q of qs) {
            const answers = g.list.map((r) => r.answers[q.id]).filter((a) => a !== undefined && a !== null);
            if (q.type === 'single' || q.type === 'multiple') {
              const options: Record<string, number> = {};
              for (const o of q.options ?? []) {
                const n = answers.filter((a) => (Array.isArray(a) ? a.includes(o.value) : a === o.value)).length;
                options[o.value] = rate(n, answers.length);
              }
              questions[q.id] = { mean: null, options };
            } else if (q.type === 'nps') {
              questions[q.id] = {
                mean: mean(answers.map(asNumber).filter((x): x is number => x != null)),
                options: {},
              };
            } else {
              questions[q.id] = { mean: mean(answers.flatMap((a) => ratingsOf(q, a))), options: {} };
            }
          }
        }
        return { key, label: g.label, responses: g.list.length, suppressed, questions };
      }),
  };
}
