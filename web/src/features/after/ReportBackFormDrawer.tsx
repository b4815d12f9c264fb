// The teacher records a report-back: form (讲座/示范课/工作坊/教研活动), date, audience, summary and
// files (slides, photos, the sign-in sheet). Full-screen on a phone; the server's field messages
// land on the fields.
import { type AttachmentDto, REPORT_BACK_FORMS, type ReportBackForm, reportBackSubmitBody } from '@shixun/common';
import { Alert, App, Button, Drawer, Form, Grid, Input, InputNumber, Radio, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentsField } from '../../components/AttachmentsField';
import { PageError, PageLoading } from '../../components/PageState';
import { applyFieldErrors, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { fmtRange } from '../my/shared';
import { useReportBack, useSubmitReportBack } from './after.api';
import { countyToday } from './shared';

interface FormValues {
  form: ReportBackForm;
  heldOn: string;
  audience: number;
  summary: string;
  files: AttachmentDto[];
}

const fields = reportBackSubmitBody.shape;

export function ReportBackFormDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation('after');
  const { message } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<FormValues>();
  const detail = useReportBack(id);
  const submit = useSubmitReportBack();
  const r = detail.data;

  useEffect(() => {
    if (!r) return;
    form.resetFields();
    form.setFieldsValue({
      form: (r.form as ReportBackForm | null) ?? undefined,
      heldOn: r.heldOn ?? undefined,
      audience: r.audience ?? undefined,
      summary: r.summary ?? undefined,
      files: r.attachments,
    });
  }, [r, form]);

  const onFinish = async (v: FormValues) => {
    if (!r) return;
    try {
      await submit.mutateAsync({
        id: r.id,
        body: {
          form: v.form,
          heldOn: v.heldOn,
          audience: v.audience,
          summary: v.summary.trim(),
          attachmentIds: (v.files ?? []).map((f) => f.id),
        },
      });
      message.success(t('my.submitted'));
      onClose();
    } catch (e) {
      const err = e as ApiError;
      const f = err instanceof ApiError ? { ...err.fields } : undefined;
      if (f?.attachmentIds) {
        f.files = f.attachmentIds;
        delete f.attachmentIds;
      }
      applyFieldErrors(form, f);
      message.error(err.message);
    }
  };

  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      title={t('my.formTitle')}
      size={mobile ? '100%' : 560}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button size="large" onClick={onClose}>
            {t('common:action.cancel')}
          </Button>
          <Button
            size="large"
            type="primary"
            loading={submit.isPending}
            disabled={!r}
            onClick={() => form.submit()}
            data-testid="report-back-submit"
          >
            {t('my.submit')}
          </Button>
        </Space>
      }
    >
      {detail.isLoading ? (
        <PageLoading />
      ) : detail.error || !r ? (
        <PageError error={detail.error} onRetry={() => detail.refetch()} />
      ) : (
        <>
          <Typography.Paragraph style={{ marginBottom: 12 }}>
            <Typography.Text strong>{r.projectName}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{fmtRange(r.projectStart, r.projectEnd)}</Typography.Text>
          </Typography.Paragraph>
          {r.status === 'returned' && r.returnReason && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('my.returned')}
              description={r.returnReason}
            />
          )}
          <Form<FormValues> form={form} layout="vertical" onFinish={onFinish} requiredMark="optional">
            <Form.Item name="form" label={t('field.form')} rules={[{ required: true, message: t('my.formRequired') }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
                options={REPORT_BACK_FORMS.map((f) => ({ value: f, label: t(`form.${f}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="heldOn"
              label={t('field.heldOn')}
              rules={[{ required: true, message: t('my.heldOnRequired') }]}
            >
              <Input type="date" size="large" max={countyToday()} min={r.projectStart} />
            </Form.Item>
            <Form.Item
              name="audience"
              label={t('field.audience')}
              rules={[{ required: true, message: t('my.audienceRequired') }, zodRule(fields.audience)]}
            >
              <InputNumber
                size="large"
                min={1}
                max={100000}
                precision={0}
                suffix={t('field.people')}
                style={{ width: '100%' }}
              />
            </Form.Item>
            <Form.Item
              name="summary"
              label={t('field.summary')}
              rules={[{ required: true, message: t('my.summaryRequired') }, zodRule(fields.summary)]}
            >
              <Input.TextArea rows={5} maxLength={5000} placeholder={t('my.summaryHint')} />
            </Form.Item>
            <Form.Item
              name="files"
              label={t('field.files')}
              extra={t('my.filesHint')}
              rules={[
                {
                  required: true,
                  validator: async (_r, v: AttachmentDto[] | undefined) => {
                    if (!v?.length) throw new Error(t('my.filesRequired'));
                  },
                },
              ]}
            >
              <AttachmentsField purpose="report_back" />
            </Form.Item>
          </Form>
        </>
      )}
    </Drawer>
  );
}
