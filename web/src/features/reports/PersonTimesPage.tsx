// 培训人次明细 (/reports/person-times?…): the person-times behind any figure of the dashboard or the
// year-end summary — who, which school, which training, how it ended — filtered by the figure's own
// dimensions (level, mode, category, online, rural/urban, stage, subject, age and service bands).
// Filters and page in the URL; .xlsx by the same filters (audited: it names teachers).
import { CloseOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  AGE_BANDS,
  LEVELS,
  MODES,
  PARTICIPATION_STATUS_LABELS,
  type ParticipationStatus,
  type PersonTimeRow,
  type PersonTimesQuery,
  SERVICE_BANDS,
  URBAN_RURAL,
} from '@shixun/common';
import { Button, Empty, Select, Table, type TableProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { exportPersonTimes, usePersonTimes } from './reports.api';

const thisYear = () => new Date().getFullYear();
const pick = <T extends string>(list: readonly T[], v: string | undefined) => list.find((x) => x === v);

export default function PersonTimesPage() {
  const { t } = useTranslation('reports');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const filters: Omit<PersonTimesQuery, 'page' | 'pageSize'> = {
    year: uq.num('year') ?? thisYear(),
    areaId: uq.num('areaId'),
    schoolId: uq.num('schoolId'),
    level: uq.str('level'),
    mode: uq.str('mode'),
    category: uq.str('category'),
    online: uq.str('online') === 'true' ? 'true' : undefined,
    urbanRural: uq.str('urbanRural'),
    stage: uq.str('stage'),
    subject: uq.str('subject'),
    ageBand: pick(AGE_BANDS, uq.str('ageBand')),
    serviceBand: pick(SERVICE_BANDS, uq.str('serviceBand')),
  };
  const list = usePersonTimes({ ...filters, page, pageSize });
  const stages = useDictionaryOptions('stage', [filters.stage]).options.map((o) => o.value);
  const subjects = useDictionaryOptions('subject', [filters.subject]).options.map((o) => o.value);
  // Filters that came from a figure and have no control here are shown as removable tags.
  const tags = (['areaId', 'category', 'online', 'ageBand', 'serviceBand'] as const).filter((k) => filters[k] != null);

  const select = (
    key: 'level' | 'mode' | 'stage' | 'subject' | 'urbanRural',
    options: readonly string[],
    width = 120,
  ) => (
    <Select
      value={filters[key]}
      placeholder={t(`people.${key}`)}
      allowClear
      showSearch={options.length > 10 ? { optionFilterProp: 'label' } : undefined}
      options={options.map((o) => ({ value: o, label: o }))}
      onChange={(v) => uq.set({ [key]: v })}
      style={{ width }}
      aria-label={t(`people.${key}`)}
    />
  );

  const columns: TableProps<PersonTimeRow>['columns'] = [
    {
      title: t('people.teacher'),
      dataIndex: 'teacherName',
      fixed: 'left',
      render: (v: string, r) => <Link to={`/teachers/${r.teacherId}`}>{v}</Link>,
    },
    { title: t('people.school'), dataIndex: 'schoolName' },
    { title: t('people.stage'), dataIndex: 'stage' },
    { title: t('people.subject'), dataIndex: 'subject' },
    {
      title: t('people.project'),
      dataIndex: 'projectName',
      render: (v: string, r) => <Link to={`/projects/${r.projectId}`}>{v}</Link>,
    },
    { title: t('people.level'), dataIndex: 'level' },
    { title: t('people.mode'), dataIndex: 'mode' },
    { title: t('people.category'), dataIndex: 'category' },
    { title: t('people.endDate'), dataIndex: 'endDate', render: fmtDate },
    {
      title: t('people.status'),
      dataIndex: 'status',
      render: (v: string) => PARTICIPATION_STATUS_LABELS[v as ParticipationStatus] ?? v,
    },
    { title: t('people.result'), dataIndex: 'result', render: (v: string | null) => v ?? '—' },
  ];

  return (
    <div>
      <PageHeader
        title={t('people.title', { year: filters.year })}
        sub={t('people.sub')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={() => exportPersonTimes(filters)}
            data-testid="person-times-export"
          >
            {t('common:action.export')}
          </Button>
        }
      />
      <FilterBar>
        <Select
          value={filters.year}
          aria-label={t('summary.year')}
          options={Array.from({ length: 6 }, (_, i) => thisYear() - i).map((y) => ({ value: y, label: y }))}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 100 }}
        />
        {!access.schoolAdmin && (
          <SchoolSelect
            value={filters.schoolId}
            allowClear
            onChange={(v) => uq.set({ schoolId: v })}
            style={{ width: 220 }}
          />
        )}
        {select('level', LEVELS, 100)}
        {select('mode', MODES)}
        {select('urbanRural', URBAN_RURAL, 100)}
        {select('stage', stages, 100)}
        {select('subject', subjects)}
        {tags.map((k) => (
          <Tag
            key={k}
            closable
            closeIcon={<CloseOutlined aria-label={t('people.removeFilter')} />}
            onClose={() => uq.set({ [k]: undefined })}
            style={{ alignSelf: 'center' }}
          >
            {t(`people.${k}`)}：{k === 'online' ? t('people.onlineYes') : String(filters[k])}
          </Tag>
        ))}
        <Button onClick={() => uq.reset()}>{t('common:action.reset')}</Button>
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<PersonTimeRow>
          rowKey="participationId"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('people.empty')} />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('people.total', { total: fmtInt(total) }),
          }}
          onChange={(p, _f, _s, extra) => {
            if (extra.action === 'paginate') uq.set({ page: p.current, pageSize: p.pageSize });
          }}
        />
      )}
    </div>
  );
}
