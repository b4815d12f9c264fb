// 领导看板 (/reports/dashboard?year=&areaId=&schoolId=): the year at a glance for the bureau leader
// and the county — person-times, coverage, pass rate, 送培率, what needs attention (teachers
// untrained this year, behind on hours, schools below target) — the five-level table over five
// years as a chart and a table, and breakdowns by rural/urban, stage, subject, category, mode, age
// and years of service. Every figure opens the list behind it.
import { RightOutlined } from '@ant-design/icons';
import {
  BREAKDOWN_DIMENSIONS,
  type BreakdownDimension,
  type BreakdownRow,
  type Dashboard,
  LEVEL_KEYS,
  LEVELS,
  TEACHER_DIMENSIONS,
} from '@shixun/common';
import { Card, Col, Empty, Row, Segmented, Select, Skeleton, Table, type TableProps, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt, fmtRate } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAreas } from '../org/org.api';
import { BreakdownChart, TrendChart } from './charts';
import { useBreakdowns, useDashboard } from './reports.api';

const thisYear = () => new Date().getFullYear();

/** The query string of a drill-down list: the dashboard's filters plus the figure's own. */
const qs = (base: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(base)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
};

function Kpi({
  title,
  value,
  sub,
  to,
  tone,
  testId,
}: {
  title: string;
  value: ReactNode;
  sub?: ReactNode;
  to?: string;
  tone?: 'warn' | 'bad';
  testId?: string;
}) {
  const body = (
    <Card size="small" hoverable={!!to} style={{ height: '100%' }} data-testid={testId}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div
        data-testid={testId ? `${testId}-value` : undefined}
        style={{
          fontSize: 26,
          fontWeight: 600,
          lineHeight: 1.4,
          color: tone === 'bad' ? '#cf1322' : tone === 'warn' ? '#ad4e00' : undefined,
        }}
      >
        {value}
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, minHeight: 22 }}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {sub}
        </Typography.Text>
        {to && <RightOutlined style={{ color: '#8c8c8c', alignSelf: 'center' }} />}
      </div>
    </Card>
  );
  return to ? <Link to={to}>{body}</Link> : body;
}

export default function LeaderDashboardPage() {
  const { t } = useTranslation('reports');
  const me = useMe().data;
  const access = accessOf(me);
  const uq = useUrlQuery();
  const year = uq.num('year') ?? thisYear();
  const areaId = access.countyWide ? uq.num('areaId') : undefined;
  const schoolId = uq.num('schoolId');
  const filter = { year, areaId, schoolId };
  const d = useDashboard(filter);
  const areas = useAreas(access.countyWide);

  return (
    <div>
      <PageHeader
        title={t('dashboard.title')}
        sub={t('dashboard.sub', { name: me?.areaName ?? me?.regionName ?? '' })}
        extra={
          <Select
            value={year}
            aria-label={t('summary.year')}
            options={Array.from({ length: 6 }, (_, i) => thisYear() - i).map((y) => ({
              value: y,
              label: t('summary.yearOf', { year: y }),
            }))}
            onChange={(v) => uq.set({ year: v === thisYear() ? undefined : v })}
            style={{ width: 130 }}
          />
        }
      />
      <FilterBar>
        {access.countyWide && (
          <Select
            value={areaId}
            allowClear
            placeholder={t('dashboard.allAreas')}
            options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            onChange={(v) => uq.set({ areaId: v, schoolId: undefined })}
            style={{ width: 170 }}
          />
        )}
        <SchoolSelect value={schoolId} allowClear onChange={(v) => uq.set({ schoolId: v })} style={{ width: 240 }} />
      </FilterBar>
      {d.isLoading ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : !d.data ? (
        <PageError error={d.error} onRetry={() => d.refetch()} />
      ) : (
        <Body d={d.data} filter={filter} />
      )}
    </div>
  );
}

