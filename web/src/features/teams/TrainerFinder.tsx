// Find a trainer by subject and stage (and kind, team or name): sessions taught, hours, the latest
// satisfaction and team membership; export what the filters show; a trainer's record by year and
// project, and (for the county) the subjects and stages they teach.
import { DownloadOutlined } from '@ant-design/icons';
import { STAGES, SUBJECTS, type TrainerRecordItem } from '@shixun/common';
import { App, Button, Descriptions, Drawer, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import {
  exportTrainerRecords,
  type RecordFilters,
  useSetSpecialities,
  useTeams,
  useTrainerRecord,
  useTrainerRecords,
} from './teams.api';

export function TrainerFinder() {
  const { t } = useTranslation('teams');
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const teams = useTeams();
  const filters: RecordFilters = {
    subject: uq.str('subject'),
    stage: uq.str('stage'),
    kind: uq.str('kind') as RecordFilters['kind'],
    teamId: uq.num('teamId'),
    q: uq.str('q'),
  };
  const list = useTrainerRecords({ ...filters, page, pageSize });
  const [openId, setOpenId] = useState<number | null>(null);
  const total = list.data?.total ?? 0;
  const filtered = Object.values(filters).some((v) => v != null && v !== '');

  return (
    <>
      <FilterBar>
        <Select<string>
          allowClear
          showSearch
          style={{ width: 140 }}
          placeholder={t('finder.subject')}
          value={filters.subject}
          onChange={(v) => uq.set({ subject: v })}
          options={SUBJECTS.map((s) => ({ value: s, label: t(`common:enum.${s}`) }))}
        />
        <Select<string>
          allowClear
          style={{ width: 120 }}
          placeholder={t('finder.stage')}
          value={filters.stage}
          onChange={(v) => uq.set({ stage: v })}
          options={STAGES.map((s) => ({ value: s, label: t(`common:enum.${s}`) }))}
        />
        <Select<string>
          allowClear
          style={{ width: 130 }}
          placeholder={t('finder.kind')}
          value={filters.kind}
          onChange={(v) => uq.set({ kind: v })}
          options={[
            { value: 'external', label: t('kind.external') },
            { value: 'county', label: t('kind.county') },
          ]}
        />
        <Select<number>
          allowClear
          style={{ width: 200 }}
          placeholder={t('finder.team')}
          value={filters.teamId}
          onChange={(v) => uq.set({ teamId: v })}
          options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
        />
        <Input.Search
          allowClear
          style={{ width: 200 }}
          placeholder={t('finder.search')}
          defaultValue={filters.q}
          onSearch={(v) => uq.set({ q: v })}
        />
        <div style={{ flex: 1 }} />
        <Button icon={<DownloadOutlined />} disabled={total === 0} onClick={() => exportTrainerRecords(filters)}>
          {t('common:action.export')}
        </Button>
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<TrainerRecordItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1000 }}
          locale={{ emptyText: filtered ? t('finder.emptyFiltered') : t('finder.empty') }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize,
            total,
            showTotal: (n) => t('common:total', { total: fmtInt(n) }),
            onChange: (p, ps) => uq.set({ page: p, pageSize: ps }),
          }}
          columns={[
            {
              title: t('finder.name'),
              key: 'name',
              width: 200,
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
              title: t('finder.teaches'),
              key: 'teaches',
              render: (_, r) => [...r.stages, ...r.subjects].join('、') || '—',
            },
            { title: t('finder.sessions'), dataIndex: 'sessionsTaught', width: 90 },
            { title: t('finder.hours'), dataIndex: 'hoursTaught', width: 90 },
            {
              title: t('finder.satisfaction'),
              key: 'sat',
              width: 120,
              render: (_, r) =>
                r.satisfaction
                  ? t('finder.satisfactionValue', { score: r.satisfaction.score, year: r.satisfaction.year })
                  : '—',
            },
            {
              title: t('finder.teams'),
              key: 'teams',
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
          ]}
        />
      )}
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
                options={SUBJECTS.map((s) => ({ value: s, label: s }))}
              />
              <Select
                mode="multiple"
                style={{ minWidth: 180 }}
                placeholder={t('finder.stage')}
                value={stages}
                onChange={setStages}
                options={STAGES.map((s) => ({ value: s, label: s }))}
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
