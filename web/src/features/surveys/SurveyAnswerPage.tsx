// A teacher answers a survey on a phone (/my/surveys/:id, ?projectId= for a project's satisfaction
// survey): sections, numbered questions, large tap targets (native radios and checkboxes), the
// same answer rules as the server (common/src/survey-rules.ts) checked before sending, the first
// problem scrolled into view. Light on purpose: no charts, few antd components.
import {
  asked,
  checkAnswers,
  questionsOf,
  type SurveyAnswer,
  type SurveyForm,
  type SurveyQuestion,
  type SurveyResponseResult,
} from '@shixun/common';
import { Alert, Button, Result } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { fmtUntil } from '../../components/format';
import { PageError, PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { useAnswerSurvey, useSurveyForm } from './surveys.api';
import './survey-form.css';

type Answers = Record<string, SurveyAnswer>;
const NPS_POINTS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export default function SurveyAnswerPage() {
  const { t } = useTranslation('surveyForm');
  const id = Number(useParams().id);
  const [params] = useSearchParams();
  const projectId = Number(params.get('projectId')) || undefined;
  const form = useSurveyForm(id, projectId);

  if (form.isLoading) return <PageLoading />;
  if (!form.data) return <PageError error={form.error} onRetry={() => form.refetch()} />;
  const f = form.data;
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <h1 style={{ fontSize: 20, margin: '0 0 4px', lineHeight: 1.4 }}>{f.title}</h1>
      {f.projectName && (
        <div style={{ color: '#595959', marginBottom: 8 }}>{t('project', { name: f.projectName })}</div>
      )}
      {f.intro && <p style={{ margin: '0 0 8px', lineHeight: 1.6, whiteSpace: 'pre-wrap' }}>{f.intro}</p>}
      <div style={{ color: '#595959', fontSize: 13, marginBottom: 12 }}>
        {f.anonymous ? t('anonymous') : t('named')}
        {f.closesAt ? ` · ${t('closes', { date: fmtUntil(f.closesAt) })}` : ''}
      </div>
      {f.answered ? <Answered form={f} scores={f.scores} /> : <AnswerForm form={f} projectId={projectId} />}
    </div>
  );
}

function Answered({
  form,
  scores,
  justSent = false,
}: {
  form: SurveyForm;
  scores: SurveyResponseResult['scores'];
  justSent?: boolean;
}) {
  const { t } = useTranslation('surveyForm');
  return (
    <Result
      status="success"
      title={t('thanks')}
      subTitle={form.kind === 'competency' ? t('scoresBelow') : justSent ? t('received') : t('answeredBefore')}
      extra={
        <>
          {scores.length > 0 && <Scores scores={scores} />}
          <Link to="/my/surveys">
            <Button size="large">{t('back')}</Button>
          </Link>
        </>
      }
    />
  );
}

function Scores({ scores }: { scores: SurveyResponseResult['scores'] }) {
  const { t } = useTranslation('surveyForm');
  return (
    <div style={{ textAlign: 'left', marginBottom: 16 }} data-testid="survey-scores">
      {scores.map((s) => (
        <div key={s.dimension} style={{ marginBottom: 10 }}>
          <div style={{ display: 'flex', justifyContent: 'space-between' }}>
            <span>{s.dimension}</span>
            <strong>{t('score', { score: s.score.toFixed(1) })}</strong>
          </div>
          <div style={{ height: 8, background: '#e5e7eb', borderRadius: 4 }}>
            <div style={{ width: `${(s.score / 5) * 100}%`, height: 8, background: '#1f6feb', borderRadius: 4 }} />
          </div>
        </div>
      ))}
    </div>
  );
}

