// Reimbursement claims for admins: what waits for me (the school checks, the county approves and
// pays), every claim of my scope, the detail with receipts and the trip's report-back, and — for a
// school admin — filing a claim for a teacher.
import { PlusOutlined } from '@ant-design/icons';
import { CLAIM_STATUSES, type ClaimItem, type ClaimStatus } from '@shixun/common';
import { Alert, Button, Card, Drawer, Grid, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { LevelTag } from '../my/shared';
import { ClaimFormDrawer } from './ClaimFormDrawer';
import { useClaim, useClaims, useMoneySettings } from './money.api';
import {
  ClaimActions,
  ClaimFacts,
  ClaimStatusTag,
  ClaimSteps,
  Money,
  ReportBackGateActions,
  ReportBackTag,
  yuan,
} from './shared';

export default function ClaimsPage() {
  const { t } = useTranslation('money');
  const me = useMe();
  const access = accessOf(me.data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const canDecide = access.schoolAdmin || access.countyAdmin;
  const tab = uq.str('tab') ?? (canDecide ? 'todo' : 'all');
  const status = uq.str('status') as ClaimStatus | undefined;
  const list = useClaims({
    page,
    pageSize,
    todo: tab === 'todo' ? 'true' : undefined,
    status: tab === 'all' ? status : undefined,
    schoolId: uq.num('schoolId'),
    q: uq.str('q'),
  });
  const [openId, setOpenId] = useState<number | null>(null);
  const [filing, setFiling] = useState(false);

  return (
    <div>
      <PageHeader
        title={t('claims.title')}
        sub={t('claims.sub')}
        extra={
          access.schoolAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFiling(true)}>
              {t('claims.fileForTeacher')}
            </Button>
          )
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => uq.set({ tab: k, status: null })}
          items={[
            ...(canDecide ? [{ key: 'todo', label: <span data-testid="tab-todo">{t('claims.tabTodo')}</span> }] : []),
            { key: 'all', label: <span data-testid="tab-all">{t('claims.tabAll')}</span> },
          ]}
        />
        <FilterBar>
          {tab === 'all' && (
            <Select<ClaimStatus>
              allowClear
              style={{ width: 160 }}
              placeholder={t('claims.status')}
              value={status}
              onChange={(v) => uq.set({ status: v })}
              options={CLAIM_STATUSES.map((s) => ({ value: s, label: t(`claimStatus.${s}`) }))}
            />
          )}
          {!access.schoolAdmin && (
            <SchoolSelect style={{ width: 220 }} value={uq.num('schoolId')} onChange={(v) => uq.set({ schoolId: v })} />
          )}
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('claims.search')}
            defaultValue={uq.str('q')}
            onSearch={(v) => uq.set({ q: v })}
          />
          {list.data && (
            <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
              {t('claims.sum', { sum: yuan(list.data.sum), n: fmtInt(list.data.total) })}
            </Typography.Text>
          )}
        </FilterBar>
        {list.error && !list.data ? (
          <PageError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<ClaimItem>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 900 }}
            locale={{ emptyText: tab === 'todo' ? t('claims.emptyTodo') : t('claims.empty') }}
            onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showTotal: (total) => t('common:total', { total: fmtInt(total) }),
              onChange: (p, ps) => uq.set({ page: p, pageSize: ps }),
            }}
            columns={[
              { title: t('claims.submittedAt'), dataIndex: 'createdAt', width: 130, render: (v: string) => fmtDate(v) },
              {
                title: t('claims.teacher'),
                dataIndex: 'teacherName',
                width: 160,
                render: (v: string, r) => (
                  <span>
                    {v}
                    <br />
                    <Typography.Text type="secondary">{r.schoolName}</Typography.Text>
                  </span>
                ),
              },
              {
                title: t('claims.project'),
                dataIndex: 'projectName',
                render: (v: string, r) => (
                  <span>
                    <LevelTag level={r.level} /> {v}
                  </span>
                ),
              },
              {
                title: t('claims.total'),
                dataIndex: 'total',
                align: 'right',
                width: 120,
                render: (v: string) => <Money v={v} />,
              },
              {
                title: t('claims.reportBack'),
                dataIndex: 'reportBackStatus',
                width: 120,
                render: (v: string | null) => <ReportBackTag status={v} />,
              },
              {
                title: t('claims.status'),
                dataIndex: 'status',
                width: 130,
                render: (v: ClaimStatus) => <ClaimStatusTag status={v} />,
              },
              {
                title: t('common:action.operations'),
                key: 'op',
                width: 90,
                render: (_: unknown, r) => (
                  <Button type="link" size="small" onClick={() => setOpenId(r.id)} data-testid={`claim-open-${r.id}`}>
                    {t('common:action.view')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <ClaimDrawer
        id={openId}
        onClose={() => setOpenId(null)}
        role={access.schoolAdmin ? 'school_admin' : access.countyAdmin ? 'county_admin' : 'other'}
      />
      {access.schoolAdmin && <ClaimFormDrawer open={filing} onClose={() => setFiling(false)} forTeacher />}
    </div>
  );
}

function ClaimDrawer({
  id,
  onClose,
  role,
}: {
  id: number | null;
  onClose: () => void;
  role: 'school_admin' | 'county_admin' | 'other';
}) {
  const { t } = useTranslation('money');
  const mobile = !Grid.useBreakpoint().md;
  const claim = useClaim(id);
  const settings = useMoneySettings(id != null);
  const c = claim.data;
  const waiting =
    c &&
    ((role === 'school_admin' && c.status === 'submitted') ||
      (role === 'county_admin' && c.status === 'school_approved'));
  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      size={mobile ? '100%' : 600}
      title={id != null ? t('claims.detail', { id }) : ''}
      extra={c && <ClaimStatusTag status={c.status} />}
      footer={c && <ClaimActions c={c} role={role} />}
    >
      {claim.error && !c && <PageError error={claim.error} onRetry={() => claim.refetch()} />}
      {c && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <ClaimSteps c={c} />
          {(waiting || (role === 'county_admin' && c.status === 'submitted')) && !c.gateOpen && (
            <Alert
              type="warning"
              showIcon
              data-testid="claim-gate"
              title={t('claims.gateClosed', { status: t(`reportBack.${c.reportBackStatus ?? 'none'}`) })}
              description={c.reportBackId == null ? t('claims.noTaskHint') : undefined}
            />
          )}
          <ReportBackGateActions c={c} who={role} />
          <ClaimFacts c={c} requireReportBack={settings.data?.requireReportBack} />
        </Space>
      )}
    </Drawer>
  );
}
