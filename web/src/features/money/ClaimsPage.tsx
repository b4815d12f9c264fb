// Reimbursement claims for admins: what waits for me (the school checks, the county approves and
// pays), every claim of my scope (filters in the URL, export), the detail with receipts and the
// trip's report-back, and — for a school admin — filing a claim for a teacher.
import { PlusOutlined } from '@ant-design/icons';
import { CLAIM_STATUSES, type ClaimItem, type ClaimList, type ClaimStatus } from '@shixun/common';
import { Alert, Button, Drawer, Grid, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { PageError } from '../../components/PageState';
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
  const url = useListUrl();
  const canDecide = access.can('claims.approve');
  const defaultTab = canDecide ? 'todo' : 'all';
  const tab = url.get('tab') ?? defaultTab;
  const [openId, setOpenId] = useState<number | null>(null);
  const [filing, setFiling] = useState(false);

  const columns: ListColumn<ClaimItem>[] = [
    {
      key: 'createdAt',
      title: t('claims.submittedAt'),
      dataIndex: 'createdAt',
      width: 130,
      render: (v: string) => fmtDate(v),
    },
    {
      key: 'teacher',
      title: t('claims.teacher'),
      dataIndex: 'teacherName',
      width: 160,
      locked: true,
      render: (v: string, r) => (
        <span>
          {v}
          <br />
          <Typography.Text type="secondary">{r.schoolName}</Typography.Text>
        </span>
      ),
    },
    {
      key: 'project',
      title: t('claims.project'),
      dataIndex: 'projectName',
      render: (v: string, r) => (
        <span>
          <LevelTag level={r.level} /> {v}
        </span>
      ),
    },
    {
      key: 'total',
      title: t('claims.total'),
      dataIndex: 'total',
      align: 'right',
      width: 120,
      render: (v: string) => <Money v={v} />,
    },
    {
      key: 'reportBack',
      title: t('claims.reportBack'),
      dataIndex: 'reportBackStatus',
      width: 120,
      render: (v: string | null) => <ReportBackTag status={v} />,
    },
    {
      key: 'status',
      title: t('claims.status'),
      dataIndex: 'status',
      width: 130,
      render: (v: ClaimStatus) => <ClaimStatusTag status={v} />,
    },
    {
      key: 'op',
      title: t('common:action.operations'),
      width: 90,
      locked: true,
      render: (_: unknown, r) => (
        <Button type="link" size="small" onClick={() => setOpenId(r.id)} data-testid={`claim-open-${r.id}`}>
          {t('common:action.view')}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <ListPage<ClaimItem, ClaimList>
        id="claims"
        title={t('claims.title')}
        sub={t('claims.sub')}
        actions={
          access.schoolAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFiling(true)}>
              {t('claims.fileForTeacher')}
            </Button>
          )
        }
        tabs={{
          name: 'tab',
          default: defaultTab,
          items: [
            ...(canDecide ? [{ key: 'todo', label: t('claims.tabTodo') }] : []),
            { key: 'all', label: t('claims.tabAll') },
          ],
        }}
        filters={[
          {
            type: 'select',
            name: 'status',
            label: t('claims.status'),
            width: 160,
            hidden: tab !== 'all',
            options: CLAIM_STATUSES.map((st) => ({ value: st, label: t(`claimStatus.${st}`) })),
          },
          { type: 'school', name: 'schoolId', label: t('claims.school'), hidden: access.schoolAdmin },
          { type: 'search', name: 'q', label: t('claims.search'), width: 220 },
        ]}
        toParams={(v) => ({
          todo: v.tab === 'todo' ? 'true' : undefined,
          status: v.tab === 'all' ? v.status : undefined,
          schoolId: v.schoolId,
          q: v.q,
        })}
        useList={useClaims}
        exportPath="/api/claims/export"
        summary={(d) => t('claims.sum', { sum: yuan(d.sum), n: fmtInt(d.total) })}
        columns={columns}
        rowKey={(r) => r.id}
        empty={{ none: tab === 'todo' ? t('claims.emptyTodo') : t('claims.empty'), filtered: t('claims.empty') }}
        tableProps={{ onRow: (r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } }) }}
      />
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
