// The teacher's application form (new, edit while pending, or correct-and-resubmit when returned):
// kind with the county's conversion rule and a suggested number of hours, title, date, level,
// quantity, hours, description and evidence files. Full-screen on a phone.
import type { AttachmentDto, CreditApplication, CreditApplicationBody } from '@shixun/common';
import { LEVELS, suggestApplicationHours } from '@shixun/common';
import { Alert, Button, DatePicker, Drawer, Form, Grid, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentsField } from '../../components/AttachmentsField';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useApplicationKinds, useSaveApplication } from './credit-applications.api';

interface FormValues {
  kind?: string;
  title?: string;
  occurredOn?: Dayjs;
  level?: string | null;
  quantity?: number | null;
  claimedHours?: number;
  description?: string;
  attachments?: AttachmentDto[];
}

interface Props {
  open: boolean;
  /** The application being edited / resubmitted; none for a new one. */
  application?: CreditApplication | null;
  onClose: () => void;
  onSaved: (a: CreditApplication) => void;
}

export function ApplicationFormDrawer({ open, application, onClose, onSaved }: Props) {
  const { t } = useTranslation('creditApplications');
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const kinds = useApplicationKinds();
  const save = useSaveApplication();
  const [formError, setFormError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const quantity = Form.useWatch('quantity', form);
  const rule = kinds.data?.items.find((k) => k.kind === kind);
  const suggestion = rule ? suggestApplicationHours(rule, quantity ?? (rule.perUnit != null ? 1 : null)) : null;
  const resubmit = application?.status === 'returned';

  const submit = async (v: FormValues) => {
    setFormError(null);
    const body: CreditApplicationBody = {
      kind: v.kind as CreditApplicationBody['kind'],
      title: v.title ?? '',
      occurredOn: v.occurredOn ? v.occurredOn.format('YYYY-MM-DD') : '',
      level: (v.level ?? null) as CreditApplicationBody['level'],
      quantity: v.quantity ?? null,
      claimedHours: v.claimedHours ?? 0,
      description: v.description ?? null,
      attachmentIds: (v.attachments ?? []).map((a) => a.id),
    };
    try {
      const saved = await save.mutateAsync({ id: application?.id, body });
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError) {
        applyFieldErrors(form, e.fields as Record<string, string> | undefined);
        setFormError(e.message);
      } else setFormError((e as Error).message);
    }
  };

  const title = application ? t(resubmit ? 'form.resubmitTitle' : 'form.editTitle') : t('form.newTitle');
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={screens.md ? 560 : '100%'}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="application-submit"
          >
            {application ? t(resubmit ? 'form.resubmit' : 'form.save') : t('form.submit')}
          </Button>
        </Space>
      }
    >
      {application?.status === 'returned' && application.returnReason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(`my.returnedBy.${application.returnedBy ?? 'school'}`)}
          description={application.returnReason}
        />
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        scrollToFirstError
        initialValues={
          application
            ? {
                kind: application.kind,
                title: application.title,
                occurredOn: dayjs(application.occurredOn),
                level: application.level,
                quantity: application.quantity,
                claimedHours: application.claimedHours,
                description: application.description ?? undefined,
                attachments: application.attachments,
              }
            : { attachments: [] }
        }
      >
        <Form.Item name="kind" label={t('field.kind')} rules={[{ required: true, message: t('form.required.kind') }]}>
          <Select
            data-testid="application-kind"
            loading={kinds.isLoading}
            options={(kinds.data?.items ?? []).map((k) => ({ value: k.kind, label: t(`kind.${k.kind}`) }))}
          />
        </Form.Item>
        {rule && (
          <Alert
            type="info"
            style={{ marginTop: -8, marginBottom: 16 }}
            title={
              rule.perUnit != null
                ? `${t('form.suggest', { rule: kinds.data?.ruleName, unit: rule.unit, perUnit: rule.perUnit })}${
                    rule.itemCap != null ? t('form.suggestCap', { cap: rule.itemCap }) : ''
                  }`
                : t('form.manual')
            }
            description={
              <>
                {rule.cycleCap != null && <div>{t('form.cycleCap', { cap: rule.cycleCap })}</div>}
                {rule.cite && <Typography.Text type="secondary">{rule.cite}</Typography.Text>}
              </>
            }
          />
        )}
        <Form.Item
          name="title"
          label={t('field.title')}
          rules={[{ required: true, whitespace: true, message: t('form.required.title') }]}
        >
          <Input maxLength={100} placeholder={t('field.titlePlaceholder')} data-testid="application-title" />
        </Form.Item>
        <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 12 }}>
          <Form.Item
            name="occurredOn"
            label={t('field.occurredOn')}
            rules={[{ required: true, message: t('form.required.occurredOn') }]}
            style={{ flex: '1 1 160px' }}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              inputReadOnly={!screens.md}
              data-testid="application-date"
            />
          </Form.Item>
          <Form.Item name="level" label={t('field.level')} style={{ flex: '1 1 160px' }}>
            <Select
              allowClear
              placeholder={t('field.levelPlaceholder')}
              options={LEVELS.map((l) => ({ value: l, label: l }))}
            />
          </Form.Item>
        </div>
        <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 12 }}>
          <Form.Item
            name="quantity"
            label={rule ? t('form.quantityUnit', { unit: rule.unit }) : t('field.quantity')}
            style={{ flex: '1 1 160px' }}
          >
            <InputNumber
              min={0.5}
              max={100}
              step={1}
              style={{ width: '100%' }}
              inputMode="decimal"
              data-testid="application-quantity"
            />
          </Form.Item>
          <Form.Item
            name="claimedHours"
            label={t('field.claimedHours')}
            rules={[{ required: true, message: t('form.required.claimedHours') }]}
            style={{ flex: '1 1 160px' }}
            extra={
              suggestion != null && (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, height: 'auto' }}
                  onClick={() => form.setFieldValue('claimedHours', suggestion)}
                  data-testid="use-suggestion"
                >
                  {t('form.suggestUse', { hours: suggestion })}
                </Button>
              )
            }
          >
            <InputNumber
              min={0.5}
              max={999}
              step={1}
              precision={1}
              style={{ width: '100%' }}
              inputMode="decimal"
              data-testid="application-hours"
            />
          </Form.Item>
        </div>
        <Form.Item name="description" label={t('field.description')}>
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('field.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item name="attachments" label={t('field.attachments')} extra={t('field.attachmentsHint')}>
          <AttachmentsField purpose="credit_application" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
