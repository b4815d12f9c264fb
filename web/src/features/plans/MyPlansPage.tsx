// A teacher's personal development plans on a phone: the five-year plan and the yearly plans, each
// with its goals, planned trainings and hours target beside what the credit ledger shows; write or
// change a draft (or a returned plan), submit it to the school, and write the year-end summary.
import { PLAN_SUMMARY_FROM, type PlanItem, type PlanKind, type PlannedTraining } from '@shixun/common';
import { App, Button, Card, Empty, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { Field, fieldStyle } from '../../components/PhoneFields';
import { thisYear } from '../../components/years';
import { ApiError } from '../../lib/http';
import { useCreatePlan, useMyPlans, useSubmitPlan, useSummarisePlan, useUpdatePlan } from './plans.api';
import { PlanBodyView, PlanStatusTag, usePlanName } from './shared';

export default function MyPlansPage() {
  const { t } = useTranslation('plans');
  const plans = useMyPlans();
  const [writing, setWriting] = useState<PlanItem | 'new' | null>(null);
  const header = (
    <PageHeader
      title={t('my.title')}
      sub={t('my.sub')}
      extra={
        writing == null && (
          <Button type="primary" onClick={() => setWriting('new')} data-testid="plan-new">
            {t('my.new')}
          </Button>
        )
      }
    />
  );
  if (plans.isLoading) return <PageLoading />;
  if (plans.error || !plans.data)
    return (
      <div>
        {header}
        <PageError error={plans.error} onRetry={() => plans.refetch()} />
      </div>
    );
  const items = plans.data.items;
  return (
    <div style={{ maxWidth: 760 }}>
      {header}
      {writing != null && (
        <PlanForm plan={writing === 'new' ? null : writing} existing={items} onDone={() => setWriting(null)} />
      )}
      {items.length === 0 && writing == null ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.empty')} />
        </Card>
      ) : (
        <div style={{ display: 'grid', gap: 12 }}>
          {items
            .filter((p) => writing === 'new' || writing == null || writing.id !== p.id)
            .map((p) => (
              <PlanCard key={p.id} p={p} onEdit={() => setWriting(p)} />
            ))}
        </div>
      )}
    </div>
  );
}