function AnswerForm({ form, projectId }: { form: SurveyForm; projectId?: number }) {
  const { t } = useTranslation('surveyForm');
  const [answers, setAnswers] = useState<Answers>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [done, setDone] = useState<SurveyResponseResult | null>(null);
  const send = useAnswerSurvey(form.id);
  // Numbered as checkAnswers numbers them: a question not asked (per trainer, no trainers) takes no
  // number, and a section left without questions is not shown.
  const numbered = useMemo(() => {
    let n = 0;
    return form.sections
      .map((s) => ({
        ...s,
        questions: s.questions
          .filter((q) => asked(q, form.trainers))
          .map((q) => {
            n += 1;
            return { q, n };
          }),
      }))
      .filter((s) => s.questions.length > 0);
  }, [form.sections, form.trainers]);

  if (done) return <Answered form={form} scores={done.scores} justSent />;

  const set = (qid: string, v: SurveyAnswer | undefined) => {
    setAnswers((prev) => {
      const next = { ...prev };
      if (v === undefined) delete next[qid];
      else next[qid] = v;
      return next;
    });
    if (problems[qid]) setProblems(({ [qid]: _, ...rest }) => rest);
  };

  const showProblems = (found: Record<string, string>) => {
    setProblems(found);
    const first = questionsOf(form.sections).find((q) => found[q.id]);
    if (first) document.getElementById(`q-${first.id}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  const submit = () => {
    const { problems: found } = checkAnswers(form.sections, answers, form.trainers);
    if (Object.keys(found).length) return showProblems(found);
    send.mutate(
      { projectId, answers },
      {
        onSuccess: setDone,
        onError: (e) => {
          if (e instanceof ApiError && e.fields) {
            showProblems(
              Object.fromEntries(
                Object.entries(e.fields)
                  .filter(([k]) => k.startsWith('answers.'))
                  .map(([k, v]) => [k.slice('answers.'.length), v]),
              ),
            );
          }
        },
      },
    );
  };

  const count = Object.keys(problems).length;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {numbered.map((s) => (
        <section key={s.questions[0]?.q.id ?? s.title}>
          {s.title && <h2 className="sf-section">{s.title}</h2>}
          {s.description && <p className="sf-hint">{s.description}</p>}
          {s.questions.map(({ q, n }) => (
            <Question
              key={q.id}
              q={q}
              n={n}
              value={answers[q.id]}
              problem={problems[q.id]}
              trainers={form.trainers}
              onChange={(v) => set(q.id, v)}
            />
          ))}
        </section>
      ))}
      {send.error && !(send.error instanceof ApiError && send.error.fields) && (
        <Alert type="error" showIcon title={(send.error as Error).message} style={{ marginBottom: 12 }} />
      )}
      <div className="sf-submit">
        {count > 0 && (
          <div className="sf-error" role="alert" style={{ marginBottom: 8 }}>
            {t('problems', { n: count })}
          </div>
        )}
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={send.isPending}
          data-testid="survey-submit"
        >
          {t('submit')}
        </Button>
      </div>
    </form>
  );
}

function Question({
  q,
  n,
  value,
  problem,
  trainers,
  onChange,
}: {
  q: SurveyQuestion;
  n: number;
  value: SurveyAnswer | undefined;
  problem?: string;
  trainers: SurveyForm['trainers'];
  onChange: (v: SurveyAnswer | undefined) => void;
}) {
  const { t } = useTranslation('surveyForm');
  const titleId = `q-${q.id}-title`;
  const map = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, number>;
  const setIn = (key: string, v: number) => onChange({ ...map, [key]: v });
  return (
    <fieldset
      id={`q-${q.id}`}
      className={`sf-question${problem ? ' sf-problem' : ''}`}
      aria-labelledby={titleId}
      data-testid={`question-${q.id}`}
    >
      <p className="sf-title" id={titleId}>
        {n}. {q.title}
        {q.required && (
          <span className="sf-required" role="img" aria-label={t('required')}>
            *
          </span>
        )}
      </p>
      {q.description && <p className="sf-hint">{q.description}</p>}
      {q.type === 'multiple' && q.maxChoices && <p className="sf-hint">{t('maxChoices', { n: q.maxChoices })}</p>}
      {q.type === 'single' &&
        q.options?.map((o) => (
          <label key={o.value} className="sf-choice">
            <input
              type="radio"
              name={q.id}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            {o.label}
          </label>
        ))}
      {q.type === 'multiple' &&
        q.options?.map((o) => {
          const picked = Array.isArray(value) ? (value as string[]) : [];
          const on = picked.includes(o.value);
          return (
            <label key={o.value} className="sf-choice">
              <input
                type="checkbox"
                checked={on}
                onChange={() => {
                  const next = on ? picked.filter((v) => v !== o.value) : [...picked, o.value];
                  onChange(next.length ? next : undefined);
                }}
              />
              {o.label}
            </label>
          );
        })}
      {q.type === 'rating' && !q.perTrainer && (
        <Scale name={q.id} label={q.title} value={typeof value === 'number' ? value : undefined} onChange={onChange} />
      )}
      {q.type === 'rating' &&
        q.perTrainer &&
        trainers.map((tr) => (
          <div key={tr.id} className="sf-row">
            <div className="sf-row-label">{tr.name}</div>
            <Scale
              name={`${q.id}-${tr.id}`}
              label={`${q.title}：${tr.name}`}
              value={map[String(tr.id)]}
              onChange={(v) => setIn(String(tr.id), v)}
            />
          </div>
        ))}
      {q.type === 'matrix' &&
        q.rows?.map((r) => (
          <div key={r.value} className="sf-row">
            <div className="sf-row-label">{r.label}</div>
            <Scale
              name={`${q.id}-${r.value}`}
              label={`${q.title}：${r.label}`}
              value={map[r.value]}
              onChange={(v) => setIn(r.value, v)}
            />
          </div>
        ))}
      {q.type === 'nps' && (
        <>
          <div className="sf-scale sf-nps" role="radiogroup" aria-label={q.title}>
            {NPS_POINTS.map((p) => (
              <label key={p} className="sf-point">
                <input type="radio" name={q.id} checked={value === p} onChange={() => onChange(p)} />
                <span>{p}</span>
              </label>
            ))}
          </div>
          <div className="sf-ends">
            <span>{t('npsLow')}</span>
            <span>{t('npsHigh')}</span>
          </div>
        </>
      )}
      {q.type === 'text' && (
        <textarea
          className="sf-text"
          aria-labelledby={titleId}
          maxLength={2000}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value.trim() ? e.target.value : undefined)}
        />
      )}
      {problem && (
        <div className="sf-error" role="alert">
          {problem}
        </div>
      )}
    </fieldset>
  );
}

/** The 1–5 scale: five points, the words of both ends under it. */
function Scale({
  name,
  label,
  value,
  onChange,
}: {
  name: string;
  label: string;
  value: number | undefined;
  onChange: (v: number) => void;
}) {
  const { t } = useTranslation('surveyForm');
  const words = (p: number) => t(`scale.${p}`);
  return (
    <>
      <div className="sf-scale" role="radiogroup" aria-label={label}>
        {[1, 2, 3, 4, 5].map((p) => (
          <label key={p} className="sf-point" title={words(p)}>
            <input
              type="radio"
              name={name}
              checked={value === p}
              onChange={() => onChange(p)}
              aria-label={`${p} ${words(p)}`}
            />
            <span aria-hidden="true">{p}</span>
          </label>
        ))}
      </div>
      <div className="sf-ends" aria-hidden="true">
        <span>{words(1)}</span>
        <span>{words(5)}</span>
      </div>
    </>
  );
}
