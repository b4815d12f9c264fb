// The teacher's reimbursement claims, built for a 375-px phone: one card per claim with where it
// stands (school → county → paid), its items and receipts, and a big button for a new claim.
import { PlusOutlined } from '@ant-design/icons';
import type { ClaimItem } from '@shixun/common';
import { Button, Card, Empty, Pagination, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { ClaimFormDrawer } from './ClaimFormDrawer';
import { useClaims, useMoneySettings } from './money.api';
import { ClaimFacts, ClaimStatusTag, ClaimSteps, Money, ReportBackGateActions } from './shared';

export default function MyClaimsPage() {
  const { t } = useTranslation('money');
  const uq = useUrlQuery();
  const page = usePaging(uq).page;
  const pageSize = 10;
  const list = useClaims({ page, pageSize });
  const settings = useMoneySettings();
  const [creating, setCreating] = useState(false);

  const header = (
    <PageHeader
      title={t('my.title')}
      sub={t('my.sub')}
      extra={
        <Button
          type="primary"
          size="large"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="claim-new"
        >
          {t('my.create')}
        </Button>
      }
    />
  );
  if (list.isLoading) return <PageLoading />;
  if (list.error && !list.data)
    return (
      <div>
        {header}
        <PageError error={list.error} onRetry={() => list.refetch()} />
      </div>
    );
  const data = list.data ?? { items: [], total: 0, sum: '0.00' };

  return (
    <div style={{ maxWidth: 760 }}>
      {header}
      {data.items.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.empty')}>
            <Typography.Text type="secondary">{t('my.emptyHint')}</Typography.Text>
          </Empty>
        </Card>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {data.items.map((c) => (
            <ClaimCard key={c.id} c={c} requireReportBack={settings.data?.requireReportBack} />
          ))}
        </Space>
      )}
      {data.total > pageSize && (
        <Pagination
          style={{ marginTop: 16, justifyContent: 'center' }}
          current={page}
          pageSize={pageSize}
          total={data.total}
          showSizeChanger={false}
          showTotal={(total) => t('common:total', { total: fmtInt(total) })}
          onChange={(p) => uq.set({ page: p })}
        />
      )}
      <ClaimFormDrawer open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function ClaimCard({ c, requireReportBack }: { c: ClaimItem; requireReportBack?: boolean }) {
  const { t } = useTranslation('money');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const needsReportBack =
    requireReportBack &&
    !c.gateOpen &&
    c.reportBackId != null &&
    c.reportBackStatus !== 'verified' &&
    c.status !== 'rejected';
  return (
    <Card size="small" styles={{ body: { padding: 16 } }} data-testid={`claim-${c.id}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ fontSize: 16, minWidth: 0, overflowWrap: 'anywhere' }}>
          {c.projectName}
        </Typography.Text>
        <ClaimStatusTag status={c.status} />
      </div>
      <div style={{ margin: '8px 0', display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <Typography.Text type="secondary">{t('my.total')}</Typography.Text>
        <span style={{ fontSize: 18 }}>
          <Money v={c.total} strong />
        </span>
      </div>
      <ClaimSteps c={c} compact />
      {open && (
        <div style={{ marginTop: 12 }}>
          <ClaimFacts c={c} requireReportBack={requireReportBack} />
        </div>
      )}
      {!open && c.status === 'rejected' && c.rejectReason && (
        <Typography.Paragraph type="danger" style={{ margin: '8px 0 0' }}>
          {t('claims.rejectedBecause', { reason: c.rejectReason })}
        </Typography.Paragraph>
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 }}>
        <Button size="large" style={{ flex: '1 1 140px' }} onClick={() => setOpen(!open)}>
          {open ? t('common:action.close') : t('common:action.view')}
        </Button>
        {c.reportBackId == null && (
          <div style={{ flex: '1 1 140px' }}>
            <ReportBackGateActions c={c} who="teacher" />
          </div>
        )}
        {needsReportBack && (
          <Button
            size="large"
            type="primary"
            ghost
            style={{ flex: '1 1 140px' }}
            onClick={() => navigate('/my/report-backs')}
          >
            {t('my.goReportBack')}
          </Button>
        )}
      </div>
    </Card>
  );
}
