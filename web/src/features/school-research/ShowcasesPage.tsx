// 教联体联合展示: per consortium, the joint themed showcases required this year (a county setting),
// held, with evidence, and who is behind; below, the showcases themselves (hosted by core schools
// with their member schools), each opening to its activity.
import type { ActivitySummary, ComplianceConsortium } from '@shixun/common';
import { Button, Card, Empty, Select, Table, type TableProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useActivities, useCompliance } from './school-research.api';
import { ActivityStatusTag, FlagTags, fmtDay, fmtWhen, thisYear, yearOptions } from './shared';

export default function ShowcasesPage() {
  const { t, i18n } = useTranslation('research');
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const year = uq.num('year') ?? thisYear();
  const consortiumId = uq.num('consortiumId');
  const comp = useCompliance({ year });
  const list = useActivities({ year, kind: 'showcase', consortiumId, page, pageSize });

  const consCols: TableProps<ComplianceConsortium>['columns'] = [
    {
      title: t('comp.consortium'),
      dataIndex: 'consortiumName',
      render: (v: string, r) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => uq.set({ consortiumId: r.consortiumId === consortiumId ? undefined : r.consortiumId })}
        >
          {v}
        </Button>
      ),
    },
    { title: t('comp.core'), dataIndex: 'coreSchoolName', render: (v: string | null) => v ?? '—' },
    { title: t('comp.required'), dataIndex: 'required', align: 'right' },
    { title: t('comp.held'), dataIndex: 'held', align: 'right' },
    { title: t('comp.withEvidence'), dataIndex: 'withEvidence', align: 'right' },
    {
      title: t('comp.lastHeld'),
      dataIndex: 'lastHeldAt',
      render: (v: string | null) => (v ? fmtDay(v, i18n.language) : '—'),
    },
    {
      title: t('col.status'),
      dataIndex: 'behind',
      render: (v: boolean) =>
        v ? <Tag color="error">{t('comp.behind')}</Tag> : <Tag color="success">{t('comp.met')}</Tag>,
    },
  ];
  const actCols: TableProps<ActivitySummary>['columns'] = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      render: (v: string, r) => <Link to={`/school-research/activities/${r.id}`}>{v}</Link>,
    },
    { title: t('comp.consortium'), dataIndex: 'consortiumName' },
    { title: t('comp.core'), dataIndex: 'schoolName' },
    { title: t('col.type'), dataIndex: 'type', render: (v: string) => <Tag>{v}</Tag> },
    { title: t('col.when'), key: 'when', render: (_, r) => fmtWhen(r.startsAt, r.endsAt, i18n.language) },
    { title: t('col.participants'), dataIndex: 'participants', align: 'right', render: fmtInt },
    { title: t('col.evidence'), dataIndex: 'evidence', align: 'right', render: fmtInt },
    {
      title: t('col.status'),
      dataIndex: 'status',
      render: (v: ActivitySummary['status']) => <ActivityStatusTag status={v} />,
    },
    { title: t('col.flags'), dataIndex: 'flags', render: (v: ActivitySummary['flags']) => <FlagTags flags={v} /> },
  ];

  return (
    <div>
      <PageHeader title={t('showcases.title')} sub={t('showcases.sub')} />
      <FilterBar>
        <Select value={year} options={yearOptions()} onChange={(v) => uq.set({ year: v })} style={{ width: 100 }} />
      </FilterBar>
      {comp.error && !comp.data ? (
        <PageError error={comp.error} onRetry={() => comp.refetch()} />
      ) : (
        <Card size="small" title={t('showcases.byConsortium')} style={{ marginBottom: 16 }}>
          <Table<ComplianceConsortium>
            rowKey="consortiumId"
            size="small"
            columns={consCols}
            dataSource={comp.data?.consortia}
            loading={comp.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={false}
            rowClassName={(r) => (r.consortiumId === consortiumId ? 'ant-table-row-selected' : '')}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('showcases.noConsortia')} />,
            }}
            data-testid="showcases-consortia"
          />
        </Card>
      )}
      <Card
        size="small"
        title={
          consortiumId
            ? t('showcases.listOf', {
                name: comp.data?.consortia.find((c) => c.consortiumId === consortiumId)?.consortiumName ?? '',
              })
            : t('showcases.list')
        }
        extra={
          consortiumId ? (
            <Button type="link" size="small" onClick={() => uq.set({ consortiumId: undefined })}>
              {t('showcases.all')}
            </Button>
          ) : null
        }
      >
        {list.error && !list.data ? (
          <PageError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<ActivitySummary>
            rowKey="id"
            size="small"
            columns={actCols}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('showcases.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              hideOnSinglePage: true,
              onChange: (p, s) => uq.set({ page: p, pageSize: s }),
            }}
          />
        )}
      </Card>
    </div>
  );
}
