// One report-back for an admin: what the teacher recorded and the files; the school admin (or the
// county admin) verifies it or returns it with a reason.
import { reportBackReturnBody } from '@shixun/common';
import { Alert, App, Button, Descriptions, Drawer, Form, Grid, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { AttachmentList } from '../../components/AttachmentList';
import { fmtDate, fmtDateTime } from '../../components/format';
import { PageError, PageLoading } from '../../components/PageState';
import { zodRule } from '../../components/zodRule';
import { useMe } from '../auth/auth.api';
import { fmtRange, LevelTag } from '../my/shared';
import { useReportBack, useReturnReportBack, useVerifyReportBack } from './after.api';
import { DueText, ReportBackStatusCell } from './shared';

export function ReportBackReviewDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation('after');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const mobile = !Grid.useBreakpoint().md;
  const detail = useReportBack(id);
  const verify = useVerifyReportBack();
  const ret = useReturnReportBack();
  const [returning, setReturning] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const r = detail.data;
  const canReview =
    !!r && r.status === 'submitted' && (access.countyAdmin || (access.schoolAdmin && me?.schoolId === r.schoolId));

  const doVerify = async () => {
    if (!r) return;
    try {
      await verify.mutateAsync(r.id);
      message.success(t('review.verified'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const doReturn = async ({ reason }: { reason: string }) => {
    if (!r) return;
    try {
      await ret.mutateAsync({ id: r.id, reason: reason.trim() });
      message.success(t('review.returnedMsg'));
      setReturning(false);
      form.resetFields();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      title={t('review.title')}
      size={mobile ? '100%' : 600}
      destroyOnHidden
      footer={
        canReview && (
          <Space style={{ width: '100%', justifyContent: 'flex-end' }} wrap>
            <Button danger onClick={() => setReturning(true)} data-testid="report-back-return">
              {t('review.return')}
            </Button>
            <Button type="primary" loading={verify.isPending} onClick={doVerify} data-testid="report-back-verify">
              {t('review.verify')}
            </Button>
          </Space>
        )
      }
    >
      {detail.isLoading ? (
        <PageLoading />
      ) : detail.error || !r ? (
        <PageError error={detail.error} onRetry={() => detail.refetch()} />
      ) : (
        <>
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }}>
            <Descriptions.Item label={t('col.teacher')}>
              {r.teacherName}（{r.schoolName}）
            </Descriptions.Item>
            <Descriptions.Item label={t('col.project')}>
              <Space size={4} wrap>
                <LevelTag level={r.level as never} />
                {r.projectName}
              </Space>
              <br />
              <Typography.Text type="secondary">{fmtRange(r.projectStart, r.projectEnd)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('field.due')}>
              <DueText r={r} />
            </Descriptions.Item>
            <Descriptions.Item label={t('col.status')}>
              <ReportBackStatusCell r={r} />
              {r.verifiedAt && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  {r.verifiedByName} · {fmtDateTime(r.verifiedAt)}
                </Typography.Text>
              )}
            </Descriptions.Item>
          </Descriptions>
          {r.status === 'returned' && r.returnReason && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              title={t('my.returned')}
              description={r.returnReason}
            />
          )}
          {r.heldOn ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 20 }}>
                {t('review.record')}
              </Typography.Title>
              <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }}>
                <Descriptions.Item label={t('field.form')}>{t(`form.${r.form}`)}</Descriptions.Item>
                <Descriptions.Item label={t('field.heldOn')}>{fmtDate(r.heldOn)}</Descriptions.Item>
                <Descriptions.Item label={t('field.audience')}>
                  {t('field.audienceValue', { n: r.audience })}
                </Descriptions.Item>
                <Descriptions.Item label={t('field.summary')}>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.summary}</Typography.Paragraph>
                </Descriptions.Item>
                <Descriptions.Item label={t('field.submittedAt')}>{fmtDateTime(r.submittedAt)}</Descriptions.Item>
              </Descriptions>
              <Typography.Title level={5} style={{ marginTop: 20 }}>
                {t('field.files')}
              </Typography.Title>
              <AttachmentList items={r.attachments} />
            </>
          ) : (
            <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('review.notYet')} />
          )}
        </>
      )}
      <Modal
        open={returning}
        title={t('review.returnTitle')}
        onCancel={() => setReturning(false)}
        onOk={() => form.submit()}
        okText={t('review.return')}
        okButtonProps={{ danger: true, loading: ret.isPending }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={doReturn}>
          <Form.Item
            name="reason"
            label={t('review.reason')}
            rules={[
              { required: true, message: t('review.reasonRequired') },
              zodRule(reportBackReturnBody.shape.reason),
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('review.reasonPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
