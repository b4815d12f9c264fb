// A year's public funds from a spreadsheet (the finance bureau's list or the budget table exported
// and edited): the shared import wizard with the year chosen here; school names the county does not
// know are mapped in the preview like every import's unknown values.
import { Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUrlQuery } from '../../components/useUrlQuery';
import { ImportWizard } from '../imports/ImportWizard';

const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

export default function BudgetImportPage() {
  const { t } = useTranslation('money');
  const uq = useUrlQuery();
  const year = uq.num('year', thisYear()) ?? thisYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear() + 1 - i);
  return (
    <ImportWizard
      // Another year is another import: the wizard starts again.
      key={year}
      kind="budgets"
      params={{ year: String(year) }}
      extra={
        <Space size={8}>
          <Typography.Text type="secondary">{t('budgets.importYear')}</Typography.Text>
          <Select
            value={year}
            style={{ width: 110 }}
            onChange={(v) => uq.set({ year: v })}
            options={years.map((y) => ({ value: y, label: t('year', { year: y }) }))}
            aria-label={t('budgets.importYear')}
            data-testid="budget-import-year"
          />
        </Space>
      }
    />
  );
}
