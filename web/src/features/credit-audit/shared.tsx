// Pieces both audit-table pages use: the status tag, the school-year picker.
import type { AuditTableStatus } from '@shixun/common';
import { Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentSchoolYear } from './credit-audit.api';

export const STATUS_COLOR: Record<AuditTableStatus, string> = {
  none: 'default',
  draft: 'blue',
  submitted: 'gold',
  signed_off: 'green',
  returned: 'red',
};

export function AuditStatusTag({ status }: { status: AuditTableStatus }) {
  const { t } = useTranslation('creditAudit');
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="audit-status">
      {t(`status.${status}`)}
    </Tag>
  );
}

export function useYearLabel() {
  const { t } = useTranslation('creditAudit');
  return (year: number) => t('yearLabel', { from: year, to: year + 1 });
}

/** The current school year and the five before it. */
export function SchoolYearSelect({ value, onChange }: { value: number; onChange: (y: number) => void }) {
  const label = useYearLabel();
  const now = currentSchoolYear();
  const years = Array.from({ length: 6 }, (_, i) => now - i);
  if (!years.includes(value)) years.push(value);
  return (
    <Select
      value={value}
      onChange={onChange}
      options={years.map((y) => ({ value: y, label: label(y) }))}
      style={{ width: 170 }}
      data-testid="audit-year"
    />
  );
}
