// A satisfaction score in a table cell: the mean (1–5) and 满意率, the ratings behind it on hover.
import type { SatisfactionScore } from '@shixun/common';
import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fmtInt, fmtRate } from '../../components/format';

/** "4.32 · 91.0%" with the count behind it on hover. */
export function ScoreCell({ s }: { s: SatisfactionScore | undefined }) {
  const { t } = useTranslation('surveys');
  if (!s || s.mean == null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={t('satisfaction.ratings', { n: fmtInt(s.ratings) })}>
      <span>
        {s.mean.toFixed(2)} · {fmtRate(s.satisfiedRate)}
      </span>
    </Tooltip>
  );
}