function Body({ d, filter }: { d: Dashboard; filter: { year: number; areaId?: number; schoolId?: number } }) {
  const { t } = useTranslation('reports');
  const navigate = useNavigate();
  const s = d.summary;
  const list = (extra: Record<string, string | number | undefined> = {}) =>
    `/reports/person-times?${qs({ ...filter, ...extra })}`;
  const below = `/reports/schools-below-target?${qs(filter)}`;
  const coverageLow = s.coverageRate < d.targets.coverage;
  const passLow = s.counts.assessed > 0 && s.passRate < d.targets.pass;
  const sendLow = d.sendRate.quota > 0 && d.sendRate.rate < d.targets.send;

  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8} xl={4}>
          <Kpi
            title={t('dashboard.personTimes')}
            value={fmtInt(s.personTimes.total)}
            sub={t('dashboard.online', { n: fmtInt(s.onlinePersonTimes) })}
            to={list()}
            testId="kpi-person-times"
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Kpi
            title={t('dashboard.coverage')}
            value={fmtRate(s.coverageRate)}
            sub={t('dashboard.trained', { n: fmtInt(s.teachersTrained), of: fmtInt(s.teacherCount) })}
            to={`/reports/untrained?${qs(filter)}`}
            tone={coverageLow ? 'warn' : undefined}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Kpi
            title={t('dashboard.pass')}
            value={s.counts.assessed ? fmtRate(s.passRate) : '—'}
            sub={t('dashboard.assessed', { n: fmtInt(s.counts.assessed) })}
            to={list()}
            tone={passLow ? 'warn' : undefined}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Kpi
            title={t('dashboard.sendRate')}
            value={d.sendRate.quota ? fmtRate(d.sendRate.rate) : '—'}
            sub={t('dashboard.sent', { n: fmtInt(d.sendRate.filled), of: fmtInt(d.sendRate.quota) })}
            to={below}
            tone={sendLow ? 'warn' : undefined}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Kpi
            title={t('dashboard.untrained')}
            value={fmtInt(d.atRisk.untrained)}
            sub={t('dashboard.untrainedSub')}
            to={`/reports/untrained?${qs(filter)}`}
            tone={d.atRisk.untrained > 0 ? 'bad' : undefined}
            testId="kpi-untrained"
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Kpi
            title={t('dashboard.behind')}
            value={fmtInt(d.atRisk.behindHours)}
            sub={t('dashboard.behindSub')}
            to={`/credit/progress?${qs({ status: 'at_risk', areaId: filter.areaId, schoolId: filter.schoolId })}`}
            tone={d.atRisk.behindHours > 0 ? 'warn' : undefined}
          />
        </Col>
      </Row>
      {d.atRisk.schoolsBelowTarget > 0 && (
        <Link to={below}>
          <Card size="small" style={{ marginBottom: 16, borderColor: '#ffd591', background: '#fff7e6' }} hoverable>
            <Typography.Text>
              {t('dashboard.belowTarget', {
                n: d.atRisk.schoolsBelowTarget,
                coverage: fmtRate(d.targets.coverage),
                pass: fmtRate(d.targets.pass),
              })}
            </Typography.Text>{' '}
            <RightOutlined />
          </Card>
        </Link>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={14}>
          <Card size="small" title={t('dashboard.trend')}>
            <TrendChart
              years={d.trend.map((x) => x.year)}
              levels={LEVELS.map((l) => ({ name: l, data: d.trend.map((x) => x.personTimes[LEVEL_KEYS[l]]) }))}
              line={{ name: t('dashboard.coverage'), data: d.trend.map((x) => x.coverageRate) }}
              onClick={(y, series) =>
                navigate(list({ year: y, level: (LEVELS as readonly string[]).includes(series) ? series : undefined }))
              }
            />
          </Card>
        </Col>
        <Col xs={24} xxl={10}>
          <FiveLevelTable d={d} filter={filter} />
        </Col>
        <Col xs={24}>
          <Breakdowns filter={filter} />
        </Col>
      </Row>
    </>
  );
}

