// 培训者: the project's trainers from the pool with their role (主讲/助教); writers edit the list
// locally and save it as a whole (PUT replaces it).
import { PlusOutlined } from '@ant-design/icons';
import { type ProjectDetail, type ProjectTrainer, TRAINER_ROLES } from '@shixun/common';
import { Alert, App, Button, Empty, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSetProjectTrainers } from '../projects.api';
import { TrainerSelect } from './TrainerSelect';

export function TrainersTab({ project: p }: { project: ProjectDetail }) {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const save = useSetProjectTrainers(p.id);
  const [draft, setDraft] = useState<ProjectTrainer[] | null>(null);
  const [adding, setAdding] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editing = draft !== null;
  const rows = draft ?? p.trainers;
  const add = (id: number | null | undefined, option: unknown) => {
    if (!id || !draft) return;
    // the option carries the pool entry the select found (name, kind, organisation)
    const o = (Array.isArray(option) ? option[0] : option) as
      | { label?: string; kind?: ProjectTrainer['kind']; sub?: string | null; titleText?: string | null }
      | undefined;
    setDraft([
      ...draft,
      {
        trainerId: id,
        name: o?.label ?? `#${id}`,
        kind: o?.kind ?? 'county',
        organisation: o?.sub ?? null,
        title: o?.titleText ?? null,
        role: draft.some((d) => d.role === '主讲') ? '助教' : '主讲',
        active: true,
      },
    ]);
    setAdding(null);
  };

  const submit = async () => {
    if (!draft) return;
    setError(null);
    try {
      await save.mutateAsync(draft.map((d) => ({ trainerId: d.trainerId, role: d.role ?? '主讲' })));
      message.success(t('common:state.saved'));
      setDraft(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const columns: TableProps<ProjectTrainer>['columns'] = [
    {
      title: t('trainers.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <Space size={4}>
          {v}
          {!r.active && <Tag>{t('trainers.inactive')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('trainers.kind'),
      dataIndex: 'kind',
      render: (v: string) => <Tag color={v === 'external' ? 'purple' : 'blue'}>{t(`trainerKind.${v}`)}</Tag>,
    },
    { title: t('trainers.organisation'), dataIndex: 'organisation', render: (v: string | null) => v ?? '—' },
    { title: t('trainers.title'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
    {
      title: t('trainers.role'),
      dataIndex: 'role',
      render: (v: string | null, r) =>
        editing ? (
          <Select
            value={v ?? '主讲'}
            options={TRAINER_ROLES.map((x) => ({ value: x, label: t(`trainerRole.${x}`) }))}
            onChange={(role) => setDraft((d) => d!.map((x) => (x.trainerId === r.trainerId ? { ...x, role } : x)))}
            style={{ width: 100 }}
            aria-label={t('trainers.role')}
          />
        ) : (
          <Tag color={v === '助教' ? 'default' : 'geekblue'}>{t(`trainerRole.${v ?? '主讲'}`)}</Tag>
        ),
    },
    ...(editing
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            render: (_: unknown, r: ProjectTrainer) => (
              <Button
                type="link"
                size="small"
                danger
                onClick={() => setDraft((d) => d!.filter((x) => x.trainerId !== r.trainerId))}
              >
                {t('trainers.remove')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('trainers.tabHint')}</Typography.Text>
        {p.can.edit && !editing && (
          <Button onClick={() => setDraft(p.trainers)} data-testid="trainers-edit">
            {t('trainers.edit')}
          </Button>
        )}
        {editing && (
          <Space wrap>
            <TrainerSelect
              value={adding}
              exclude={draft.map((d) => d.trainerId)}
              onChange={(v, option) => add(v, option)}
              style={{ width: 260, maxWidth: '100%' }}
              placeholder={
                <span>
                  <PlusOutlined /> {t('trainers.add')}
                </span>
              }
            />
            <Button onClick={() => setDraft(null)}>{t('common:action.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={submit} data-testid="trainers-save">
              {t('common:action.save')}
            </Button>
          </Space>
        )}
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<ProjectTrainer>
        rowKey="trainerId"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={p.can.edit ? t('trainers.emptyWriter') : t('trainers.empty')}
            />
          ),
        }}
      />
    </div>
  );
}
