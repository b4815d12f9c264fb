// A searchable select over every school in the caller's scope (GET /api/schools/options).
import type { SchoolType } from '@shixun/common';
import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { http } from '../lib/http';

export interface SchoolOption {
  id: number;
  name: string;
  type: SchoolType;
  areaId: number | null;
  consortiumId: number | null;
  parentSchoolId?: number | null;
}

// Same key and result as the org feature's hook, so both share one cache entry and org writes refresh it.
export const schoolOptionsKey = ['org', 'schools', 'options'] as const;

export function useSchoolOptions(enabled = true) {
  return useQuery({
    queryKey: schoolOptionsKey,
    queryFn: async () => {
      const r = await http.get<SchoolOption[] | { items: SchoolOption[] }>('/api/schools/options');
      return Array.isArray(r) ? r : r.items;
    },
    staleTime: 60_000,
    enabled,
  });
}

type Props = Omit<SelectProps<number>, 'options' | 'mode'> & {
  /** school ids not offered (e.g. the current school in a transfer) */
  exclude?: number[];
};

export function SchoolSelect({ exclude, placeholder, ...rest }: Props) {
  const { t } = useTranslation();
  const options = useSchoolOptions();
  const items = (options.data ?? [])
    .filter((s) => !exclude?.includes(s.id))
    .map((s) => ({ value: s.id, label: s.name, type: s.type }));
  return (
    <Select<number>
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      loading={options.isLoading}
      placeholder={placeholder ?? t('schoolSelect.placeholder')}
      notFoundContent={options.isError ? t('state.error') : undefined}
      options={items}
      optionRender={(o) => (
        <span>
          {o.data.label}
          <span style={{ color: '#999', marginLeft: 8, fontSize: 12 }}>{t(`enum.${o.data.type}`)}</span>
        </span>
      )}
      {...rest}
    />
  );
}
