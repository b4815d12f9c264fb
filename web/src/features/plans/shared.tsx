// Pieces both plan pages show: the status tag, the plan's years, and the plan's body (goals, planned
// trainings, the hours target beside what the ledger holds, the return reason and the summary).
import type { PlanItem, PlanStatus } from '@shixun/common';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { InfoRow } from '../../components/PhoneFields';

const COLORS: Record<PlanStatus, string> = {
  draft: 'default',
  submitted: 'orange',
  approved: 'green',
  returned: 'red',
};

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { t } = useTranslation('plans');
  return (
    <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}

/** "2026年度发展计划", "2026—2030年五年发展规划" */
export function usePlanName() {
  const { t } = useTranslation('plans');
  return (p: Pick<PlanItem, 'kind' | 'startYear' | 'endYear'>) =>
    p.kind === 'yearly'
      ? t('name.yearly', { year: p.startYear })
      : t('name.fiveYear', { from: p.startYear, to: p.endYear });
}

export function PlanBodyView({ p }: { p: PlanItem }) {
  const { t } = useTranslation('plans');
  return (
    <div>
      <InfoRow label={t('field.goals')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{p.goals}</span>
      </InfoRow>
      {p.items.length > 0 && (
        <InfoRow label={t('field.items')}>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {p.items.map((i, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: planned trainings have no id and never reorder here
              <li key={n}>
                {i.title}
                {i.hours ? t('field.itemHours', { n: i.hours }) : ''}
              </li>
            ))}
          </ul>
        </InfoRow>
      )}
      <InfoRow label={t('field.hours')}>
        {p.hoursTarget != null ? t('field.target', { n: p.hoursTarget }) : t('field.noTarget')}
        {' · '}
        <Typography.Text strong>
          {t('field.ledger', { n: p.ledger.hours, trainings: p.ledger.completedTrainings })}
        </Typography.Text>
      </InfoRow>
      {p.returnReason && p.status === 'returned' && (
        <InfoRow label={t('field.returnReason')}>
          <Typography.Text type="danger">{p.returnReason}</Typography.Text>
        </InfoRow>
      )}
      {p.decidedAt && p.status === 'approved' && (
        <InfoRow label={t('field.approved')}>{t('field.approvedBy', { name: p.decidedByName ?? '' })}</InfoRow>
      )}
      {p.summary && (
        <InfoRow label={t('field.summary')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{p.summary}</span>
        </InfoRow>
      )}
    </div>
  );
}
