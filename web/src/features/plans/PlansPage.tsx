// Teachers' development plans for admins: the plans of my schools on the list page (filters in the
// URL, paging, export), those waiting first; a plan's page with the goals, planned trainings and
// hours target beside the ledger; the school approves or returns it with a reason.
import { PLAN_KINDS, PLAN_STATUSES, type PlanItem, type PlanStatus } from '@shixun/common';
import { App, Button, Drawer, Grid, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { yearOptions } from '../../components/years';
import { useMe } from '../auth/auth.api';
import { useDecidePlan, usePlan, usePlans } from './plans.api';
import { PlanBodyView, PlanStatusTag, usePlanName } from './shared';

export default function PlansPage() {
  const { t } = useTranslation('plans');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const name = usePlanName();
  // The open plan's drawer is a param of its own (notifications link to ?plan=<id>).
  const openId = uq.num('plan') ?? null;

  const columns: ListColumn<PlanItem>[] = [
    {
      key: 'teacher',
      title: t('col.teacher'),
      width: 180,
      locked: true,
      render: (_, p) => (
        <span>
          {p.teacherName}
          <br />
          <Typography.Text type="secondary">{p.schoolName}</Typography.Text>
        </span>
      ),
    },
    { key: 'plan', title: t('col.plan'), width: 200, render: (_, p) => name(p) },
    {
      key: 'goals',
      title: t('col.goals'),
      dataIndex: 'goals',
      render: (g: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
          {g}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'hours',
      title: t('col.hours'),
      width: 140,
      render: (_, p) => `${p.hoursTarget ?? '—'} / ${p.ledger.hours}`,
    },
    {
      key: 'submittedAt',
      title: t('col.submittedAt'),
      dataIndex: 'submittedAt',
      width: 130,
      render: (v: string | null) => (v ? fmtDate(v) : '—'),
    },
    {
      key: 'status',
      title: t('col.status'),
      dataIndex: 'status',
      width: 100,
      locked: true,
      render: (s: PlanStatus) => <PlanStatusTag status={s} />,
    },
  ];

  return (
    <>
      <ListPage<PlanItem>
        id="plans"
        title={t('admin.title')}
        sub={t('admin.sub')}
        filters={[
          {
            type: 'select',
            name: 'year',
            label: t('filter.year'),
            width: 110,
            options: yearOptions(t).map((o) => ({ value: String(o.value), label: o.label })),
          },
          {
            type: 'select',
            name: 'kind',
            label: t('filter.kind'),
            width: 140,
            options: PLAN_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
          },
          {
            type: 'select',
            name: 'status',
            label: t('filter.status'),
            width: 120,
            options: PLAN_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          },
          { type: 'school', name: 'schoolId', label: t('filter.school'), width: 220, hidden: access.schoolAdmin },
          { type: 'search', name: 'q', label: t('filter.search'), width: 180 },
        ]}
        useList={usePlans}
        exportPath="/api/plans/export"
        columns={columns}
        rowKey={(p) => p.id}
        empty={{ none: t('admin.empty'), filtered: t('admin.emptyFiltered') }}
        tableProps={{
          size: 'middle',
          onRow: (r) => ({ onClick: () => uq.set({ plan: r.id, page: uq.str('page') }), style: { cursor: 'pointer' } }),
        }}
      />
      <PlanDrawer id={openId} onClose={() => uq.set({ plan: null, page: uq.str('page') })} />
    </>
  );
}

function PlanDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation('plans');
  const { message } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const plan = usePlan(id);
  const decide = useDecidePlan();
  const name = usePlanName();
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const p = plan.data;
  const run = async (approve: boolean) => {
    try {
      await decide.mutateAsync({ id: p!.id, body: { approve, reason: approve ? undefined : reason.trim() } });
      message.success(approve ? t('admin.approved') : t('admin.returned'));
      setReturning(false);
      setReason('');
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      size={mobile ? '100%' : 640}
      title={p ? `${p.teacherName} · ${name(p)}` : t('admin.title')}
      extra={p && <PlanStatusTag status={p.status} />}
      destroyOnHidden
      footer={
        p?.can.review &&
        (returning ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Input.TextArea
              rows={3}
              maxLength={300}
              placeholder={t('admin.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
              <Button onClick={() => setReturning(false)}>{t('common:action.cancel')}</Button>
              <Button
                danger
                type="primary"
                disabled={!reason.trim()}
                loading={decide.isPending}
                onClick={() => run(false)}
              >
                {t('admin.return')}
              </Button>
            </Space>
          </Space>
        ) : (
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button danger onClick={() => setReturning(true)}>
              {t('admin.return')}
            </Button>
            <Button type="primary" loading={decide.isPending} onClick={() => run(true)} data-testid="plan-approve">
              {t('admin.approve')}
            </Button>
          </Space>
        ))
      }
    >
      {plan.error && !p && <PageError error={plan.error} onRetry={() => plan.refetch()} />}
      {p && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {p.schoolName}
            {p.submittedAt ? ` · ${t('admin.submittedOn', { date: fmtDate(p.submittedAt) })}` : ''}
          </Typography.Text>
          <PlanBodyView p={p} />
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('admin.ledgerHint', { entries: p.ledger.entries })}
          </Typography.Paragraph>
        </Space>
      )}
    </Drawer>
  );
}
