// 培训专家库: county teachers and invited external experts who teach; search and filters in the URL,
// export; the county adds, edits, deactivates and reactivates them.
import { PlusOutlined } from '@ant-design/icons';
import { TRAINER_KINDS, type Trainer } from '@shixun/common';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useMe } from '../auth/auth.api';
import { useTrainers, useUpdateTrainer } from './projects.api';
import { TrainerFormDrawer } from './TrainerFormDrawer';

export default function TrainersPage() {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const access = accessOf(useMe().data);
  const update = useUpdateTrainer();
  const [editing, setEditing] = useState<Trainer | null | undefined>(undefined);
  const manage = access.can('trainers.write');

  const setActive = async (tr: Trainer, value: boolean) => {
    try {
      await update.mutateAsync({ id: tr.id, body: { active: value } });
      message.success(value ? t('pool.activated', { name: tr.name }) : t('pool.deactivated', { name: tr.name }));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: ListColumn<Trainer>[] = [
    {
      key: 'name',
      title: t('trainers.name'),
      dataIndex: 'name',
      fixed: 'left',
      locked: true,
      render: (v: string, tr) => (
        <Space size={4}>
          {tr.teacherId ? <Link to={`/teachers/${tr.teacherId}`}>{v}</Link> : v}
          {!tr.active && <Tag>{t('trainers.inactive')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'kind',
      title: t('trainers.kind'),
      dataIndex: 'kind',
      render: (v: string) => <Tag color={v === 'external' ? 'purple' : 'blue'}>{t(`trainerKind.${v}`)}</Tag>,
    },
    {
      key: 'org',
      title: t('trainers.organisation'),
      render: (_, tr) => tr.organisation ?? tr.schoolName ?? '—',
    },
    { key: 'title', title: t('trainers.title'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
    {
      key: 'expertise',
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
    { key: 'phone', title: t('trainers.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    {
      key: 'username',
      title: t('pool.account'),
      dataIndex: 'username',
      defaultHidden: !manage,
      render: (v: string | null) => v ?? '—',
    },
    { key: 'projectCount', title: t('pool.projects'), dataIndex: 'projectCount', align: 'right' },
    ...(manage
      ? [
          {
            key: 'actions',
            title: t('common:action.operations'),
            fixed: 'right' as const,
            locked: true,
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
    <>
      <ListPage<Trainer>
        id="trainers"
        title={t('pool.title')}
        sub={t('pool.sub')}
        actions={
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
        filters={[
          { type: 'search', name: 'q', label: t('pool.searchPlaceholder'), width: 240 },
          {
            type: 'select',
            name: 'kind',
            label: t('trainers.kind'),
            width: 130,
            options: TRAINER_KINDS.map((k) => ({ value: k, label: t(`trainerKind.${k}`) })),
          },
          {
            type: 'select',
            name: 'active',
            label: t('listing.trainerStatus'),
            width: 120,
            defaultValue: 'true',
            options: [
              { value: 'true', label: t('pool.activeOnly') },
              { value: 'false', label: t('pool.inactiveOnly') },
              { value: 'all', label: t('pool.all') },
            ],
          },
        ]}
        toParams={(v) => ({ q: v.q, kind: v.kind, active: v.active === 'true' ? undefined : v.active })}
        useList={useTrainers}
        exportPath="/api/trainers/export"
        columns={columns}
        rowKey={(tr) => tr.id}
        empty={{
          none: manage ? t('pool.emptyManager') : t('pool.empty'),
          filtered: t('pool.emptyFiltered'),
        }}
      />
      <TrainerFormDrawer open={editing !== undefined} trainer={editing ?? null} onClose={() => setEditing(undefined)} />
    </>
  );
}
