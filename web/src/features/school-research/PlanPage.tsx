// One plan or summary: the school edits it while it is a draft or returned (theme, goals, the
// month-by-month activities with who is responsible, the text, the budget, attachments) and submits
// it; the county accepts it or returns it with comments; everyone who may see it can print it.
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import type { AttachmentDto, ResearchPlan, ResearchPlanItem } from '@shixun/common';
import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { AttachmentsField } from '../../components/AttachmentsField';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { PLAN_DOC_CSS, PlanDocument } from './PlanDocument';
import { usePlan, useResearchSettings, useReviewPlan, useSubmitPlan, useUpdatePlan } from './school-research.api';
import { fmtStamp, PlanStatusTag } from './shared';

interface Values {
  theme: string;
  goals?: string;
  body?: string;
  items: Array<{ month: Dayjs; title: string; type?: string; responsible?: string }>;
  budget?: string;
  attachments: AttachmentDto[];
}

export default function PlanPage() {
  const { t, i18n } = useTranslation('research');
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = usePlan(id);

  if (!Number.isInteger(id) || id <= 0) return <PageError error={new ApiError(404, 'NOT_FOUND', t('plan.badId'))} />;
  if (q.isLoading) return <PageLoading />;
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;

  return (
    <div style={{ maxWidth: 980 }}>
      <style>{PLAN_DOC_CSS}</style>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ padding: 0, marginBottom: 8 }}
        onClick={() => navigate(-1)}
      >
        {t('common:action.back')}
      </Button>
      <PageHeader
        title={
          <Space wrap>
            <span>
              {p.schoolName} · {t(`planKind.${p.kind}`)}
            </span>
            <PlanStatusTag status={p.status} />
          </Space>
        }
        sub={t('plans.yearLabel', { from: p.schoolYear, to: p.schoolYear + 1 })}
        extra={
          <Button icon={<PrinterOutlined />} onClick={() => navigate(`/school-research/plans/${p.id}/print`)}>
            {t('plans.print')}
          </Button>
        }
      />
      {p.status === 'returned' && p.reviewComment && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('plan.returnedBy', {
            who: p.reviewedBy ?? '',
            at: p.reviewedAt ? fmtStamp(p.reviewedAt, i18n.language) : '',
          })}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{p.reviewComment}</span>}
          data-testid="plan-returned"
        />
      )}
      {p.status === 'accepted' && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('plan.acceptedBy', {
            who: p.reviewedBy ?? '',
            at: p.reviewedAt ? fmtStamp(p.reviewedAt, i18n.language) : '',
          })}
          description={p.reviewComment ?? undefined}
        />
      )}
      {p.can.review && <ReviewPanel p={p} />}
      {p.can.edit ? (
        <PlanForm p={p} />
      ) : (
        <Card>
          <PlanDocument p={p} />
          {p.submittedAt && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
              {t('plans.submittedAt', { at: fmtStamp(p.submittedAt, i18n.language) })}
            </Typography.Paragraph>
          )}
        </Card>
      )}
    </div>
  );
}

function ReviewPanel({ p }: { p: ResearchPlan }) {
  const { t } = useTranslation('research');
  const { message } = App.useApp();
  const review = useReviewPlan(p.id);
  const [decision, setDecision] = useState<'accept' | 'return'>();
  const [comment, setComment] = useState('');
  const ok = decision === 'accept' || (decision === 'return' && comment.trim().length > 0);
  return (
    <Card size="small" title={t('plan.review')} style={{ marginBottom: 16 }} data-testid="plan-review">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={decision}
          onChange={(e) => setDecision(e.target.value)}
          options={[
            { value: 'accept', label: t('plan.accept') },
            { value: 'return', label: t('plan.return') },
          ]}
        />
        <Input.TextArea
          rows={3}
          maxLength={1000}
          showCount
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={decision === 'return' ? t('plan.commentRequired') : t('plan.commentOptional')}
          data-testid="plan-review-comment"
        />
        <Button
          type="primary"
          disabled={!ok}
          loading={review.isPending}
          onClick={async () => {
            try {
              await review.mutateAsync({ decision: decision!, comment: comment.trim() || null });
              message.success(decision === 'accept' ? t('plan.accepted') : t('plan.returned'));
            } catch (e) {
              message.error((e as Error).message);
            }
          }}
          data-testid="plan-review-save"
        >
          {t('plan.saveReview')}
        </Button>
      </Space>
    </Card>
  );
}

