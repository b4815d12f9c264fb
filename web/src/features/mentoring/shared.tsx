// Small pieces the mentoring pages share: the tag of a pair's status.
import type { PairStatus } from '@shixun/common';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const PAIR_COLORS: Record<PairStatus, string> = { active: 'green', completed: 'blue', dissolved: 'default' };

export function PairStatusTag({ status }: { status: PairStatus }) {
  const { t } = useTranslation('mentoring');
  return (
    <Tag color={PAIR_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}

/** "2026年（1年）", "2025—2026年（2年）" */
export function useTerm() {
  const { t } = useTranslation('mentoring');
  return (p: { year: number; termYears: number }) =>
    p.termYears === 1
      ? t('pair.termOne', { from: p.year })
      : t('pair.termValue', { from: p.year, to: p.year + p.termYears - 1, n: p.termYears });
}
