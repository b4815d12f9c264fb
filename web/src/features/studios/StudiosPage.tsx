// 名师工作室 for admins: the county's studios on the list page (filters in the URL, export), each with
// its host, members from several schools, activities, outputs and the latest yearly review; the
// county sets one up here and opens its page for members and the review.
import { PlusOutlined } from '@ant-design/icons';
import { STUDIO_STATUSES, type StudioItem } from '@shixun/common';
import { Button, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { yearOptions } from '../../components/years';
import { useMe } from '../auth/auth.api';
import { StudioFormDrawer } from './StudioFormDrawer';
import { useStudios } from './studios.api';

export default function StudiosPage() {
  const { t } = useTranslation('studios');
  const access = accessOf(useMe().data);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const columns: ListColumn<StudioItem>[] = [
    {
      key: 'name',
      title: t('col.name'),
      dataIndex: 'name',
      locked: true,
      render: (v: string, s) => (
        <span>
          {v}
          <br />
          <Typography.Text type="secondary">{[s.stage, s.subject].filter(Boolean).join(' · ') || '—'}</Typography.Text>
        </span>
      ),
    },
    {
      key: 'host',
      title: t('col.host'),
      width: 200,
      render: (_, s) => (
        <span>
          {s.host.name}
          <br />
          <Typography.Text type="secondary">{s.host.schoolName}</Typography.Text>
        </span>
      ),
    },
    { key: 'term', title: t('col.term'), width: 120, render: (_, s) => `${s.startYear}—${s.endYear}` },
    {
      key: 'members',
      title: t('col.members'),
      width: 130,
      render: (_, s) => t('membersValue', { n: s.memberCount, schools: s.schoolCount }),
    },
    { key: 'activities', title: t('col.activities'), dataIndex: 'activityCount', width: 80 },
    { key: 'outputs', title: t('col.outputs'), dataIndex: 'outputCount', width: 80 },
    {
      key: 'review',
      title: t('col.review'),
      width: 120,
      render: (_, s) =>
        s.lastReview ? (
          <Tag color={s.lastReview.result === '不合格' ? 'red' : s.lastReview.result === '优秀' ? 'gold' : 'green'}>
            {t('reviewValue', { year: s.lastReview.year, result: s.lastReview.result })}
          </Tag>
        ) : (
          '—'
        ),
    },
    {
      key: 'status',
      title: t('col.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: string) => <Tag color={v === 'active' ? 'green' : 'default'}>{t(`status.${v}`)}</Tag>,
    },
  ];

  return (
    <>
      <ListPage<StudioItem>
        id="studios"
        title={t('title')}
        sub={t('sub')}
        actions={
          access.can('studios.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="studio-new">
              {t('create')}
            </Button>
          )
        }
        filters={[
          {
            type: 'select',
            name: 'year',
            label: t('filter.year'),
            width: 110,
            options: yearOptions(t).map((o) => ({ value: String(o.value), label: o.label })),
          },
          {
            type: 'select',
            name: 'status',
            label: t('filter.status'),
            width: 120,
            options: STUDIO_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          },
          { type: 'search', name: 'q', label: t('filter.search'), width: 220 },
        ]}
        useList={useStudios}
        exportPath="/api/studios/export"
        paging="client"
        columns={columns}
        rowKey={(s) => s.id}
        empty={{ none: t('empty'), filtered: t('emptyFiltered') }}
        tableProps={{
          size: 'middle',
          onRow: (r) => ({ onClick: () => navigate(`/studios/${r.id}`), style: { cursor: 'pointer' } }),
        }}
      />
      <StudioFormDrawer
        open={creating}
        onClose={(id) => {
          setCreating(false);
          if (id) navigate(`/studios/${id}`);
        }}
      />
    </>
  );
}
