// Pick a serving teacher of the caller's scope, searched on the server by name or the last digits
// of the ID number (GET /api/teachers); shows the school, subject and hire year beside the name.
import type { Teacher } from '@shixun/common';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../lib/http';

type Props = Omit<SelectProps<number | number[]>, 'options' | 'onSearch' | 'mode'> & {
  schoolId?: number;
  /** ids not offered */
  exclude?: number[];
  mode?: 'multiple';
};

export function TeacherSelect({ schoolId, exclude = [], placeholder, ...rest }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['teachers', 'select', schoolId ?? null, q.trim()],
    queryFn: () =>
      http.get<{ items: Teacher[]; total: number }>('/api/teachers', {
        q: q.trim() || undefined,
        schoolId,
        status: '在职',
        pageSize: 30,
      }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options = (list.data?.items ?? [])
    .filter((x) => !exclude.includes(x.id))
    .map((x) => ({
      value: x.id,
      label: x.name,
      sub: [x.schoolName, x.subject, x.hireDate ? t('teacherSelect.hired', { year: x.hireDate.slice(0, 4) }) : null]
        .filter(Boolean)
        .join(' · '),
    }));
  return (
    <Select<number | number[]>
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={list.isFetching}
      placeholder={placeholder ?? t('teacherSelect.placeholder')}
      options={options}
      optionRender={(o) => (
        <span>
          {o.data.label as string}
          <span style={{ color: '#999', marginLeft: 8, fontSize: 12 }}>{o.data.sub}</span>
        </span>
      )}
      notFoundContent={list.isFetching ? undefined : t('teacherSelect.none')}
      {...rest}
    />
  );
}
