// 培训需求摘要 (/surveys/needs?year=): what the year's needs surveys asked for, to plan by.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { useUrlQuery } from '../../components/useUrlQuery';
import { NeedsSummaryPanel } from './NeedsSummaryPanel';

const nextYear = () => new Date().getFullYear() + 1;

export default function NeedsPage() {
  const { t } = useTranslation('surveys');
  const uq = useUrlQuery();
  const year = uq.num('year') ?? nextYear();
  return (
    <div>
      <PageHeader
        title={t('needs.title')}
        sub={t('needs.sub')}
        extra={
          <Select
            value={year}
            aria-label={t('filter.year')}
            options={Array.from({ length: 6 }, (_, i) => nextYear() - i).map((y) => ({
              value: y,
              label: t('needs.forYear', { year: y }),
            }))}
            onChange={(v) => uq.set({ year: v === nextYear() ? undefined : v })}
            style={{ width: 160 }}
          />
        }
      />
      <NeedsSummaryPanel year={year} />
    </div>
  );
}
