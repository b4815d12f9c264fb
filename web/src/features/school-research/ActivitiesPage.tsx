// 校本研修活动: the activities of the caller's schools (filters in the URL, paging, export); the host
// school records new ones; flags against 虚假式研修 show in the list.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ACTIVITY_KINDS_FILTER,
  ACTIVITY_STATUSES,
  type ActivityKindFilter,
  type ActivityStatus,
  type ActivitySummary,
} from '@shixun/common';
import { Button, Empty, Input, Select, Space, Switch, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAreas } from '../org/org.api';
import { ActivityFormDrawer } from './ActivityFormDrawer';
import { exportActivities, useActivities, useResearchSettings } from './school-research.api';
import { ActivityStatusTag, FlagTags, fmtWhen, VerdictTag, yearOptions } from './shared';

export default function ActivitiesPage() {
  const { t, i18n } = useTranslation('research');
  const access = accessOf(useMe().data);
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const [creating, setCreating] = useState(false);
  const settings = useResearchSettings();
  const areas = useAreas(access.countyWide);
  const status = ACTIVITY_STATUSES.find((s) => s === uq.str('status')) as ActivityStatus | undefined;
  const kind = ACTIVITY_KINDS_FILTER.find((s) => s === uq.str('kind')) as ActivityKindFilter | undefined;
  const filters = {
    year: uq.num('year'),
    type: uq.str('type'),
    status,
    kind,
    areaId: uq.num('areaId'),
    schoolId: uq.num('schoolId'),
    flagged: uq.str('flagged') === '1' ? ('1' as const) : undefined,
    q: uq.str('q'),
  };
  const list = useActivities({ ...filters, page, pageSize });
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const canCreate = access.can('school-research.manage');

  const columns: TableProps<ActivitySummary>['columns'] = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      fixed: 'left',
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/school-research/activities/${r.id}`} data-testid={`activity-link-${r.id}`}>
            {v}
          </Link>
          {r.consortiumName && <Tag color="purple">{t('kind.showcase')}</Tag>}
          {r.outreachId && <Tag color="cyan">{t('kind.outreach')}</Tag>}
        </Space>
      ),
    },
    { title: t('col.type'), dataIndex: 'type', render: (v: string) => <Tag>{v}</Tag> },
    { title: t('col.school'), dataIndex: 'schoolName' },
    { title: t('col.when'), key: 'when', render: (_, r) => fmtWhen(r.startsAt, r.endsAt, i18n.language) },
    { title: t('col.hours'), dataIndex: 'hours', align: 'right' },
    { title: t('col.participants'), dataIndex: 'participants', align: 'right', render: fmtInt },
    { title: t('col.evidence'), dataIndex: 'evidence', align: 'right', render: fmtInt },
    { title: t('col.status'), dataIndex: 'status', render: (v: ActivityStatus) => <ActivityStatusTag status={v} /> },
    { title: t('col.flags'), dataIndex: 'flags', render: (v: ActivitySummary['flags']) => <FlagTags flags={v} /> },
    {
      title: t('col.spotCheck'),
      dataIndex: 'spotCheck',
      render: (v: ActivitySummary['spotCheck']) => <VerdictTag verdict={v} />,
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('activities.title')}
        sub={t('activities.sub')}
        extra={
          <>
            {canCreate && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="activity-new"
              >
                {t('activities.create')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} onClick={() => exportActivities(filters)}>
              {t('common:action.export')}
            </Button>
          </>
        }
      />
      <FilterBar>
        <Input.Search
          key={`q-${filters.q ?? ''}`}
          defaultValue={filters.q}
          placeholder={t('filter.search')}
          allowClear
          onSearch={(v) => uq.set({ q: v.trim() })}
          style={{ width: 200, maxWidth: '100%' }}
        />
        <Select
          value={filters.year}
          placeholder={t('filter.year')}
          allowClear
          options={yearOptions()}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 100 }}
        />
        <Select
          value={filters.type}
          placeholder={t('filter.type')}
          allowClear
          options={(settings.data?.activityTypes ?? []).map((v) => ({ value: v, label: v }))}
          onChange={(v) => uq.set({ type: v })}
          style={{ width: 130 }}
        />
        <Select
          value={kind}
          placeholder={t('filter.kind')}
          allowClear
          options={ACTIVITY_KINDS_FILTER.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          onChange={(v) => uq.set({ kind: v })}
          style={{ width: 150 }}
        />
        <Select
          value={status}
          placeholder={t('filter.status')}
          allowClear
          options={ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={(v) => uq.set({ status: v })}
          style={{ width: 150 }}
        />
        {access.countyWide && (
          <Select
            value={filters.areaId}
            placeholder={t('filter.area')}
            allowClear
            options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            onChange={(v) => uq.set({ areaId: v })}
            style={{ width: 140 }}
          />
        )}
        {!access.schoolAdmin && (
          <SchoolSelect value={filters.schoolId} onChange={(v) => uq.set({ schoolId: v })} style={{ width: 200 }} />
        )}
        <Space size={6} style={{ height: 32 }}>
          <Switch
            size="small"
            checked={!!filters.flagged}
            onChange={(v) => uq.set({ flagged: v ? '1' : undefined })}
            aria-label={t('filter.flagged')}
          />
          <span>{t('filter.flagged')}</span>
        </Space>
        {filtered && <Button onClick={uq.reset}>{t('common:action.reset')}</Button>}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<ActivitySummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? t('activities.emptyFiltered') : t('activities.empty')}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
          }}
          onChange={(p, _f, _s, extra) => {
            if (extra.action === 'paginate') uq.set({ page: p.current, pageSize: p.pageSize });
          }}
        />
      )}
      <ActivityFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          navigate(`/school-research/activities/${id}`);
        }}
      />
    </div>
  );
}
