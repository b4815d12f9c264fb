// The teacher's reimbursement claims, built for a 375-px phone: one card per claim with where it
// stands (school → county → paid), its items and receipts, and a big button for a new claim.
import { PlusOutlined } from '@ant-design/icons';
import type { ClaimItem } from '@shixun/common';
import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CardList, cardButtonStyle, ListCard } from '../../components/list/CardList';
import { ClaimFormDrawer } from './ClaimFormDrawer';
import { useClaims, useMoneySettings } from './money.api';
import { ClaimFacts, ClaimStatusTag, ClaimSteps, Money, ReportBackGateActions } from './shared';

export default function MyClaimsPage() {
  const { t } = useTranslation('money');
  const settings = useMoneySettings();
  const [creating, setCreating] = useState(false);
  return (
    <CardList<ClaimItem>
      title={t('my.title')}
      sub={t('my.sub')}
      actions={
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
      useList={useClaims}
      rowKey={(c) => c.id}
      renderItem={(c) => <ClaimCard c={c} requireReportBack={settings.data?.requireReportBack} />}
      empty={{ description: t('my.empty'), hint: t('my.emptyHint') }}
    >
      <ClaimFormDrawer open={creating} onClose={() => setCreating(false)} />
    </CardList>
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
    <ListCard title={c.projectName} tag={<ClaimStatusTag status={c.status} />} data-testid={`claim-${c.id}`}>
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
        <Button size="large" style={cardButtonStyle} onClick={() => setOpen(!open)}>
          {open ? t('common:action.close') : t('common:action.view')}
        </Button>
        {c.reportBackId == null && (
          <div style={cardButtonStyle}>
            <ReportBackGateActions c={c} who="teacher" />
          </div>
        )}
        {needsReportBack && (
          <Button
            size="large"
            type="primary"
            ghost
            style={cardButtonStyle}
            onClick={() => navigate('/my/report-backs')}
          >
            {t('my.goReportBack')}
          </Button>
        )}
      </div>
    </ListCard>
  );
}
