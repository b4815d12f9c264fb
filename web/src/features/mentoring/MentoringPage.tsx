// 青蓝工程 for admins: the pairs of my scope on the list page (filters in the URL, paging, export, direct pairing,
// the pair's page with its logs, checks and reviews), the two-way choice rounds, the counts per
// school, and — for the county — the pairing rules and 优秀师徒.
import { PlusOutlined } from '@ant-design/icons';
import { PAIR_STATUSES, type PairItem } from '@shixun/common';
import { Button, Card, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { PageHeader } from '../../components/PageHeader';
import { useUrlQuery } from '../../components/useUrlQuery';
import { thisYear, yearOptions } from '../../components/years';
import { useMe } from '../auth/auth.api';
import { MentoringStatsTab } from './MentoringStatsTab';
import { usePairs } from './mentoring.api';
import { PairDrawer } from './PairDrawer';
import { PairFormDrawer } from './PairFormDrawer';
import { RoundsTab } from './RoundsTab';
import { PairStatusTag, useTerm } from './shared';

export default function MentoringPage() {
  const { t } = useTranslation('mentoring');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const tab = uq.str('tab') ?? 'pairs';
  return (
    <div>
      <PageHeader title={t('title')} sub={t('sub')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => uq.set({ tab: k === 'pairs' ? null : k, year: uq.num('year') ?? null })}
          destroyOnHidden
          items={[
            { key: 'pairs', label: t('tab.pairs'), children: <PairsTab /> },
            { key: 'rounds', label: <span data-testid="tab-rounds">{t('tab.rounds')}</span>, children: <RoundsTab /> },
            {
              key: 'stats',
              label: t('tab.stats'),
              children: <MentoringStatsTab canSetRules={access.can('mentoring.select')} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

function PairsTab() {
  const { t } = useTranslation('mentoring');
  const term = useTerm();
  const access = accessOf(useMe().data);
  const url = useListUrl();
  const year = Number(url.get('year')) || thisYear();
  const [openId, setOpenId] = useState<number | null>(null);
  const [pairing, setPairing] = useState(false);

  const columns: ListColumn<PairItem>[] = [
    {
      key: 'mentor',
      title: t('col.mentor'),
      locked: true,
      render: (_, r) => (
        <span>
          {r.mentor.name}
          <br />
          <Typography.Text type="secondary">
            {r.mentor.schoolId === r.schoolId ? r.mentor.subject : `${r.mentor.schoolName} · ${r.mentor.subject}`}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'mentee',
      title: t('col.mentee'),
      locked: true,
      render: (_, r) => (
        <span>
          {r.mentee.name}
          <br />
          <Typography.Text type="secondary">{r.mentee.subject}</Typography.Text>
        </span>
      ),
    },
    { key: 'school', title: t('col.school'), dataIndex: 'schoolName', width: 200 },
    { key: 'term', title: t('col.term'), width: 150, render: (_, r) => term(r) },
    {
      key: 'logs',
      title: t('col.logs'),
      width: 190,
      render: (_, r) => (
        <span>
          {t('pair.logsValue', { n: r.logCount, hours: r.logHours })}
          <br />
          <Typography.Text type="secondary">
            {r.lastLogOn ? t('pair.lastLog', { date: fmtDate(r.lastLogOn) }) : t('pair.noLog')}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'yearend',
      title: t('col.yearend'),
      dataIndex: 'yearendResult',
      width: 90,
      render: (v: string | null) => v ?? '—',
    },
    {
      key: 'status',
      title: t('col.status'),
      width: 130,
      render: (_, r) => (
        <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
          <PairStatusTag status={r.status} />
          {r.excellentYear && <Tag color="gold">{t('pair.excellentTag', { year: r.excellentYear })}</Tag>}
          {r.source === 'choice' && <Tag>{t('pair.byChoice')}</Tag>}
        </span>
      ),
    },
  ];

  return (
    <>
      <ListPage<PairItem>
        id="mentoring-pairs"
        filters={[
          {
            type: 'select',
            name: 'year',
            label: t('filter.year'),
            width: 110,
            defaultValue: String(thisYear()),
            options: yearOptions(t).map((o) => ({ value: String(o.value), label: o.label })),
          },
          { type: 'school', name: 'schoolId', label: t('filter.school'), width: 220, hidden: access.schoolAdmin },
          {
            type: 'select',
            name: 'status',
            label: t('filter.status'),
            width: 120,
            options: PAIR_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          },
          {
            type: 'select',
            name: 'excellent',
            label: t('filter.excellent'),
            width: 130,
            options: [{ value: 'true', label: t('filter.excellentOnly') }],
          },
          { type: 'search', name: 'q', label: t('filter.search'), width: 200 },
        ]}
        useList={usePairs}
        exportPath="/api/mentoring/pairs/export"
        toolbar={
          access.can('mentoring.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setPairing(true)} data-testid="pair-create">
              {t('pair.create')}
            </Button>
          )
        }
        columns={columns}
        rowKey={(r) => r.id}
        empty={{ none: t('pair.empty', { year }), filtered: t('pair.emptyFiltered') }}
        tableProps={{
          size: 'middle',
          onRow: (r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } }),
        }}
      />
      <PairDrawer id={openId} onClose={() => setOpenId(null)} />
      <PairFormDrawer open={pairing} onClose={() => setPairing(false)} year={year} />
    </>
  );
}