/** The county year-end report's five-level table, one row per year, every cell a drill-down. */
function FiveLevelTable({ d, filter }: { d: Dashboard; filter: { year: number; areaId?: number; schoolId?: number } }) {
  const { t } = useTranslation('reports');
  type R = Dashboard['trend'][number];
  const cell = (y: number, v: number, extra: Record<string, string | undefined> = {}) => (
    <Link to={`/reports/person-times?${qs({ ...filter, year: y, ...extra })}`}>{fmtInt(v)}</Link>
  );
  const columns: TableProps<R>['columns'] = [
    { title: t('dashboard.year'), dataIndex: 'year', fixed: 'left' },
    ...LEVELS.map((l) => ({
      title: l,
      key: l,
      align: 'right' as const,
      render: (_: unknown, r: R) => cell(r.year, r.personTimes[LEVEL_KEYS[l]], { level: l }),
    })),
    { title: t('dashboard.total'), key: 'total', align: 'right', render: (_, r) => cell(r.year, r.personTimes.total) },
    {
      title: t('dashboard.onlineCol'),
      key: 'online',
      align: 'right',
      render: (_, r) => cell(r.year, r.onlinePersonTimes, { online: 'true' }),
    },
    { title: t('dashboard.coverage'), dataIndex: 'coverageRate', align: 'right', render: (v: number) => fmtRate(v) },
  ];
  return (
    <Card size="small" title={t('dashboard.fiveLevels')}>
      <Table<R>
        rowKey="year"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={[...d.trend].reverse()}
        scroll={{ x: 'max-content' }}
        data-testid="five-level-table"
      />
    </Card>
  );
}

function Breakdowns({ filter }: { filter: { year: number; areaId?: number; schoolId?: number } }) {
  const { t } = useTranslation('reports');
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const dim = (BREAKDOWN_DIMENSIONS.find((x) => x === uq.str('by')) ?? 'urbanRural') as BreakdownDimension;
  const b = useBreakdowns(filter);
  const rows: BreakdownRow[] = b.data?.dimensions[dim] ?? [];
  const teacherDim = TEACHER_DIMENSIONS.includes(dim);
  const open = (key: string) => navigate(`/reports/person-times?${qs({ ...filter, [dim]: key })}`);
  const columns: TableProps<BreakdownRow>['columns'] = [
    {
      title: t(`dashboard.by.${dim}`),
      dataIndex: 'key',
      render: (v: string) => <Link to={`/reports/person-times?${qs({ ...filter, [dim]: v })}`}>{v}</Link>,
    },
    { title: t('dashboard.personTimes'), key: 'pt', align: 'right', render: (_, r) => fmtInt(r.personTimes.total) },
    { title: t('dashboard.onlineCol'), dataIndex: 'onlinePersonTimes', align: 'right', render: fmtInt },
    { title: t('dashboard.teachersTrained'), dataIndex: 'teachersTrained', align: 'right', render: fmtInt },
    ...(teacherDim
      ? [
          { title: t('dashboard.teachers'), dataIndex: 'teacherCount', align: 'right' as const, render: fmtInt },
          {
            title: t('dashboard.coverage'),
            dataIndex: 'coverageRate',
            align: 'right' as const,
            render: (v: number | null) => fmtRate(v),
          },
        ]
      : []),
  ];
  return (
    <Card size="small" title={t('dashboard.breakdowns')}>
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <Segmented
          value={dim}
          options={BREAKDOWN_DIMENSIONS.map((x) => ({ value: x, label: t(`dashboard.by.${x}`) }))}
          onChange={(v) => uq.set({ by: v === 'urbanRural' ? undefined : v })}
        />
      </div>
      {b.isLoading ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <BreakdownChart
              categories={rows.map((r) => r.key)}
              values={rows.map((r) => r.personTimes.total)}
              name={t('dashboard.personTimes')}
              rates={teacherDim ? rows.map((r) => r.coverageRate) : undefined}
              rateName={t('dashboard.coverage')}
              onClick={open}
            />
          </Col>
          <Col xs={24} lg={10}>
            <Table<BreakdownRow>
              rowKey="key"
              size="small"
              pagination={false}
              columns={columns}
              dataSource={rows}
              scroll={{ x: 'max-content' }}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
