// 培训专家库: county teachers and invited external experts who teach; search and filters in the URL;
// the county adds, edits, deactivates and reactivates them.
import { PlusOutlined } from '@ant-design/icons';
import { TRAINER_KINDS, type Trainer } from '@shixun/common';
import { App, Button, Empty, Input, Popconfirm, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { ScoreCell } from '../surveys/ScoreCell';
import { useTrainerSatisfaction } from '../surveys/surveys.api';
import { useTrainers, useUpdateTrainer } from './projects.api';
import { TrainerFormDrawer } from './TrainerFormDrawer';

export default function TrainersPage() {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const q = uq.str('q');
  const kindParam = uq.str('kind');
  const kind = TRAINER_KINDS.find((k) => k === kindParam);
  const activeParam = uq.str('active');
  const active = activeParam === 'false' || activeParam === 'all' ? activeParam : undefined;
  const list = useTrainers({ q, kind, active, page, pageSize });
  const update = useUpdateTrainer();
  const [editing, setEditing] = useState<Trainer | null | undefined>(undefined);
  const filtered = !!q || !!kind || !!active;
  const manage = access.can('trainers.write');
  // Each trainer's satisfaction this year (the per-trainer ratings of the satisfaction surveys).
  const satisfaction = useTrainerSatisfaction(undefined, access.can('surveys.read'));
  const scoreOf = new Map((satisfaction.data?.items ?? []).map((x) => [x.trainerId, x]));

  const setActive = async (tr: Trainer, value: boolean) => {
    try {
      await update.mutateAsync({ id: tr.id, body: { active: value } });
      message.success(value ? t('pool.activated', { name: tr.name }) : t('pool.deactivated', { name: tr.name }));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: TableProps<Trainer>['columns'] = [
    {
      title: t('trainers.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (v: string, tr) => (
        <Space size={4}>
          {tr.teacherId ? <Link to={`/teachers/${tr.teacherId}`}>{v}</Link> : v}
          {!tr.active && <Tag>{t('trainers.inactive')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('trainers.kind'),
      dataIndex: 'kind',
      render: (v: string) => <Tag color={v === 'external' ? 'purple' : 'blue'}>{t(`trainerKind.${v}`)}</Tag>,
    },
    {
      title: t('trainers.organisation'),
      key: 'org',
      render: (_, tr) => tr.organisation ?? tr.schoolName ?? '—',
    },
    { title: t('trainers.title'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
    {
      title: t('trainers.expertise'),
      dataIndex: 'expertise',
      render: (v: string | null) =>
        v ? (
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ maxWidth: 260, marginBottom: 0 }}>
            {v}
          </Typography.Paragraph>
        ) : (
          '—'
        ),
    },
    { title: t('trainers.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    { title: t('pool.account'), dataIndex: 'username', render: (v: string | null) => v ?? '—' },
    { title: t('pool.projects'), dataIndex: 'projectCount', align: 'right' },
    ...(access.can('surveys.read')
      ? [
          {
            title: t('pool.satisfaction', { year: satisfaction.data?.year ?? '' }),
            key: 'satisfaction',
            render: (_: unknown, tr: Trainer) => <ScoreCell s={scoreOf.get(tr.id)} />,
          },
        ]
      : []),
    ...(manage
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, tr: Trainer) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(tr)}>
                  {t('common:action.edit')}
                </Button>
                {tr.active ? (
                  <Popconfirm
                    title={t('pool.deactivateConfirm', { name: tr.name })}
                    description={t('pool.deactivateHint')}
                    onConfirm={() => setActive(tr, false)}
                  >
                    <Button type="link" size="small" danger>
                      {t('pool.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => setActive(tr, true)}>
                    {t('pool.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('pool.title')}
        sub={t('pool.sub')}
        extra={
          manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              data-testid="trainer-create"
            >
              {t('pool.create')}
            </Button>
          )
        }
      />
      <FilterBar>
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          placeholder={t('pool.searchPlaceholder')}
          allowClear
          onSearch={(v) => uq.set({ q: v.trim() })}
          style={{ width: 240, maxWidth: '100%' }}
        />
        <Select
          value={kind}
          placeholder={t('trainers.kind')}
          allowClear
          options={TRAINER_KINDS.map((k) => ({ value: k, label: t(`trainerKind.${k}`) }))}
          onChange={(v) => uq.set({ kind: v })}
          style={{ width: 130 }}
        />
        <Select
          value={active ?? 'true'}
          options={[
            { value: 'true', label: t('pool.activeOnly') },
            { value: 'false', label: t('pool.inactiveOnly') },
            { value: 'all', label: t('pool.all') },
          ]}
          onChange={(v) => uq.set({ active: v === 'true' ? undefined : v })}
          style={{ width: 120 }}
        />
        {filtered && <Button onClick={uq.reset}>{t('common:action.reset')}</Button>}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Trainer>
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
                description={filtered ? t('pool.emptyFiltered') : manage ? t('pool.emptyManager') : t('pool.empty')}
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
      <TrainerFormDrawer open={editing !== undefined} trainer={editing ?? null} onClose={() => setEditing(undefined)} />
    </div>
  );
}
