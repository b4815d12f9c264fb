// 工作周报, week by week: the current week (live) first, then the saved weeks, with the totals of
// the schools in the caller's scope; a row opens the week's per-school report.
import { WEEKLY_FIGURE_KEYS, type WeeklyListItem } from '@shixun/common';
import { Button, Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useWeeklyList } from './weekly.api';

export const fmtMoney = (n: number) =>
  n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export default function WeeklyReportsPage() {
  const { t } = useTranslation('weekly');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const { page } = usePaging(uq);
  const pageSize = uq.num('pageSize', 12) ?? 12;
  const list = useWeeklyList(page, pageSize);

  return (
    <div>
      <PageHeader title={t('title')} sub={t('sub')} />
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<WeeklyListItem>
          rowKey="weekStart"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 990 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
          onRow={(r) => ({ onClick: () => navigate(`/weekly-reports/${r.weekStart}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showTotal: (total) => tc('total', { total }),
            pageSizeOptions: [12, 26, 52],
            onChange: (p, ps) => uq.set({ page: p, pageSize: ps }),
          }}
          columns={[
            {
              title: t('week'),
              key: 'week',
              fixed: 'left',
              width: 200,
              render: (_: unknown, r) => (
                <div>
                  <Link
                    to={`/weekly-reports/${r.weekStart}`}
                    onClick={(e) => e.stopPropagation()}
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {t('range', { start: r.weekStart, end: r.weekEnd })}
                  </Link>
                  <div>{r.live ? <Tag color="processing">{t('live')}</Tag> : <Tag>{t('snapshot')}</Tag>}</div>
                </div>
              ),
            },
            ...WEEKLY_FIGURE_KEYS.map((k) => ({
              title: t(`figures.${k}`),
              key: k,
              align: 'right' as const,
              width: k === 'spending' ? 120 : 86,
              render: (_: unknown, r: WeeklyListItem) =>
                k === 'spending' ? fmtMoney(r.totals.spending) : fmtInt(r.totals[k]),
            })),
            {
              key: 'open',
              width: 64,
              fixed: 'right',
              render: (_: unknown, r) => (
                <Button type="link" size="small" onClick={() => navigate(`/weekly-reports/${r.weekStart}`)}>
                  {t('open')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