const toBody = (v: Values) => ({
  theme: v.theme,
  goals: v.goals ?? null,
  body: v.body ?? null,
  items: (v.items ?? [])
    .filter((it) => it?.month && it.title?.trim())
    .map(
      (it): ResearchPlanItem => ({
        month: it.month.format('YYYY-MM'),
        title: it.title.trim(),
        type: it.type ?? null,
        responsible: it.responsible?.trim() || null,
      }),
    ),
  budget: v.budget?.trim() ? v.budget.trim() : null,
  attachmentIds: (v.attachments ?? []).map((a) => a.id),
});

function PlanForm({ p }: { p: ResearchPlan }) {
  const { t } = useTranslation('research');
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdatePlan(p.id);
  const submit = useSubmitPlan(p.id);
  const settings = useResearchSettings();
  const types = (settings.data?.activityTypes ?? []).map((v) => ({ value: v, label: v }));

  useEffect(() => {
    form.setFieldsValue({
      theme: p.theme,
      goals: p.goals ?? undefined,
      body: p.body ?? undefined,
      items: p.items.map((it) => ({
        month: dayjs(`${it.month}-01`),
        title: it.title,
        type: it.type ?? undefined,
        responsible: it.responsible ?? undefined,
      })),
      budget: p.budget ?? undefined,
      attachments: p.attachments,
    });
  }, [p, form]);

  const save = async (silent = false) => {
    const v = await form.validateFields();
    try {
      await update.mutateAsync(toBody(v));
      if (!silent) message.success(t('plan.saved'));
      return true;
    } catch (e) {
      if (e instanceof ApiError && applyFieldErrors(form, e.fields)) return false;
      message.error((e as Error).message);
      return false;
    }
  };

  return (
    <Card>
      <Form<Values> form={form} layout="vertical" requiredMark="optional">
        <Form.Item
          name="theme"
          label={t('plan.theme')}
          rules={[{ required: true, whitespace: true, message: t('plan.themeRequired') }]}
        >
          <Input maxLength={100} showCount data-testid="plan-theme" />
        </Form.Item>
        <Form.Item name="goals" label={p.kind === 'plan' ? t('plan.goals') : t('plan.goalsMet')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={2000} showCount />
        </Form.Item>
        <Typography.Text strong>{t('plan.items')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('plan.itemsHint')}</Typography.Paragraph>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <div style={{ marginBottom: 16 }}>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start" size={8} style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item
                    name={[f.name, 'month']}
                    rules={[{ required: true, message: t('plan.monthRequired') }]}
                    style={{ marginBottom: 8 }}
                  >
                    <DatePicker
                      picker="month"
                      format="YYYY-MM"
                      allowClear={false}
                      style={{ width: 120 }}
                      aria-label={t('plan.month')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'title']}
                    rules={[{ required: true, whitespace: true, message: t('plan.itemRequired') }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input maxLength={80} placeholder={t('plan.itemTitle')} style={{ width: 280, maxWidth: '70vw' }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'type']} style={{ marginBottom: 8 }}>
                    <Select allowClear options={types} placeholder={t('plan.itemType')} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'responsible']} style={{ marginBottom: 8 }}>
                    <Input maxLength={40} placeholder={t('plan.itemResponsible')} style={{ width: 120 }} />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('common:action.delete')}
                    onClick={() => remove(f.name)}
                  />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ month: dayjs().startOf('month') })}
                disabled={fields.length >= 60}
              >
                {t('plan.addItem')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="body" label={p.kind === 'plan' ? t('plan.body') : t('plan.summaryBody')}>
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 30 }} maxLength={20000} showCount />
        </Form.Item>
        <Form.Item
          name="budget"
          label={t('plan.budget')}
          rules={[{ pattern: /^\d{1,9}(\.\d{1,2})?$/, message: t('plan.budgetInvalid') }]}
        >
          <Input style={{ width: 200 }} suffix={t('plan.yuan')} inputMode="decimal" />
        </Form.Item>
        <Form.Item name="attachments" label={t('plan.attachments')}>
          <AttachmentsField purpose="research_plan" />
        </Form.Item>
        <Space wrap>
          <Button loading={update.isPending} onClick={() => save()} data-testid="plan-save">
            {t('plan.save')}
          </Button>
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={submit.isPending}
            data-testid="plan-submit"
            onClick={() =>
              modal.confirm({
                title: t('plan.submitTitle'),
                content: t('plan.submitBody'),
                onOk: async () => {
                  if (!(await save(true))) return;
                  try {
                    await submit.mutateAsync();
                    message.success(t('plan.submitted'));
                  } catch (e) {
                    message.error((e as Error).message);
                  }
                },
              })
            }
          >
            {t('plan.submit')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
