// Every school's yearly audit table for a school year, with its status: the county's overview
// (area admins see their area, leaders read). A school admin goes straight to their own table.
import type { AuditTableListItem, AuditTableStatus } from '@shixun/common';
import { AUDIT_TABLE_STATUSES } from '@shixun/common';
import { Input, Segmented, Select, Space, Table, type TableProps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { fmtDateTime, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAreas } from '../org/org.api';
import { currentSchoolYear, useAuditTables } from './credit-audit.api';
import { AuditStatusTag, SchoolYearSelect } from './shared';

export default function AuditTablesPage() {
  const me = useMe().data;
  const uq = useUrlQuery();
  const year = uq.num('year') ?? currentSchoolYear();
  if (me?.role === 'school_admin' && me.schoolId) {
    return <Navigate to={`/credit/audit-tables/${me.schoolId}/${year}`} replace />;
  }
  return <CountyList year={year} />;
}

function CountyList({ year }: { year: number }) {
  const { t } = useTranslation('creditAudit');
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const status = AUDIT_TABLE_STATUSES.find((s) => s === uq.str('status'));
  const areaId = uq.num('areaId');
  const q = uq.str('q');
  const list = useAuditTables({ year, status, areaId, q, page, pageSize });
  const areas = useAreas();
  const counts = list.data?.counts;

  const columns: TableProps<AuditTableListItem>['columns'] = [
    {
      title: t('list.school'),
      dataIndex: 'schoolName',
      render: (v: string, r) => <Link to={`/credit/audit-tables/${r.schoolId}/${year}`}>{v}</Link>,
    },
    { title: t('list.area'), dataIndex: 'areaName' },
    {
      title: t('list.status'),
      dataIndex: 'status',
      render: (v: AuditTableStatus, r) => (
        <Space orientation="vertical" size={0}>
          <AuditStatusTag status={v} />
          {v === 'returned' && r.returnReason && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.returnReason }}>
              {r.returnReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('list.teachers'), dataIndex: 'teachers', align: 'right', render: (v: number | null) => fmtInt(v) },
    { title: t('list.met'), dataIndex: 'met', align: 'right', render: (v: number | null) => fmtInt(v) },
    { title: t('list.submittedAt'), dataIndex: 'submittedAt', render: (v: string | null) => fmtDateTime(v) },
    { title: t('list.reviewedAt'), dataIndex: 'reviewedAt', render: (v: string | null) => fmtDateTime(v) },
    {
      title: t('common:action.operations'),
      key: 'open',
      render: (_, r) => <Link to={`/credit/audit-tables/${r.schoolId}/${year}`}>{t('list.open')}</Link>,
    },
  ];

  return (
    <div>
      <PageHeader title={t('list.title')} sub={t('list.sub')} />
      <FilterBar>
        <SchoolYearSelect value={year} onChange={(y) => uq.set({ year: y })} />
        <Select
          value={areaId}
          placeholder={t('list.area')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={areas.isLoading}
          options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
          onChange={(v) => uq.set({ areaId: v })}
          style={{ width: 160 }}
          data-testid="audit-area"
        />
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          placeholder={t('list.search')}
          allowClear
          onSearch={(v) => uq.set({ q: v.trim() })}
          style={{ width: 220, maxWidth: '100%' }}
        />
      </FilterBar>
      <div style={{ overflowX: 'auto', marginBottom: 16 }}>
        <Segmented<AuditTableStatus | 'all'>
          value={status ?? 'all'}
          onChange={(v) => uq.set({ status: v === 'all' ? undefined : v })}
          options={(['all', ...AUDIT_TABLE_STATUSES] as const).map((s) => {
            const n =
              s === 'all' ? (counts ? Object.values(counts).reduce((x, y) => x + y, 0) : undefined) : counts?.[s];
            return {
              value: s,
              label: `${s === 'all' ? t('list.all') : t(`status.${s}`)}${n === undefined ? '' : ` ${fmtInt(n)}`}`,
            };
          })}
          data-testid="audit-counts"
        />
      </div>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<AuditTableListItem>
          rowKey="schoolId"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('list.empty') }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
            onChange: (p, ps) => uq.set({ page: p, pageSize: ps }),
          }}
        />
      )}
    </div>
  );
}
