// 当年未参训教师 (/reports/untrained?…): serving teachers of the scope without a person-time this
// year, with when they last trained — the coverage gap by name. Filters and page in the URL; .xlsx
// by the same filters.
import { DownloadOutlined } from '@ant-design/icons';
import { type UntrainedQuery, type UntrainedRow, URBAN_RURAL } from '@shixun/common';
import { Button, Empty, Select, Table, type TableProps, Typography } from 'antd';
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
import { exportUntrained, useUntrained } from './reports.api';

const thisYear = () => new Date().getFullYear();

export default function UntrainedPage() {
  const { t } = useTranslation('reports');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const filters: Omit<UntrainedQuery, 'page' | 'pageSize'> = {
    year: uq.num('year') ?? thisYear(),
    areaId: uq.num('areaId'),
    schoolId: uq.num('schoolId'),
    stage: uq.str('stage'),
    subject: uq.str('subject'),
    urbanRural: uq.str('urbanRural'),
  };
  const list = useUntrained({ ...filters, page, pageSize });
  const stages = useDictionaryOptions('stage', [filters.stage]);
  const subjects = useDictionaryOptions('subject', [filters.subject]);
  const columns: TableProps<UntrainedRow>['columns'] = [
    {
      title: t('people.teacher'),
      dataIndex: 'name',
      fixed: 'left',
      render: (v: string, r) => <Link to={`/teachers/${r.teacherId}`}>{v}</Link>,
    },
    { title: t('people.school'), dataIndex: 'schoolName' },
    { title: t('people.stage'), dataIndex: 'stage' },
    { title: t('people.subject'), dataIndex: 'subject' },
    { title: t('untrained.hired'), dataIndex: 'hireDate', render: (v: string | null) => (v ? fmtDate(v) : '—') },
    {
      title: t('untrained.last'),
      dataIndex: 'lastTrained',
      render: (v: string | null) =>
        v ? fmtDate(v) : <Typography.Text type="danger">{t('untrained.never')}</Typography.Text>,
    },
  ];
  const opts = (list: readonly string[]) => list.map((o) => ({ value: o, label: o }));
  return (
    <div>
      <PageHeader
        title={t('untrained.title', { year: filters.year })}
        sub={t('untrained.sub')}
        extra={
          <Button icon={<DownloadOutlined />} onClick={() => exportUntrained(filters)}>
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
        <Select
          value={filters.stage}
          allowClear
          placeholder={t('people.stage')}
          options={stages.options}
          onChange={(v) => uq.set({ stage: v })}
          style={{ width: 110 }}
        />
        <Select
          value={filters.subject}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('people.subject')}
          options={subjects.options}
          onChange={(v) => uq.set({ subject: v })}
          style={{ width: 120 }}
        />
        <Select
          value={filters.urbanRural}
          allowClear
          placeholder={t('people.urbanRural')}
          options={opts(URBAN_RURAL)}
          onChange={(v) => uq.set({ urbanRural: v })}
          style={{ width: 100 }}
        />
        <Button onClick={() => uq.reset()}>{t('common:action.reset')}</Button>
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<UntrainedRow>
          rowKey="teacherId"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('untrained.empty')} />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('untrained.total', { total: fmtInt(total) }),
          }}
          onChange={(p, _f, _s, extra) => {
            if (extra.action === 'paginate') uq.set({ page: p.current, pageSize: p.pageSize });
          }}
        />
      )}
    </div>
  );
}
