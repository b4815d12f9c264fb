// Pick a trainer from the pool (searched on the server), the project's own trainers offered first.
import type { ProjectTrainer } from '@shixun/common';
import { Select, type SelectProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTrainers } from '../projects.api';

type Props = Omit<SelectProps<number>, 'options' | 'mode' | 'onSearch'> & {
  projectTrainers?: ProjectTrainer[];
  /** ids not offered (already chosen) */
  exclude?: number[];
};

export function TrainerSelect({ projectTrainers = [], exclude = [], ...rest }: Props) {
  const { t } = useTranslation('projects');
  const [q, setQ] = useState('');
  const pool = useTrainers({ q: q.trim() || undefined, pageSize: 50, active: 'true' });
  const seen = new Set<number>();
  const options: NonNullable<SelectProps<number>['options']> = [];
  const add = (id: number, name: string, sub: string | null, titleText: string | null, kind: string, own: boolean) => {
    if (seen.has(id) || exclude.includes(id)) return;
    seen.add(id);
    options.push({
      value: id,
      label: name,
      title: [name, sub].filter(Boolean).join(' · '),
      sub,
      titleText,
      kind,
      own,
    });
  };
  for (const p of projectTrainers) add(p.trainerId, p.name, p.organisation, p.title, p.kind, true);
  for (const tr of pool.data?.items ?? [])
    add(tr.id, tr.name, tr.organisation ?? tr.schoolName, tr.title, tr.kind, false);
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={pool.isFetching}
      placeholder={t('trainers.searchPool')}
      options={options}
      optionRender={(o) => (
        <span>
          {o.data.label as string}
          {(o.data.sub || o.data.titleText) && (
            <span style={{ color: '#999', marginLeft: 8, fontSize: 12 }}>
              {[o.data.sub, o.data.titleText].filter(Boolean).join(' · ')}
            </span>
          )}
          {o.data.own && (
            <Tag color="blue" style={{ marginLeft: 8 }}>
              {t('trainers.inProject')}
            </Tag>
          )}
        </span>
      )}
      notFoundContent={pool.isFetching ? undefined : t('trainers.noneFound')}
      {...rest}
    />
  );
}
