// The plan's filters (level, category, mode, status, school of 校培), shared by the list and the
// calendar; values live in the URL so the two views and reloads keep them.
import { LEVELS, MODES, PROJECT_STATUSES } from '@shixun/common';
import { Select } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Access } from '../../access';
import type { ListFilter } from '../../components/list/ListPage';
import { FilterBar } from '../../components/PageHeader';
import { SchoolSelect } from '../../components/SchoolSelect';
import type { useUrlQuery } from '../../components/useUrlQuery';
import { useProjectLabels } from './labels';
import { useCategories } from './projects.api';

export interface PlanFilterValues {
  level?: string;
  category?: string;
  mode?: string;
  status?: string;
  schoolId?: number;
}

export function readPlanFilters(uq: ReturnType<typeof useUrlQuery>): PlanFilterValues {
  const pick = <T extends string>(v: string | undefined, allowed: readonly T[]) =>
    v && (allowed as readonly string[]).includes(v) ? v : undefined;
  return {
    level: pick(uq.str('level'), LEVELS),
    category: uq.str('category'),
    mode: pick(uq.str('mode'), MODES),
    status: pick(uq.str('status'), PROJECT_STATUSES),
    schoolId: uq.num('schoolId'),
  };
}

export function PlanFilters({
  uq,
  access,
  before,
  after,
}: {
  uq: ReturnType<typeof useUrlQuery>;
  access: Access;
  before?: ReactNode;
  after?: ReactNode;
}) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const categories = useCategories();
  const f = readPlanFilters(uq);
  return (
    <FilterBar>
      {before}
      <Select
        value={f.level}
        placeholder={t('field.level')}
        allowClear
        options={LEVELS.map((l) => ({ value: l, label: labels.level(l) }))}
        onChange={(v) => uq.set({ level: v, schoolId: v && v !== '校培' ? undefined : f.schoolId })}
        style={{ width: 100 }}
        aria-label={t('field.level')}
      />
      <Select
        value={f.category}
        placeholder={t('field.category')}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        loading={categories.isLoading}
        options={(categories.data?.items ?? []).map((c) => ({ value: c.name, label: c.name }))}
        onChange={(v) => uq.set({ category: v })}
        style={{ width: 140 }}
        aria-label={t('field.category')}
      />
      <Select
        value={f.mode}
        placeholder={t('field.mode')}
        allowClear
        options={MODES.map((m) => ({ value: m, label: labels.mode(m) }))}
        onChange={(v) => uq.set({ mode: v })}
        style={{ width: 116 }}
        aria-label={t('field.mode')}
      />
      <Select
        value={f.status}
        placeholder={t('field.status')}
        allowClear
        options={PROJECT_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
        onChange={(v) => uq.set({ status: v })}
        style={{ width: 104 }}
        aria-label={t('field.status')}
      />
      {!access.schoolAdmin && (
        <SchoolSelect
          value={f.schoolId}
          placeholder={t('filter.school')}
          onChange={(v) => uq.set({ schoolId: v, level: v ? '校培' : f.level })}
          style={{ width: 200, maxWidth: '100%' }}
          aria-label={t('filter.school')}
        />
      )}
      {after}
    </FilterBar>
  );
}

/**
 * The same filters as list-page definitions (the plan list and the plan table): level, category,
 * mode, status, and the school of 校培 for those above a school.
 */
export function usePlanFilterDefs(access: Access): ListFilter[] {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const categories = useCategories();
  return [
    {
      type: 'select',
      name: 'level',
      label: t('field.level'),
      width: 100,
      options: LEVELS.map((l) => ({ value: l, label: labels.level(l) })),
      alsoSet: (v) => (v && v !== '校培' ? { schoolId: undefined } : {}),
    },
    {
      type: 'select',
      name: 'category',
      label: t('field.category'),
      width: 140,
      showSearch: true,
      loading: categories.isLoading,
      options: (categories.data?.items ?? []).map((c) => ({ value: c.name, label: c.name })),
    },
    {
      type: 'select',
      name: 'mode',
      label: t('field.mode'),
      width: 116,
      options: MODES.map((m) => ({ value: m, label: labels.mode(m) })),
    },
    {
      type: 'select',
      name: 'status',
      label: t('field.status'),
      width: 104,
      options: PROJECT_STATUSES.map((s) => ({ value: s, label: labels.status(s) })),
    },
    {
      type: 'school',
      name: 'schoolId',
      label: t('filter.school'),
      width: 200,
      hidden: access.schoolAdmin,
      alsoSet: (v) => (v ? { level: '校培' } : {}),
    },
  ];
}

/** The plan's year filter: this year unless the URL says another; `all` (every year) unless `single`. */
export function useYearFilterDef(single = false): ListFilter {
  const { t } = useTranslation('projects');
  const thisYear = dayjs().year();
  const years = Array.from({ length: 8 }, (_, i) => thisYear + 1 - i);
  return {
    type: 'select',
    name: 'year',
    label: t('list.yearLabel'),
    width: 104,
    defaultValue: String(thisYear),
    options: [
      ...years.map((y) => ({ value: String(y), label: t('list.year', { year: y }) })),
      ...(single ? [] : [{ value: 'all', label: t('list.allYears') }]),
    ],
  };
}
