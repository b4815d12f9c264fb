// Pieces the money pages share: amounts, status tags, a claim's detail and its decision buttons.
import {
  type ClaimItem,
  type ClaimStatus,
  EXPENSE_CATEGORIES,
  formatMoney,
  type ReportBackStatus,
} from '@shixun/common';
import { App, Button, Descriptions, Form, Input, Modal, Space, Steps, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../../components/AttachmentList';
import { fmtDate } from '../../components/format';
import { LevelTag } from '../my/shared';
import { useClaimDecision, useCreateClaimReportBack, useWaiveClaimReportBack } from './money.api';

/** "¥12,345.60" from a decimal string (never through a float sum). */
export function Money({ v, strong }: { v: string | null | undefined; strong?: boolean }) {
  const text = v == null ? '—' : `¥${formatMoney(v)}`;
  return (
    <Typography.Text strong={strong} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {text}
    </Typography.Text>
  );
}

export const yuan = (v: string | null | undefined) => (v == null ? '—' : `¥${formatMoney(v)}`);

const CLAIM_COLORS: Record<ClaimStatus, string> = {
  submitted: 'gold',
  school_approved: 'blue',
  approved: 'cyan',
  paid: 'green',
  rejected: 'red',
};

export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  const { t } = useTranslation('money');
  return (
    <Tag color={CLAIM_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="claim-status">
      {t(`claimStatus.${status}`)}
    </Tag>
  );
}

const RB_COLORS: Record<ReportBackStatus, string> = {
  pending: 'default',
  submitted: 'gold',
  verified: 'green',
  returned: 'red',
};

export function ReportBackTag({ status }: { status: string | null }) {
  const { t } = useTranslation('money');
  const s = status as ReportBackStatus | null;
  return (
    <Tag color={s ? RB_COLORS[s] : 'default'} style={{ marginInlineEnd: 0 }}>
      {t(`reportBack.${s ?? 'none'}`)}
    </Tag>
  );
}

export const categoryOptions = (t: (k: string) => string) =>
  EXPENSE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }));

/** Where the claim stands, as four steps (submitted → school → county → paid). */
export function ClaimSteps({ c, compact }: { c: ClaimItem; compact?: boolean }) {
  const { t } = useTranslation('money');
  // On a phone the four steps share 340 px: titles under the icons, dates as "11月25日".
  const day = (d: string | null) => (d ? (compact ? dayjs(d).format(t('format.short')) : fmtDate(d)) : undefined);
  const order: ClaimStatus[] = ['submitted', 'school_approved', 'approved', 'paid'];
  const reached = c.status === 'rejected' ? (c.approvedAt ? 2 : c.schoolApprovedAt ? 1 : 0) : order.indexOf(c.status);
  return (
    <Steps
      size="small"
      responsive={false}
      titlePlacement={compact ? 'vertical' : 'horizontal'}
      current={c.status === 'paid' ? 4 : reached + 1}
      status={c.status === 'rejected' ? 'error' : 'process'}
      items={[
        { title: t('claims.timeline.submitted'), content: day(c.createdAt) },
        { title: t('claims.timeline.school'), content: day(c.schoolApprovedAt) },
        { title: t('claims.timeline.county'), content: day(c.approvedAt) },
        { title: t('claims.timeline.paid'), content: day(c.paidAt) },
      ]}
    />
  );
}

