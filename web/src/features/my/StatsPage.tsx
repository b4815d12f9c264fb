// Training statistics of one year for the caller's scope (county, an area, a school): KPI cards
// with each measure's formula (docs/metrics.md), a bar chart of the five levels, and a sortable
// per-school / per-area table that exports to .xlsx. Filters live in the URL.
import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { LEVEL_KEYS, LEVELS, type StatsBreakdownBy, type StatsBreakdownRow, type StatsMeasures } from '@shixun/common';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Skeleton,
  Table,
  type TableProps,
  Tooltip,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { EchartsBar } from '../../components/EchartsBar';
import { fmtInt, fmtRate } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAreas, useSchoolOptions } from '../org/org.api';
import { exportBreakdown, useStatsBreakdown, useStatsSummary } from './my.api';
import { chinaToday } from './shared';

const LEVEL_FIELDS = LEVELS.map((l) => LEVEL_KEYS[l]);
type RateKey = 'coverageRate' | 'participationRate' | 'completionRate' | 'passRate' | 'excellentRate';
const RATE_KEYS: RateKey[] = ['coverageRate', 'participationRate', 'completionRate', 'passRate', 'excellentRate'];

/** Numerator and denominator behind each rate, so a tooltip can show "12 / 15". */
function fraction(m: StatsMeasures, k: RateKey): [number, number] {
  const c = m.counts;
  switch (k) {
    case 'coverageRate':
      return [m.teachersTrained, m.teacherCount];
    case 'participationRate':
      return [m.personTimes.total, c.placesTaken];
    case 'completionRate':
      return [c.completed, c.completed + c.failed];
    case 'passRate':
      return [c.passed, c.assessed];
    case 'excellentRate':
      return [c.excellent, c.assessed];
  }
}

/** A rate as "85.6%", or "—" when there is nothing to divide by. */
const rateText = (m: StatsMeasures, k: RateKey) => (fraction(m, k)[1] > 0 ? fmtRate(m[k]) : '—');

