// Three-tier training teams (县级、教联体、学校) built from the trainer pool, the trainer finder (by
// subject, stage, kind and team, with sessions taught, hours, satisfaction and teams; export), and
// the yearly count of invited external experts vs county trainers.
import { PlusOutlined } from '@ant-design/icons';
import { TEAM_TIERS, type TeamItem, type TeamTier } from '@shixun/common';
import { Button, Card, Col, Empty, Row, Segmented, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { thisYear } from '../../components/years';
import { useMe } from '../auth/auth.api';
import { TeamDrawer } from './TeamDrawer';
import { TrainerFinder } from './TrainerFinder';
import { useTeams, useTrainerStats } from './teams.api';

export default function TeamsPage() {
  const { t } = useTranslation('teams');
  const uq = useUrlQuery();
  const tab = uq.str('tab') ?? 'teams';
  return (
    <div>
      <PageHeader title={t('title')} sub={t('sub')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          destroyOnHidden
          onChange={(k) => uq.set({ tab: k === 'teams' ? null : k })}
          items={[
            { key: 'teams', label: t('tab.teams'), children: <TeamsTab /> },
            {
              key: 'finder',
              label: <span data-testid="tab-finder">{t('tab.finder')}</span>,
              children: <TrainerFinder />,
            },
            { key: 'stats', label: t('tab.stats'), children: <StatsTab /> },
          ]}
        />
      </Card>
    </div>
  );
}

function TeamsTab() {
  const { t } = useTranslation('teams');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const tier = uq.str('tier') as TeamTier | undefined;
  const teams = useTeams(tier);
  const [editing, setEditing] = useState<TeamItem | 'new' | null>(null);
  if (teams.isLoading) return <PageLoading />;
  if (teams.error || !teams.data) return <PageError error={teams.error} onRetry={() => teams.refetch()} />;
  const items = teams.data.items;
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', marginBottom: 16 }}>
        <Segmented<string>
          value={tier ?? 'all'}
          onChange={(v) => uq.set({ tier: v === 'all' ? null : v })}
          options={[
            { value: 'all', label: t('tier.all') },
            ...TEAM_TIERS.map((k) => ({ value: k, label: t(`tier.${k}`) })),
          ]}
        />
        {access.can('teams.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('create')}
          </Button>
        )}
      </div>
      {items.length === 0 ? (
        <Empty description={t('empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          {items.map((team) => (
            <Col key={team.id} xs={24} md={12} xl={8}>
              <Card
                size="small"
                title={
                  <Space size={6}>
                    <Tag color={team.tier === 'county' ? 'red' : team.tier === 'consortium' ? 'blue' : 'green'}>
                      {t(`tier.${team.tier}`)}
                    </Tag>
                    <span>{team.name}</span>
                  </Space>
                }
                extra={
                  team.can.manage && (
                    <Button type="link" size="small" onClick={() => setEditing(team)}>
                      {t('manage')}
                    </Button>
                  )
                }
                style={{ height: '100%', opacity: team.active ? 1 : 0.6 }}
              >
                {(team.ownerName || !team.active) && (
                  <Typography.Text type="secondary">
                    {[team.ownerName, team.active ? null : t('inactive')].filter(Boolean).join(' · ')}
                  </Typography.Text>
                )}
                {team.note && <Typography.Paragraph style={{ margin: '4px 0 0' }}>{team.note}</Typography.Paragraph>}
                <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                  {team.members.length === 0 && <Typography.Text type="secondary">{t('noMembers')}</Typography.Text>}
                  {team.members.map((m) => (
                    <Tag key={m.trainerId} color={m.role === '负责人' ? 'gold' : undefined}>
                      {m.name}
                      {m.kind === 'external' ? ` · ${t('kind.external')}` : ''}
                    </Tag>
                  ))}
                </div>
                <Button
                  type="link"
                  size="small"
                  style={{ paddingInline: 0, marginTop: 4 }}
                  onClick={() => uq.set({ tab: 'finder', teamId: team.id, tier: null })}
                >
                  {t('viewRecords', { n: team.members.length })}
                </Button>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <TeamDrawer team={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function StatsTab() {
  const { t } = useTranslation('teams');
  const y = thisYear();
  const years = [y, y - 1, y - 2, y - 3, y - 4];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('stats.hint')}</Typography.Text>
      <ThisYear year={y} />
      <Table
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={years.map((year) => ({ year }))}
        scroll={{ x: 520 }}
        columns={[
          { title: t('stats.year'), dataIndex: 'year', width: 90 },
          { title: t('stats.external'), key: 'e', render: (_, r) => <YearCell year={r.year} k="external" /> },
          { title: t('stats.county'), key: 'c', render: (_, r) => <YearCell year={r.year} k="county" /> },
          { title: t('stats.total'), key: 't', render: (_, r) => <YearCell year={r.year} k="total" /> },
          { title: t('stats.sessions'), key: 's', render: (_, r) => <YearCell year={r.year} k="sessions" /> },
        ]}
      />
    </Space>
  );
}

function ThisYear({ year }: { year: number }) {
  const { t } = useTranslation('teams');
  const s = useTrainerStats(year);
  if (!s.data) return null;
  return (
    <Row gutter={[12, 12]}>
      {(['external', 'county', 'total', 'sessions'] as const).map((k) => (
        <Col key={k} flex="1 1 150px">
          <Card size="small">
            <Statistic title={`${year} · ${t(`stats.${k}`)}`} value={s.data[k]} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function YearCell({ year, k }: { year: number; k: 'external' | 'county' | 'total' | 'sessions' }) {
  const s = useTrainerStats(year);
  return <>{s.data ? s.data[k] : '…'}</>;
}
