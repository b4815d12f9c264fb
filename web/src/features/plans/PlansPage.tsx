// Teachers' development plans for admins: the plans of my schools (filters in the URL, paging,
// export), those waiting first; a plan's page with the goals, planned trainings and hours target
// beside the ledger; the school approves or returns it with a reason.
import { DownloadOutlined } from '@ant-design/icons';
import { PLAN_KINDS, PLAN_STATUSES, type PlanItem, type PlanKind, type PlanStatus } from '@shixun/common';
import { App, Button, Card, Drawer, Grid, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { yearOptions } from '../../components/years';
import { useMe } from '../auth/auth.api';
import { exportPlans, type PlanFilters, useDecidePlan, usePlan, usePlans } from './plans.api';
import { PlanBodyView, PlanStatusTag, usePlanName } from './shared';

export default function PlansPage() {
  const { t } = useTranslation('plans');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const name = usePlanName();
  const filters: PlanFilters = {
    year: uq.num('year'),
    kind: uq.str('kind') as PlanKind | undefined,
    status: uq.str('status') as PlanStatus | undefined,
    schoolId: uq.num('schoolId'),
    q: uq.str('q'),
  };
  const list = usePlans({ ...filters, page, pageSize });
  const openId = uq.num('plan') ?? null;
  const total = list.data?.total ?? 0;
  const filtered = Object.values(filters).some((v) => v != null && v !== '');

  return (
    <div>
      <PageHeader title={t('admin.title')} sub={t('admin.sub')} />
      <Card>
        <FilterBar>
          <Select<number>
            allowClear
            style={{ width: 110 }}
            placeholder={t('filter.year')}
            value={filters.year}
            onChange={(v) => uq.set({ year: v })}
            options={yearOptions(t)}
          />
          <Select<PlanKind>
            allowClear
            style={{ width: 140 }}
            placeholder={t('filter.kind')}
            value={filters.kind}
            onChange={(v) => uq.set({ kind: v })}
            options={PLAN_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          />
          <Select<PlanStatus>
            allowClear
            style={{ width: 120 }}
            placeholder={t('filter.status')}
            value={filters.status}
            onChange={(v) => uq.set({ status: v })}
            options={PLAN_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
          {!access.schoolAdmin && (
            <SchoolSelect style={{ width: 220 }} value={filters.schoolId} onChange={(v) => uq.set({ schoolId: v })} />
          )}
          <Input.Search
            allowClear
            style={{ width: 180 }}
            placeholder={t('filter.search')}
            defaultValue={filters.q}
            onSearch={(v) => uq.set({ q: v })}
          />
          <div style={{ flex: 1 }} />
          <Button icon={<DownloadOutlined />} disabled={total === 0} onClick={() => exportPlans(filters)}>
            {t('common:action.export')}
          </Button>
        </FilterBar>
        {list.error && !list.data ? (
          <PageError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<PlanItem>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 900 }}
            locale={{ emptyText: filtered ? t('admin.emptyFiltered') : t('admin.empty') }}
            onRow={(r) => ({ onClick: () => uq.set({ plan: r.id, page }), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize,
              total,
              showTotal: (n) => t('common:total', { total: fmtInt(n) }),
              onChange: (p, ps) => uq.set({ page: p, pageSize: ps }),
            }}
            columns={[
              {
                title: t('col.teacher'),
                key: 'teacher',
                width: 180,
                render: (_, p) => (
                  <span>
                    {p.teacherName}
                    <br />
                    <Typography.Text type="secondary">{p.schoolName}</Typography.Text>
                  </span>
                ),
              },
              { title: t('col.plan'), key: 'plan', width: 200, render: (_, p) => name(p) },
              {
                title: t('col.goals'),
                dataIndex: 'goals',
                render: (g: string) => (
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                    {g}
                  </Typography.Paragraph>
                ),
              },
              {
                title: t('col.hours'),
                key: 'hours',
                width: 140,
                render: (_, p) => `${p.hoursTarget ?? '—'} / ${p.ledger.hours}`,
              },
              {
                title: t('col.submittedAt'),
                dataIndex: 'submittedAt',
                width: 130,
                render: (v: string | null) => (v ? fmtDate(v) : '—'),
              },
              {
                title: t('col.status'),
                dataIndex: 'status',
                width: 100,
                render: (s: PlanStatus) => <PlanStatusTag status={s} />,
              },
            ]}
          />
        )}
      </Card>
      <PlanDrawer id={openId} onClose={() => uq.set({ plan: null, page })} />
    </div>
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
