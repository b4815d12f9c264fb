// 未达标学校 (/reports/schools-below-target?…): schools whose coverage, pass rate or 送培率 is below
// the county's target, lowest coverage first, each gap in words; a school opens its person-times.
// Year and filters in the URL, paging on the page, .xlsx by the same filters.
import { DownloadOutlined } from '@ant-design/icons';
import type { SchoolTargetRow } from '@shixun/common';
import { Button, Empty, Select, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt, fmtRate } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAreas } from '../org/org.api';
import { exportSchoolsBelowTarget, useSchoolsBelowTarget } from './reports.api';

const thisYear = () => new Date().getFullYear();

export default function SchoolsBelowTargetPage() {
  const { t } = useTranslation('reports');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const year = uq.num('year') ?? thisYear();
  const areaId = access.countyWide ? uq.num('areaId') : undefined;
  const list = useSchoolsBelowTarget({ year, areaId });
  const areas = useAreas(access.countyWide);
  const targets = list.data?.targets;
  const columns: TableProps<SchoolTargetRow>['columns'] = [
    { title: t('below.area'), dataIndex: 'areaName' },
    {
      title: t('people.school'),
      dataIndex: 'schoolName',
      fixed: 'left',
      render: (v: string, r) => <Link to={`/reports/person-times?year=${year}&schoolId=${r.schoolId}`}>{v}</Link>,
    },
    { title: t('people.urbanRural'), dataIndex: 'urbanRural' },
    { title: t('dashboard.teachers'), dataIndex: 'teacherCount', align: 'right', render: fmtInt },
    {
      title: t('dashboard.coverage'),
      dataIndex: 'coverageRate',
      align: 'right',
      render: (v: number, r) => (
        <Link to={`/reports/untrained?year=${year}&schoolId=${r.schoolId}`}>
          <Typography.Text type={targets && v < targets.coverage ? 'danger' : undefined}>{fmtRate(v)}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t('dashboard.pass'),
      dataIndex: 'passRate',
      align: 'right',
      render: (v: number, r) =>
        r.assessed ? (
          <Typography.Text type={targets && v < targets.pass ? 'danger' : undefined}>{fmtRate(v)}</Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('dashboard.sendRate'),
      dataIndex: 'sendRate',
      align: 'right',
      render: (v: number | null) =>
        v == null ? (
          '—'
        ) : (
          <Typography.Text type={targets && v < targets.send ? 'danger' : undefined}>{fmtRate(v)}</Typography.Text>
        ),
    },
    {
      title: t('below.gaps'),
      dataIndex: 'gaps',
      render: (gaps: string[]) => (
        <div style={{ maxWidth: 360, whiteSpace: 'normal' }}>
          {gaps.map((g) => (
            <Tag key={g} color="orange" style={{ marginBottom: 4 }}>
              {g}
            </Tag>
          ))}
        </div>
      ),
    },
  ];
  return (
    <div>
      <PageHeader
        title={t('below.title', { year })}
        sub={
          targets
            ? t('below.sub', {
                coverage: fmtRate(targets.coverage),
                pass: fmtRate(targets.pass),
                send: fmtRate(targets.send),
              })
            : undefined
        }
        extra={
          <Button icon={<DownloadOutlined />} onClick={() => exportSchoolsBelowTarget({ year, areaId })}>
            {t('common:action.export')}
          </Button>
        }
      />
      <FilterBar>
        <Select
          value={year}
          aria-label={t('summary.year')}
          options={Array.from({ length: 6 }, (_, i) => thisYear() - i).map((y) => ({ value: y, label: y }))}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 100 }}
        />
        {access.countyWide && (
          <Select
            value={areaId}
            allowClear
            placeholder={t('dashboard.allAreas')}
            options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            onChange={(v) => uq.set({ areaId: v })}
            style={{ width: 170 }}
          />
        )}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<SchoolTargetRow>
          rowKey="schoolId"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('below.empty')} />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('below.total', { total: fmtInt(total) }),
          }}
          onChange={(p, _f, _s, extra) => {
            if (extra.action === 'paginate') uq.set({ page: p.current, pageSize: p.pageSize });
          }}
        />
      )}
    </div>
  );
}