function PlanCard({ p, onEdit }: { p: PlanItem; onEdit: () => void }) {
  const { t } = useTranslation('plans');
  const { message } = App.useApp();
  const name = usePlanName();
  const submit = useSubmitPlan();
  const [summarising, setSummarising] = useState(false);
  return (
    <Card size="small" styles={{ body: { padding: 16 } }} data-testid={`plan-${p.id}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {name(p)}
        </Typography.Text>
        <PlanStatusTag status={p.status} />
      </div>
      <div style={{ marginTop: 8 }}>
        <PlanBodyView p={p} />
      </div>
      {p.kind === 'yearly' && p.status === 'approved' && !p.summary && !p.can.summarise && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('my.summaryLater', { date: `${p.endYear}-${PLAN_SUMMARY_FROM}` })}
        </Typography.Paragraph>
      )}
      {summarising && <SummaryForm p={p} onDone={() => setSummarising(false)} />}
      {(p.can.edit || p.can.submit || (p.can.summarise && !summarising)) && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 }}>
          {p.can.edit && (
            <Button size="large" style={{ flex: '1 1 140px' }} onClick={onEdit}>
              {t('my.edit')}
            </Button>
          )}
          {p.can.submit && (
            <Button
              size="large"
              type="primary"
              style={{ flex: '1 1 140px' }}
              loading={submit.isPending}
              onClick={async () => {
                try {
                  await submit.mutateAsync(p.id);
                  message.success(t('my.submitted'));
                } catch (e) {
                  message.error((e as Error).message);
                }
              }}
            >
              {t('my.submit')}
            </Button>
          )}
          {p.can.summarise && !summarising && (
            <Button size="large" type="primary" style={{ flex: '1 1 140px' }} onClick={() => setSummarising(true)}>
              {p.summary ? t('my.editSummary') : t('my.writeSummary')}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}

function SummaryForm({ p, onDone }: { p: PlanItem; onDone: () => void }) {
  const { t } = useTranslation('plans');
  const { message } = App.useApp();
  const save = useSummarisePlan();
  const [summary, setSummary] = useState(p.summary ?? '');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      style={{ marginTop: 12 }}
      onSubmit={async (e) => {
        e.preventDefault();
        if (summary.trim().length < 10) return setError(t('form.summaryRule'));
        try {
          await save.mutateAsync({ id: p.id, summary: summary.trim() });
          message.success(t('my.summarySaved'));
          onDone();
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <Field
        label={t('field.summary')}
        htmlFor={`summary-${p.id}`}
        error={error}
        hint={t('form.summaryHint', { hours: p.ledger.hours })}
      >
        <textarea
          id={`summary-${p.id}`}
          style={{ ...fieldStyle, minHeight: 120 }}
          maxLength={3000}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
      </Field>
      <div style={{ display: 'flex', gap: 8 }}>
        <Button size="large" style={{ flex: 1 }} onClick={onDone}>
          {t('common:action.cancel')}
        </Button>
        <Button size="large" type="primary" htmlType="submit" style={{ flex: 1 }} loading={save.isPending}>
          {t('common:action.save')}
        </Button>
      </div>
    </form>
  );
}

type Errors = Record<string, string>;
const blankItem = (): PlannedTraining & { hours: number | null } => ({ title: '', hours: null });

function PlanForm({ plan, existing, onDone }: { plan: PlanItem | null; existing: PlanItem[]; onDone: () => void }) {
  const { t } = useTranslation('plans');
  const { message } = App.useApp();
  const create = useCreatePlan();
  const update = useUpdatePlan();
  const submitPlan = useSubmitPlan();
  const y = thisYear();
  const hasFive = existing.some((p) => p.kind === 'five_year' && p.endYear >= y);
  const [kind, setKind] = useState<PlanKind>(plan?.kind ?? (hasFive ? 'yearly' : 'five_year'));
  const [startYear, setStartYear] = useState(plan?.startYear ?? y);
  const [goals, setGoals] = useState(plan?.goals ?? '');
  const [items, setItems] = useState<Array<PlannedTraining & { hours: number | null }>>(
    plan?.items.length ? plan.items.map((i) => ({ ...i, hours: i.hours ?? null })) : [blankItem()],
  );
  const [target, setTarget] = useState(plan?.hoursTarget != null ? String(plan.hoursTarget) : '');
  const [errors, setErrors] = useState<Errors>({});
  const pending = create.isPending || update.isPending || submitPlan.isPending;

  const save = async (submit: boolean) => {
    const local: Errors = {};
    if (goals.trim().length < 10) local.goals = t('form.goalsRule');
    const hoursTarget = target.trim() === '' ? null : Number(target);
    if (hoursTarget != null && (!Number.isFinite(hoursTarget) || hoursTarget < 0 || hoursTarget > 2000))
      local.hoursTarget = t('form.targetRule');
    const list = items
      .filter((i) => i.title.trim())
      .map((i) => ({ title: i.title.trim(), hours: i.hours == null || Number.isNaN(i.hours) ? null : i.hours }));
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      if (plan) {
        await update.mutateAsync({ id: plan.id, body: { goals: goals.trim(), items: list, hoursTarget } });
        if (submit) await submitPlan.mutateAsync(plan.id);
      } else {
        await create.mutateAsync({ kind, startYear, goals: goals.trim(), items: list, hoursTarget, submit });
      }
      message.success(submit ? t('my.submitted') : t('my.saved'));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.fields) setErrors(e.fields);
      else message.error((e as Error).message);
    }
  };

  return (
    <Card
      size="small"
      styles={{ body: { padding: 16 } }}
      style={{ marginBottom: 12 }}
      title={plan ? t('my.editTitle') : t('my.new')}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(true);
        }}
        data-testid="plan-form"
      >
        {!plan && (
          <div style={{ display: 'flex', gap: 12 }}>
            <div style={{ flex: '1 1 0', minWidth: 0 }}>
              <Field label={t('field.kind')} htmlFor="plan-kind">
                <select
                  id="plan-kind"
                  style={fieldStyle}
                  value={kind}
                  onChange={(e) => setKind(e.target.value as PlanKind)}
                >
                  <option value="five_year">{t('kind.five_year')}</option>
                  <option value="yearly">{t('kind.yearly')}</option>
                </select>
              </Field>
            </div>
            <div style={{ flex: '1 1 0', minWidth: 0 }}>
              <Field label={kind === 'yearly' ? t('field.year') : t('field.startYear')} htmlFor="plan-year">
                <select
                  id="plan-year"
                  style={fieldStyle}
                  value={startYear}
                  onChange={(e) => setStartYear(Number(e.target.value))}
                >
                  {[y - 1, y, y + 1].map((v) => (
                    <option key={v} value={v}>
                      {kind === 'yearly' ? t('name.yearShort', { year: v }) : t('name.span', { from: v, to: v + 4 })}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          </div>
        )}
        <Field label={t('field.goals')} htmlFor="plan-goals" error={errors.goals} hint={t(`form.goalsHint.${kind}`)}>
          <textarea
            id="plan-goals"
            style={{ ...fieldStyle, minHeight: 120 }}
            maxLength={3000}
            value={goals}
            onChange={(e) => setGoals(e.target.value)}
          />
        </Field>
        <div style={{ marginBottom: 14 }}>
          <div style={{ marginBottom: 4 }}>{t('field.items')}</div>
          {items.map((it, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and removed by position
            <div key={i} style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
              <input
                aria-label={t('form.itemTitle')}
                placeholder={t('form.itemTitle')}
                style={{ ...fieldStyle, flex: '1 1 auto' }}
                maxLength={60}
                value={it.title}
                onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))}
              />
              <input
                aria-label={t('form.itemHours')}
                placeholder={t('form.itemHours')}
                type="number"
                inputMode="decimal"
                min={0}
                max={500}
                style={{ ...fieldStyle, flex: '0 0 84px' }}
                value={it.hours ?? ''}
                onChange={(e) =>
                  setItems(
                    items.map((x, j) =>
                      j === i ? { ...x, hours: e.target.value === '' ? null : Number(e.target.value) } : x,
                    ),
                  )
                }
              />
              <Button
                aria-label={t('form.removeItem')}
                style={{ flex: '0 0 40px', height: 40 }}
                onClick={() => setItems(items.length > 1 ? items.filter((_, j) => j !== i) : [blankItem()])}
              >
                ×
              </Button>
            </div>
          ))}
          {items.length < 30 && (
            <Button type="dashed" block onClick={() => setItems([...items, blankItem()])}>
              {t('form.addItem')}
            </Button>
          )}
          {errors.items && <div style={{ color: '#cf1322', fontSize: 13 }}>{errors.items}</div>}
        </div>
        <Field
          label={t('field.hoursTarget')}
          htmlFor="plan-target"
          error={errors.hoursTarget}
          hint={t(`form.targetHint.${kind}`)}
        >
          <input
            id="plan-target"
            type="number"
            inputMode="decimal"
            min={0}
            max={2000}
            style={fieldStyle}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
        </Field>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          <Button size="large" style={{ flex: '1 1 90px' }} onClick={onDone}>
            {t('common:action.cancel')}
          </Button>
          <Button size="large" style={{ flex: '1 1 90px' }} loading={pending} onClick={() => save(false)}>
            {t('my.saveDraft')}
          </Button>
          <Button
            size="large"
            type="primary"
            htmlType="submit"
            style={{ flex: '1 1 140px' }}
            loading={pending}
            data-testid="plan-submit"
          >
            {t('my.saveSubmit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