export default function StatsPage() {
  const { t } = useTranslation('my');
  const me = useMe().data;
  const access = accessOf(me);
  const uq = useUrlQuery();
  const thisYear = Number(chinaToday().slice(0, 4));
  const year = uq.num('year', thisYear) ?? thisYear;
  const pickAreas = access.countyWide;
  const pickSchools = access.countyWide || access.role === 'area_admin';
  const areaId = pickAreas ? uq.num('areaId') : undefined;
  const schoolId = pickSchools ? uq.num('schoolId') : undefined;
  const by: StatsBreakdownBy = pickAreas && uq.str('by') === 'area' ? 'area' : 'school';
  const showTable = pickSchools;

  const summary = useStatsSummary({ year, areaId, schoolId });
  const breakdown = useStatsBreakdown({ year, by, areaId }, showTable);
  const areas = useAreas(pickAreas);
  const schools = useSchoolOptions(pickSchools);

  const years = Array.from({ length: 8 }, (_, i) => thisYear + 1 - i);
  const scopeName =
    (schoolId && schools.data?.find((s) => s.id === schoolId)?.name) ||
    (areaId && areas.data?.items.find((a) => a.id === areaId)?.name) ||
    me?.schoolName ||
    me?.consortiumName ||
    me?.areaName ||
    me?.regionName;

  const header = (
    <PageHeader
      title={t('stats.title')}
      sub={scopeName ? t('stats.scope', { name: scopeName }) : undefined}
      extra={
        <Select
          value={year}
          aria-label="year"
          data-testid="stats-year"
          options={years.map((y) => ({ value: y, label: t('stats.year', { year: y }) }))}
          onChange={(v) => uq.set({ year: v === thisYear ? undefined : v })}
          style={{ width: 120 }}
        />
      }
    />
  );

  const schoolChoices = (schools.data ?? []).filter((s) => !areaId || s.areaId === areaId);
  const pickers = (pickAreas || pickSchools) && (
    <FilterBar>
      {pickAreas && (
        <Select
          value={areaId}
          placeholder={t('stats.allAreas')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={areas.isLoading}
          options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
          onChange={(v) => uq.set({ areaId: v, schoolId: undefined })}
          style={{ width: 180 }}
        />
      )}
      {pickSchools && (
        <Select
          value={schoolId}
          placeholder={t('stats.allSchools')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={schools.isLoading}
          options={schoolChoices.map((s) => ({ value: s.id, label: s.name }))}
          onChange={(v) => uq.set({ schoolId: v })}
          style={{ width: 240, maxWidth: '100%' }}
        />
      )}
    </FilterBar>
  );

  let kpis: ReactNode;
  if (summary.isLoading) kpis = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (summary.error && !summary.data) kpis = <PageError error={summary.error} onRetry={() => summary.refetch()} />;
  else if (summary.data) kpis = <Kpis m={summary.data} year={year} />;

  return (
    <div>
      {header}
      {pickers}
      {kpis}
      {showTable && (
        <Breakdown
          // a new year, grouping or area starts the table over (first page, no sort)
          key={`${by}-${year}-${areaId ?? ''}`}
          selectedId={by === 'school' ? schoolId : areaId}
          by={by}
          canByArea={pickAreas}
          query={breakdown}
          onBy={(v) => uq.set({ by: v === 'area' ? 'area' : undefined })}
          onPick={(row) =>
            by === 'area'
              ? uq.set({ areaId: row.id, schoolId: undefined, by: undefined })
              : uq.set({ schoolId: row.id })
          }
          onExport={() => exportBreakdown({ year, by, areaId })}
        />
      )}
    </div>
  );
}

function HelpLabel({ label, help }: { label: string; help: ReactNode }) {
  return (
    <Tooltip title={help}>
      <span style={{ cursor: 'help' }}>
        {label} <QuestionCircleOutlined style={{ fontSize: 12, color: '#8c8c8c' }} />
      </span>
    </Tooltip>
  );
}

function Kpi({
  label,
  help,
  value,
  sub,
  strong,
  testId,
}: {
  label: string;
  help: ReactNode;
  value: string;
  sub?: string;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <Card size="small" style={{ height: '100%' }} styles={{ body: { padding: '12px 16px' } }} data-testid={testId}>
      <Typography.Text type="secondary">
        <HelpLabel label={label} help={help} />
      </Typography.Text>
      <div
        style={{
          fontSize: strong ? 30 : 26,
          fontWeight: 600,
          lineHeight: 1.3,
          marginTop: 4,
          color: strong ? '#1f6feb' : undefined,
          fontVariantNumeric: 'tabular-nums',
        }}
      >
        {value}
      </div>
      {sub && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {sub}
        </Typography.Text>
      )}
    </Card>
  );
}

function Kpis({ m, year }: { m: StatsMeasures; year: number }) {
  const { t } = useTranslation('my');
  const formula = (k: string, extra?: string) => (
    <div>
      <div>{t(`stats.help.${k}`)}</div>
      {extra && <div style={{ marginTop: 4, opacity: 0.85 }}>{extra}</div>}
    </div>
  );
  const levelNames = LEVELS.map((l) => t(`level.${l}`));
  const empty = m.personTimes.total === 0 && m.counts.placesTaken === 0;

  return (
    <>
      {empty && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('stats.noData', { year })} />}
      <Row gutter={[12, 12]}>
        <Col flex="1 1 200px">
          <Kpi
            strong
            testId="kpi-total"
            label={t('stats.kpi.total')}
            help={formula('total')}
            value={fmtInt(m.personTimes.total)}
          />
        </Col>
        <Col flex="1 1 200px">
          <Kpi label={t('stats.kpi.online')} help={formula('online')} value={fmtInt(m.onlinePersonTimes)} />
        </Col>
        <Col flex="1 1 200px">
          <Kpi
            label={t('stats.kpi.teachersTrained')}
            help={formula('teachersTrained')}
            value={fmtInt(m.teachersTrained)}
          />
        </Col>
        <Col flex="1 1 200px">
          <Kpi label={t('stats.kpi.teacherCount')} help={formula('teacherCount')} value={fmtInt(m.teacherCount)} />
        </Col>
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {RATE_KEYS.map((k) => {
          const [part, whole] = fraction(m, k);
          const f = t('stats.fraction', { part: fmtInt(part), whole: fmtInt(whole) });
          return (
            <Col flex="1 1 150px" key={k}>
              <Kpi
                testId={`kpi-${k}`}
                label={t(`stats.kpi.${k}`)}
                help={formula(k, f)}
                value={rateText(m, k)}
                sub={f}
              />
            </Col>
          );
        })}
      </Row>
      <Card title={t('stats.chartTitle')} size="small" style={{ marginTop: 16 }}>
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} lg={7}>
            {LEVELS.map((l, i) => {
              const n = m.personTimes[LEVEL_FIELDS[i]!];
              return (
                <div
                  key={l}
                  data-testid={`kpi-${LEVEL_FIELDS[i]}`}
                  style={{
                    display: 'flex',
                    alignItems: 'baseline',
                    gap: 8,
                    padding: '8px 4px',
                    borderBottom: i < LEVELS.length - 1 ? '1px solid #f0f0f0' : undefined,
                  }}
                >
                  <Typography.Text style={{ flex: 1 }}>
                    <HelpLabel label={levelNames[i]!} help={t('stats.help.level', { level: levelNames[i] })} />
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {m.personTimes.total ? fmtRate(n / m.personTimes.total) : ''}
                  </Typography.Text>
                  <span
                    style={{
                      fontSize: 20,
                      fontWeight: 600,
                      minWidth: 64,
                      textAlign: 'right',
                      fontVariantNumeric: 'tabular-nums',
                    }}
                  >
                    {fmtInt(n)}
                  </span>
                </div>
              );
            })}
          </Col>
          <Col xs={24} lg={17}>
            <EchartsBar
              categories={levelNames}
              series={[{ name: t('stats.chartSeries'), data: LEVEL_FIELDS.map((k) => m.personTimes[k]) }]}
              height={260}
            />
          </Col>
        </Row>
      </Card>
    </>
  );
}

