// 名师工作室 for admins: the county's studios (filters and page in the URL, export), each with its host,
// members from several schools, activities, outputs and the latest yearly review; the county sets
// one up here and opens its page for members and the review.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { STUDIO_STATUSES, type StudioItem } from '@shixun/common';
import { Button, Card, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { yearOptions } from '../../components/years';
import { useMe } from '../auth/auth.api';
import { StudioFormDrawer } from './StudioFormDrawer';
import { exportStudios, type StudioFilters, useStudios } from './studios.api';

export default function StudiosPage() {
  const { t } = useTranslation('studios');
  const access = accessOf(useMe().data);
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const filters: StudioFilters = {
    year: uq.num('year'),
    status: uq.str('status') as StudioFilters['status'],
    q: uq.str('q'),
  };
  const list = useStudios(filters);
  const [creating, setCreating] = useState(false);
  const total = list.data?.total ?? 0;
  const filtered = !!(filters.year || filters.status || filters.q);

  return (
    <div>
      <PageHeader
        title={t('title')}
        sub={t('sub')}
        extra={
          access.can('studios.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="studio-new">
              {t('create')}
            </Button>
          )
        }
      />
      <Card>
        <FilterBar>
          <Select<number>
            allowClear
            style={{ width: 110 }}
            placeholder={t('filter.year')}
            value={filters.year}
            onChange={(v) => uq.set({ year: v })}
            options={yearOptions(t)}
          />
          <Select<string>
            allowClear
            style={{ width: 120 }}
            placeholder={t('filter.status')}
            value={filters.status}
            onChange={(v) => uq.set({ status: v })}
            options={STUDIO_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('filter.search')}
            defaultValue={filters.q}
            onSearch={(v) => uq.set({ q: v })}
          />
          <div style={{ flex: 1 }} />
          <Button icon={<DownloadOutlined />} disabled={total === 0} onClick={() => exportStudios(filters)}>
            {t('common:action.export')}
          </Button>
        </FilterBar>
        {list.error && !list.data ? (
          <PageError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<StudioItem>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 960 }}
            locale={{ emptyText: filtered ? t('emptyFiltered') : t('empty') }}
            onRow={(r) => ({ onClick: () => navigate(`/studios/${r.id}`), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize,
              total,
              showTotal: (n) => t('common:total', { total: fmtInt(n) }),
              onChange: (p, ps) => uq.set({ page: p, pageSize: ps }),
            }}
            columns={[
              {
                title: t('col.name'),
                dataIndex: 'name',
                render: (v: string, s) => (
                  <span>
                    {v}
                    <br />
                    <Typography.Text type="secondary">
                      {[s.stage, s.subject].filter(Boolean).join(' · ') || '—'}
                    </Typography.Text>
                  </span>
                ),
              },
              {
                title: t('col.host'),
                key: 'host',
                width: 200,
                render: (_, s) => (
                  <span>
                    {s.host.name}
                    <br />
                    <Typography.Text type="secondary">{s.host.schoolName}</Typography.Text>
                  </span>
                ),
              },
              { title: t('col.term'), key: 'term', width: 120, render: (_, s) => `${s.startYear}—${s.endYear}` },
              {
                title: t('col.members'),
                key: 'members',
                width: 130,
                render: (_, s) => t('membersValue', { n: s.memberCount, schools: s.schoolCount }),
              },
              { title: t('col.activities'), dataIndex: 'activityCount', width: 80 },
              { title: t('col.outputs'), dataIndex: 'outputCount', width: 80 },
              {
                title: t('col.review'),
                key: 'review',
                width: 120,
                render: (_, s) =>
                  s.lastReview ? (
                    <Tag
                      color={
                        s.lastReview.result === '不合格' ? 'red' : s.lastReview.result === '优秀' ? 'gold' : 'green'
                      }
                    >
                      {t('reviewValue', { year: s.lastReview.year, result: s.lastReview.result })}
                    </Tag>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('col.status'),
                dataIndex: 'status',
                width: 90,
                render: (v: string) => <Tag color={v === 'active' ? 'green' : 'default'}>{t(`status.${v}`)}</Tag>,
              },
            ]}
          />
        )}
      </Card>
      <StudioFormDrawer
        open={creating}
        onClose={(id) => {
          setCreating(false);
          if (id) navigate(`/studios/${id}`);
        }}
      />
    </div>
  );
}
