// 青蓝工程 for admins: the pairs of my scope (filters in the URL, paging, export, direct pairing,
// the pair's page with its logs, checks and reviews), the two-way choice rounds, the counts per
// school, and — for the county — the pairing rules and 优秀师徒.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { PAIR_STATUSES, type PairItem, type PairStatus } from '@shixun/common';
import { Button, Card, Input, Select, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { thisYear, yearOptions } from '../../components/years';
import { useMe } from '../auth/auth.api';
import { MentoringStatsTab } from './MentoringStatsTab';
import { exportPairs, type PairFilters, usePairs } from './mentoring.api';
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
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const filters: PairFilters = {
    year: uq.num('year') ?? thisYear(),
    schoolId: uq.num('schoolId'),
    status: uq.str('status') as PairStatus | undefined,
    excellent: uq.str('excellent') === 'true' ? 'true' : undefined,
    q: uq.str('q'),
  };
  const list = usePairs({ ...filters, page, pageSize });
  const [openId, setOpenId] = useState<number | null>(null);
  const [pairing, setPairing] = useState(false);
  const total = list.data?.total ?? 0;
  const filtered = !!(filters.schoolId || filters.status || filters.excellent || filters.q);

  return (
    <>
      <FilterBar>
        <Select<number>
          style={{ width: 110 }}
          value={filters.year}
          onChange={(v) => uq.set({ year: v })}
          options={yearOptions(t)}
          aria-label={t('filter.year')}
        />
        {!access.schoolAdmin && (
          <SchoolSelect style={{ width: 220 }} value={filters.schoolId} onChange={(v) => uq.set({ schoolId: v })} />
        )}
        <Select<PairStatus>
          allowClear
          style={{ width: 120 }}
          placeholder={t('filter.status')}
          value={filters.status}
          onChange={(v) => uq.set({ status: v })}
          options={PAIR_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Select<string>
          allowClear
          style={{ width: 130 }}
          placeholder={t('filter.excellent')}
          value={filters.excellent}
          onChange={(v) => uq.set({ excellent: v })}
          options={[{ value: 'true', label: t('filter.excellentOnly') }]}
        />
        <Input.Search
          allowClear
          style={{ width: 200 }}
          placeholder={t('filter.search')}
          defaultValue={filters.q}
          onSearch={(v) => uq.set({ q: v })}
        />
        <div style={{ flex: 1 }} />
        <Button icon={<DownloadOutlined />} disabled={total === 0} onClick={() => exportPairs(filters)}>
          {t('common:action.export')}
        </Button>
        {access.can('mentoring.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPairing(true)} data-testid="pair-create">
            {t('pair.create')}
          </Button>
        )}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<PairItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 980 }}
          locale={{ emptyText: filtered ? t('pair.emptyFiltered') : t('pair.empty', { year: filters.year }) }}
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
              title: t('col.mentor'),
              key: 'mentor',
              render: (_, r) => (
                <span>
                  {r.mentor.name}
                  <br />
                  <Typography.Text type="secondary">
                    {r.mentor.schoolId === r.schoolId
                      ? r.mentor.subject
                      : `${r.mentor.schoolName} · ${r.mentor.subject}`}
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: t('col.mentee'),
              key: 'mentee',
              render: (_, r) => (
                <span>
                  {r.mentee.name}
                  <br />
                  <Typography.Text type="secondary">{r.mentee.subject}</Typography.Text>
                </span>
              ),
            },
            { title: t('col.school'), dataIndex: 'schoolName', width: 200 },
            {
              title: t('col.term'),
              key: 'term',
              width: 150,
              render: (_, r) => term(r),
            },
            {
              title: t('col.logs'),
              key: 'logs',
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
              title: t('col.yearend'),
              dataIndex: 'yearendResult',
              width: 90,
              render: (v: string | null) => v ?? '—',
            },
            {
              title: t('col.status'),
              key: 'status',
              width: 130,
              render: (_, r) => (
                <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
                  <PairStatusTag status={r.status} />
                  {r.excellentYear && <Tag color="gold">{t('pair.excellentTag', { year: r.excellentYear })}</Tag>}
                  {r.source === 'choice' && <Tag>{t('pair.byChoice')}</Tag>}
                </span>
              ),
            },
          ]}
        />
      )}
      <PairDrawer id={openId} onClose={() => setOpenId(null)} />
      <PairFormDrawer open={pairing} onClose={() => setPairing(false)} year={filters.year ?? thisYear()} />
    </>
  );
}