function Breakdown({
  selectedId,
  by,
  canByArea,
  query,
  onBy,
  onPick,
  onExport,
}: {
  selectedId?: number;
  by: StatsBreakdownBy;
  canByArea: boolean;
  query: ReturnType<typeof useStatsBreakdown>;
  onBy: (by: StatsBreakdownBy) => void;
  onPick: (row: StatsBreakdownRow) => void;
  onExport: () => void;
}) {
  const { t } = useTranslation('my');
  const data = query.data;
  const num = (get: (r: StatsBreakdownRow) => number) => ({
    align: 'right' as const,
    sorter: (a: StatsBreakdownRow, b: StatsBreakdownRow) => get(a) - get(b),
    render: (_: unknown, r: StatsBreakdownRow) => fmtInt(get(r)),
  });
  const pct = (k: RateKey) => ({
    align: 'right' as const,
    // rows without a denominator sort below every real rate
    sorter: (a: StatsBreakdownRow, b: StatsBreakdownRow) =>
      (fraction(a, k)[1] ? a[k] : -1) - (fraction(b, k)[1] ? b[k] : -1),
    render: (_: unknown, r: StatsBreakdownRow) => {
      const [part, whole] = fraction(r, k);
      return (
        <Tooltip title={t('stats.fraction', { part: fmtInt(part), whole: fmtInt(whole) })}>
          <span>{rateText(r, k)}</span>
        </Tooltip>
      );
    },
  });
  const collator = new Intl.Collator('zh-CN');

  const columns: TableProps<StatsBreakdownRow>['columns'] = [
    {
      title: by === 'school' ? t('stats.table.school') : t('stats.table.area'),
      key: 'name',
      fixed: 'left',
      sorter: (a, b) => collator.compare(a.name, b.name),
      render: (_, r) => <Typography.Link onClick={() => onPick(r)}>{r.name}</Typography.Link>,
    },
    ...(by === 'school'
      ? [
          {
            title: t('stats.table.area'),
            key: 'area',
            sorter: (a: StatsBreakdownRow, b: StatsBreakdownRow) =>
              collator.compare(a.areaName ?? '', b.areaName ?? ''),
            render: (_: unknown, r: StatsBreakdownRow) => r.areaName ?? '—',
          },
        ]
      : []),
    ...LEVELS.map((l) => ({ title: t(`level.${l}`), key: l, ...num((r) => r.personTimes[LEVEL_KEYS[l]]) })),
    { title: t('stats.table.total'), key: 'total', ...num((r) => r.personTimes.total) },
    { title: t('stats.table.online'), key: 'online', ...num((r) => r.onlinePersonTimes) },
    { title: t('stats.table.teachersTrained'), key: 'trained', ...num((r) => r.teachersTrained) },
    { title: t('stats.table.teacherCount'), key: 'teachers', ...num((r) => r.teacherCount) },
    ...RATE_KEYS.map((k) => ({ title: t(`stats.kpi.${k}`), key: k, ...pct(k) })),
  ];

  const s = data?.summary;
  const cells: ReactNode[] = s
    ? [
        ...LEVELS.map((l) => fmtInt(s.personTimes[LEVEL_KEYS[l]])),
        fmtInt(s.personTimes.total),
        fmtInt(s.onlinePersonTimes),
        fmtInt(s.teachersTrained),
        fmtInt(s.teacherCount),
        ...RATE_KEYS.map((k) => rateText(s, k)),
      ]
    : [];
  const lead = by === 'school' ? 2 : 1;

  return (
    <Card
      style={{ marginTop: 16 }}
      size="small"
      title={by === 'school' ? t('stats.table.titleSchool') : t('stats.table.titleArea')}
      extra={
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', justifyContent: 'flex-end' }}>
          {canByArea && (
            <Segmented
              value={by}
              options={[
                { value: 'school', label: t('stats.table.bySchool') },
                { value: 'area', label: t('stats.table.byArea') },
              ]}
              onChange={(v) => onBy(v as StatsBreakdownBy)}
            />
          )}
          <Button icon={<DownloadOutlined />} onClick={onExport} disabled={!data?.items.length}>
            {t('stats.export')}
          </Button>
        </div>
      }
    >
      {query.error && !data ? (
        <PageError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <Table<StatsBreakdownRow>
          rowKey="id"
          rowClassName={(r) => (r.id === selectedId ? 'ant-table-row-selected' : '')}
          size="small"
          columns={columns}
          dataSource={data?.items}
          loading={query.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            defaultPageSize: 20,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
          }}
          locale={{
            emptyText: query.isLoading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.table.empty')} />
            ),
          }}
          summary={() =>
            s && data?.items.length ? (
              <Table.Summary fixed>
                <Table.Summary.Row style={{ fontWeight: 600, background: '#fafafa' }}>
                  <Table.Summary.Cell index={0} colSpan={lead}>
                    {t('stats.table.summary')}
                  </Table.Summary.Cell>
                  {cells.map((c, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: fixed column order
                    <Table.Summary.Cell key={i} index={lead + i} align="right">
                      {c}
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      )}
    </Card>
  );
}
