// 学时进度: who is behind — every in-service teacher in the caller's scope against the cycle and
// the year, filtered by school, area and status, most behind first; ready for 定期注册 marked;
// exportable as .xlsx with the same filters.
import { DownloadOutlined } from '@ant-design/icons';
import { PROGRESS_FILTERS, type ProgressFilter, type ProgressRow } from '@shixun/common';
import { Button, Card, Input, Select, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAreas } from '../org/org.api';
import { exportProgress, useCurrentCycle, useProgressList } from './credits.api';
import { CycleSelect, gapSentences, STATUS_COLOR } from './ProgressView';

const n1 = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export default function ProgressPage() {
  const { t } = useTranslation('credits');
  const me = useMe();
  const access = accessOf(me.data);
  const uq = useUrlQuery();
  const paging = usePaging(uq);
  const statusParam = uq.str('status');
  const status: ProgressFilter = (PROGRESS_FILTERS as readonly string[]).includes(statusParam ?? '')
    ? (statusParam as ProgressFilter)
    : 'at_risk';
  const filters = {
    cycle: uq.num('cycle'),
    schoolId: uq.num('schoolId'),
    areaId: uq.num('areaId'),
    status,
    q: uq.str('q'),
  };
  const list = useProgressList({ ...filters, ...paging });
  const current = useCurrentCycle();
  const areas = useAreas(access.countyWide);
  const d = list.data;
  const unit = d ? t(`unit.${d.unit}`) : '';

  const columns = [
    {
      title: t('list.name'),
      dataIndex: 'name',
      width: 100,
      render: (_: string, r: ProgressRow) => <Link to={`/credit/teachers/${r.teacherId}`}>{r.name}</Link>,
    },
    { title: t('list.school'), dataIndex: 'schoolName', width: 160, ellipsis: true },
    {
      title: t('list.counted'),
      key: 'counted',
      width: 120,
      render: (_: unknown, r: ProgressRow) => (
        <span>
          <b>{n1(r.counted)}</b> / {n1(r.required)}
        </span>
      ),
    },
    {
      title: (
        <Tooltip title={t('list.paceHint')}>
          <span style={{ borderBottom: '1px dashed' }}>{t('list.pace')}</span>
        </Tooltip>
      ),
      key: 'pace',
      width: 120,
      render: (_: unknown, r: ProgressRow) => (
        <span>
          {n1(r.expected)}
          {r.behind > 0 && (
            <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
              {t('list.behindBy', { n: n1(r.behind) })}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('list.thisYear'),
      key: 'thisYear',
      width: 100,
      render: (_: unknown, r: ProgressRow) =>
        r.annualMinimum == null ? (
          n1(r.thisYear)
        ) : (
          <Typography.Text type={r.thisYear < r.annualMinimum ? 'warning' : undefined}>
            {n1(r.thisYear)} / {n1(r.annualMinimum)}
          </Typography.Text>
        ),
    },
    {
      title: t('list.status'),
      key: 'status',
      width: 150,
      render: (_: unknown, r: ProgressRow) => (
        <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
          <Tag color={STATUS_COLOR[r.status]}>{t(`status.${r.status}`)}</Tag>
          {r.readyForRegistration && <Tag color="success">{t('list.ready')}</Tag>}
          {!r.ethicsClean && <Tag color="red">{t('progress.ethicsViolation')}</Tag>}
        </span>
      ),
    },
    {
      title: t('list.missing'),
      key: 'missing',
      render: (_: unknown, r: ProgressRow) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {list.data &&
            gapSentences(t, { gaps: r.gaps, unit: list.data.unit, cycle: list.data.cycle }).join(
              t('list.gapSeparator'),
            )}
        </Typography.Text>
      ),
    },
  ];

  const stat = (title: string, value: number | undefined, color?: string, to?: ProgressFilter) => (
    <Card
      size="small"
      hoverable={!!to}
      onClick={to ? () => uq.set({ status: to }) : undefined}
      style={{ flex: '1 1 120px', cursor: to ? 'pointer' : undefined }}
    >
      <Statistic title={title} value={value ?? '—'} styles={{ content: { color } }} />
    </Card>
  );

  return (
    <div>
      <PageHeader
        title={t('list.title')}
        sub={t('list.sub')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={() => exportProgress(filters)}
            disabled={!d || d.total === 0}
            data-testid="progress-export"
          >
            {t('common:action.export')}
          </Button>
        }
      />
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', marginBottom: 16 }}>
        {stat(t('list.teachers'), d?.summary.teachers, undefined, 'all')}
        {stat(t('list.notMet'), d?.summary.notMet, '#cf1322', 'not_met')}
        {stat(t('list.behindCycle'), d?.summary.behindCycle, '#d4380d', 'behind_cycle')}
        {stat(t('list.behindYear'), d?.summary.behindYear, '#d46b08', 'behind_year')}
        {stat(t('list.complete'), d?.summary.complete, '#389e0d', 'complete')}
        {stat(t('list.ready'), d?.summary.ready, '#389e0d', 'ready')}
      </div>
      <FilterBar>
        {current && (
          <CycleSelect
            value={d?.cycle.start ?? current.start}
            current={current}
            onChange={(start) => uq.set({ cycle: start === current.start ? undefined : start })}
          />
        )}
        <Select
          value={status}
          onChange={(v) => uq.set({ status: v })}
          options={PROGRESS_FILTERS.map((f) => ({ value: f, label: t(`list.filter.${f}`) }))}
          style={{ width: 200 }}
          aria-label={t('list.status')}
          data-testid="status-filter"
        />
        {access.countyWide && (
          <Select
            allowClear
            value={filters.areaId}
            placeholder={t('list.areaAll')}
            onChange={(v) => uq.set({ areaId: v })}
            options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            style={{ width: 160 }}
            aria-label={t('list.area')}
          />
        )}
        {!access.schoolAdmin && (
          <SchoolSelect
            value={filters.schoolId}
            onChange={(v) => uq.set({ schoolId: v })}
            style={{ width: 220 }}
            aria-label={t('list.school')}
          />
        )}
        <Input.Search
          allowClear
          defaultValue={filters.q}
          placeholder={t('list.search')}
          onSearch={(v) => uq.set({ q: v.trim() })}
          style={{ width: 180 }}
        />
      </FilterBar>
      {list.error && !d ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<ProgressRow>
          rowKey="teacherId"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={d?.items ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('list.empty') }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: d?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
            onChange: (page, pageSize) => uq.set({ page, pageSize }),
          }}
          title={() =>
            d && (
              <Typography.Text type="secondary">
                {t('progress.cycle', { start: d.cycle.start, end: d.cycle.end })} · {unit}
              </Typography.Text>
            )
          }
        />
      )}
    </div>
  );
}
