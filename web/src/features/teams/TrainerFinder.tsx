// Find a trainer by subject and stage (and kind, team or name) on the list page: sessions taught,
// hours, the latest satisfaction and team membership; export what the filters show; a trainer's
// record by year and project, and (for the county) the subjects and stages they teach.
import type { TrainerRecordItem } from '@shixun/common';
import { App, Button, Descriptions, Drawer, Grid, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { PageError } from '../../components/PageState';
import { useMe } from '../auth/auth.api';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { useSetSpecialities, useTeams, useTrainerRecord, useTrainerRecords } from './teams.api';

export function TrainerFinder() {
  const { t } = useTranslation('teams');
  const url = useListUrl();
  const teams = useTeams();
  // The county's subjects and stages (数据字典); a value in the URL stays selectable.
  const subjects = useDictionaryOptions('subject', [url.get('subject')]);
  const stages = useDictionaryOptions('stage', [url.get('stage')]);
  const [openId, setOpenId] = useState<number | null>(null);
  const dictOptions = (options: Array<{ value: string }>) =>
    options.map((o) => ({ value: o.value, label: t(`common:enum.${o.value}`, { defaultValue: o.value }) }));

  const columns: ListColumn<TrainerRecordItem>[] = [
    {
      key: 'name',
      title: t('finder.name'),
      width: 200,
      locked: true,
      render: (_, r) => (
        <span>
          {r.name} {!r.active && <Tag>{t('inactive')}</Tag>}
          <br />
          <Typography.Text type="secondary">
            {[t(`kind.${r.kind}`), r.organisation, r.title].filter(Boolean).join(' · ')}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'teaches',
      title: t('finder.teaches'),
      render: (_, r) => [...r.stages, ...r.subjects].join('、') || '—',
    },
    { key: 'sessions', title: t('finder.sessions'), dataIndex: 'sessionsTaught', width: 90 },
    { key: 'hours', title: t('finder.hours'), dataIndex: 'hoursTaught', width: 90 },
    {
      key: 'sat',
      title: t('finder.satisfaction'),
      width: 120,
      render: (_, r) =>
        r.satisfaction
          ? t('finder.satisfactionValue', { score: r.satisfaction.score, year: r.satisfaction.year })
          : '—',
    },
    {
      key: 'teams',
      title: t('finder.teams'),
      width: 220,
      render: (_, r) =>
        r.teams.length
          ? r.teams.map((x) => (
              <Tag key={x.id} color={x.role === '负责人' ? 'gold' : undefined}>
                {x.name}
              </Tag>
            ))
          : '—',
    },
  ];

  return (
    <>
      <ListPage<TrainerRecordItem>
        id="trainer-records"
        filters={[
          {
            type: 'select',
            name: 'subject',
            label: t('finder.subject'),
            width: 140,
            showSearch: true,
            loading: subjects.loading,
            options: dictOptions(subjects.options),
          },
          {
            type: 'select',
            name: 'stage',
            label: t('finder.stage'),
            width: 120,
            loading: stages.loading,
            options: dictOptions(stages.options),
          },
          {
            type: 'select',
            name: 'kind',
            label: t('finder.kind'),
            width: 130,
            options: [
              { value: 'external', label: t('kind.external') },
              { value: 'county', label: t('kind.county') },
            ],
          },
          {
            type: 'select',
            name: 'teamId',
            label: t('finder.team'),
            width: 200,
            loading: teams.isLoading,
            options: (teams.data?.items ?? []).map((x) => ({ value: String(x.id), label: x.name })),
          },
          { type: 'search', name: 'q', label: t('finder.search'), width: 200 },
        ]}
        toParams={(v) => ({ subject: v.subject, stage: v.stage, kind: v.kind, teamId: v.teamId, q: v.q })}
        useList={useTrainerRecords}
        exportPath="/api/trainer-records/export"
        columns={columns}
        rowKey={(r) => r.id}
        empty={{ none: t('finder.empty'), filtered: t('finder.emptyFiltered') }}
        tableProps={{
          size: 'middle',
          onRow: (r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } }),
        }}
      />
      <RecordDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

function RecordDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation('teams');
  const { message } = App.useApp();
  const access = accessOf(useMe().data);
  const mobile = !Grid.useBreakpoint().md;
  const rec = useTrainerRecord(id);
  const save = useSetSpecialities(id ?? 0);
  const r = rec.data;
  const [subjects, setSubjects] = useState<string[]>([]);
  const [stages, setStages] = useState<string[]>([]);
  const subjectOptions = useDictionaryOptions('subject', subjects);
  const stageOptions = useDictionaryOptions('stage', stages);
  useEffect(() => {
    if (r) {
      setSubjects(r.subjects);
      setStages(r.stages);
    }
  }, [r]);
  return (
    <Drawer
      open={id != null}
      onClose={onClose}
      size={mobile ? '100%' : 680}
      title={r?.name ?? t('finder.record')}
      destroyOnHidden
    >
      {rec.error && !r && <PageError error={rec.error} onRetry={() => rec.refetch()} />}
      {r && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label={t('finder.kind')}>{t(`kind.${r.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('finder.organisation')}>{r.organisation ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('finder.titleCol')}>{r.title ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('finder.expertise')}>{r.expertise ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('finder.sessions')}>{r.sessionsTaught}</Descriptions.Item>
            <Descriptions.Item label={t('finder.hours')}>{r.hoursTaught}</Descriptions.Item>
            <Descriptions.Item label={t('finder.teams')} span={2}>
              {r.teams.map((x) => `${x.name}（${t(`role.${x.role}`)}）`).join('；') || '—'}
            </Descriptions.Item>
          </Descriptions>
          {access.can('trainers.write') ? (
            <Space wrap>
              <Select
                mode="multiple"
                style={{ minWidth: 220 }}
                placeholder={t('finder.subject')}
                value={subjects}
                onChange={setSubjects}
                options={subjectOptions.options}
              />
              <Select
                mode="multiple"
                style={{ minWidth: 180 }}
                placeholder={t('finder.stage')}
                value={stages}
                onChange={setStages}
                options={stageOptions.options}
              />
              <Button
                loading={save.isPending}
                onClick={async () => {
                  try {
                    await save.mutateAsync({ subjects, stages });
                    message.success(t('saved'));
                  } catch (e) {
                    message.error((e as Error).message);
                  }
                }}
              >
                {t('finder.saveSpecialities')}
              </Button>
            </Space>
          ) : (
            <Typography.Text>{[...r.stages, ...r.subjects].join('、') || '—'}</Typography.Text>
          )}
          <div>
            <Typography.Title level={5}>{t('finder.byYear')}</Typography.Title>
            <Table
              size="small"
              rowKey="year"
              pagination={false}
              dataSource={r.years}
              scroll={{ x: 480 }}
              locale={{ emptyText: t('finder.noTeaching') }}
              columns={[
                { title: t('stats.year'), dataIndex: 'year', width: 80 },
                { title: t('finder.projects'), dataIndex: 'projects', width: 80 },
                { title: t('finder.sessions'), dataIndex: 'sessions', width: 80 },
                { title: t('finder.hours'), dataIndex: 'hours', width: 80 },
                {
                  title: t('finder.satisfaction'),
                  key: 's',
                  render: (_, y) =>
                    y.satisfaction == null
                      ? '—'
                      : t('finder.satisfactionResponses', { score: y.satisfaction, n: y.responses }),
                },
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('finder.projectList')}</Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={r.projects}
              scroll={{ x: 480 }}
              locale={{ emptyText: t('finder.noTeaching') }}
              columns={[
                { title: t('stats.year'), dataIndex: 'year', width: 70 },
                { title: t('finder.project'), dataIndex: 'name' },
                { title: t('finder.level'), dataIndex: 'level', width: 80 },
                { title: t('finder.sessions'), dataIndex: 'sessions', width: 70 },
                { title: t('finder.hours'), dataIndex: 'hours', width: 70 },
              ]}
            />
          </div>
        </Space>
      )}
    </Drawer>
  );
}