/** The claim's facts: trip, items, receipts, report-back and, when refused, why. */
export function ClaimFacts({ c, requireReportBack }: { c: ClaimItem; requireReportBack?: boolean }) {
  const { t } = useTranslation('money');
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'trip',
            label: t('claims.trip'),
            children: (
              <span>
                <LevelTag level={c.level} /> {c.projectName}
                <br />
                <Typography.Text type="secondary">
                  {fmtDate(c.startDate)} – {fmtDate(c.endDate)}
                </Typography.Text>
              </span>
            ),
          },
          { key: 'teacher', label: t('claims.teacher'), children: `${c.teacherName} · ${c.schoolName}` },
          {
            key: 'items',
            label: t('claims.items'),
            children: (
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                {c.items.map((it, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: line items have no id and never reorder.
                  <div key={i} style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <span>
                      {t(`category.${it.category}`)}
                      {it.note && <Typography.Text type="secondary"> · {it.note}</Typography.Text>}
                    </span>
                    <Money v={it.amount} />
                  </div>
                ))}
                <div style={{ display: 'flex', justifyContent: 'space-between', borderTop: '1px solid #f0f0f0' }}>
                  <Typography.Text strong>{t('claims.total')}</Typography.Text>
                  <Money v={c.total} strong />
                </div>
              </Space>
            ),
          },
          {
            key: 'receipts',
            label: t('claims.receipts'),
            children: c.attachments.length ? (
              <AttachmentList items={c.attachments} />
            ) : (
              <Typography.Text type="secondary">{t('claims.noReceipts')}</Typography.Text>
            ),
          },
          {
            key: 'rb',
            label: t('claims.reportBack'),
            children: (
              <Space orientation="vertical" size={4}>
                <ReportBackTag status={c.reportBackStatus} />
                {c.reportBackWaiver && (
                  <Typography.Text type="secondary" data-testid="claim-waiver">
                    {t('claims.waivedBy', {
                      name: c.reportBackWaiver.byName ?? '',
                      date: fmtDate(c.reportBackWaiver.at),
                      reason: c.reportBackWaiver.reason,
                    })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          ...(c.note ? [{ key: 'note', label: t('claims.note'), children: c.note }] : []),
        ]}
      />
      {c.status === 'rejected' && c.rejectReason && (
        <Typography.Text type="danger">{t('claims.rejectedBecause', { reason: c.rejectReason })}</Typography.Text>
      )}
      {requireReportBack === false && <Typography.Text type="secondary">{t('claims.gateOff')}</Typography.Text>}
    </Space>
  );
}

/** The buttons the caller may press on this claim (the server decides again). */
export function ClaimActions({
  c,
  role,
  onDone,
}: {
  c: ClaimItem;
  role: 'school_admin' | 'county_admin' | 'other';
  onDone?: () => void;
}) {
  const { t } = useTranslation('money');
  const { message } = App.useApp();
  const decide = useClaimDecision();
  const [rejecting, setRejecting] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const run = async (action: 'approve' | 'pay' | 'reject', reason?: string) => {
    try {
      await decide.mutateAsync({ id: c.id, action, reason });
      message.success(
        t(action === 'approve' ? 'claims.approved' : action === 'pay' ? 'claims.paid' : 'claims.rejected'),
      );
      setRejecting(false);
      onDone?.();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const canApprove =
    (role === 'school_admin' && c.status === 'submitted') ||
    (role === 'county_admin' && c.status === 'school_approved');
  const canPay = role === 'county_admin' && c.status === 'approved';
  const canReject =
    (role === 'school_admin' && c.status === 'submitted') ||
    (role === 'county_admin' && ['submitted', 'school_approved', 'approved'].includes(c.status));
  if (!canApprove && !canPay && !canReject) return null;

  return (
    <Space wrap>
      {canApprove && (
        <Button
          type="primary"
          data-testid="claim-approve"
          loading={decide.isPending}
          disabled={!c.gateOpen}
          onClick={() => run('approve')}
        >
          {role === 'school_admin' ? t('claims.approveSchool') : t('claims.approveCounty')}
        </Button>
      )}
      {canPay && (
        <Button type="primary" data-testid="claim-pay" loading={decide.isPending} onClick={() => run('pay')}>
          {t('claims.pay')}
        </Button>
      )}
      {canReject && (
        <Button danger data-testid="claim-reject" onClick={() => setRejecting(true)}>
          {t('claims.reject')}
        </Button>
      )}
      <Modal
        open={rejecting}
        title={t('claims.rejectTitle')}
        okText={t('claims.reject')}
        okButtonProps={{ danger: true, loading: decide.isPending }}
        cancelText={t('common:action.cancel')}
        onCancel={() => setRejecting(false)}
        onOk={() => form.validateFields().then((v) => run('reject', v.reason))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('claims.rejectReason')}
            rules={[{ required: true, min: 2, whitespace: true, message: t('claims.rejectPlaceholder') }]}
          >
            <Input.TextArea rows={3} maxLength={500} placeholder={t('claims.rejectPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/**
 * Ways out when the report-back condition holds a claim: create the trip's missing task (the
 * teacher, the school's admin, the county) or, for the county, waive the condition with a reason.
 */
export function ReportBackGateActions({
  c,
  who,
}: {
  c: ClaimItem;
  who: 'teacher' | 'school_admin' | 'county_admin' | 'other';
}) {
  const { t } = useTranslation('money');
  const { message } = App.useApp();
  const create = useCreateClaimReportBack();
  const waive = useWaiveClaimReportBack();
  const [waiving, setWaiving] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const open = c.status === 'submitted' || c.status === 'school_approved';
  if (!open || c.gateOpen || who === 'other') return null;
  const canCreate = c.reportBackId == null;
  const canWaive = who === 'county_admin' && !c.reportBackWaiver;
  if (!canCreate && !canWaive) return null;
  const run = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f();
      message.success(done);
      setWaiving(false);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Space wrap>
      {canCreate && (
        <Button
          type="primary"
          data-testid="claim-create-report-back"
          loading={create.isPending}
          onClick={() => run(() => create.mutateAsync(c.id), t('claims.reportBackCreated'))}
        >
          {t('claims.createReportBack')}
        </Button>
      )}
      {canWaive && (
        <Button data-testid="claim-waive" onClick={() => setWaiving(true)}>
          {t('claims.waive')}
        </Button>
      )}
      <Modal
        open={waiving}
        title={t('claims.waiveTitle')}
        okText={t('claims.waive')}
        okButtonProps={{ loading: waive.isPending }}
        cancelText={t('common:action.cancel')}
        onCancel={() => setWaiving(false)}
        onOk={() =>
          form
            .validateFields()
            .then((v) => run(() => waive.mutateAsync({ id: c.id, reason: v.reason }), t('claims.waived')))
        }
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('claims.waiveHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('claims.waiveReason')}
            rules={[{ required: true, min: 4, whitespace: true, message: t('claims.waivePlaceholder') }]}
          >
            <Input.TextArea rows={3} maxLength={500} placeholder={t('claims.waivePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
