// 年度培训计划表: the year's projects by level × category × starting month, as counties publish
// their plan; the same filters as the plan list (in the URL), export to .xlsx, print on A4
// landscape. On a phone the months become a list.
import { ExportOutlined, PrinterOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { PLAN_CELL_MAX, type PlanProject, type PlanRow, type PlanTable } from '@shixun/common';
import { Button, Card, Empty, Grid, Popover, Space, Table, type TableProps, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterControls, type ListFilter, readFilterValues } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useMe } from '../auth/auth.api';
import { LEVEL_COLOR, STATUS_COLOR, useProjectLabels } from './labels';
import { usePlanFilterDefs, useYearFilterDef } from './PlanFilters';
import { exportPlanTable, type PlanTableParams, usePlanTable } from './projects.api';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const md = (d: string) => `${Number(d.slice(5, 7))}.${Number(d.slice(8, 10))}`;
export const planSpan = (p: Pick<PlanProject, 'startDate' | 'endDate'>) =>
  p.startDate === p.endDate ? md(p.startDate) : `${md(p.startDate)}–${md(p.endDate)}`;

/** The plan table's filters, read from the URL (shared by the page and its print view). */
export function usePlanTableQuery(): { filters: ListFilter[]; params: PlanTableParams; search: string } {
  const access = accessOf(useMe().data);
  const url = useListUrl();
  // Every year at once is not a yearly plan: the table always has one year.
  const filters = [useYearFilterDef(true), ...usePlanFilterDefs(access)];
  const v = readFilterValues(url, filters);
  const params: PlanTableParams = {
    year: Number(v.year) || dayjs().year(),
    level: v.level as PlanTableParams['level'],
    category: v.category,
    mode: v.mode as PlanTableParams['mode'],
    status: v.status as PlanTableParams['status'],
    schoolId: v.schoolId ? Number(v.schoolId) : undefined,
  };
  const s = new URLSearchParams();
  for (const [k, val] of Object.entries(params)) if (val !== undefined) s.set(k, String(val));
  return { filters, params, search: s.toString() };
}

export default function PlanTablePage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const phone = !Grid.useBreakpoint().md;
  const url = useListUrl();
  const { filters, params, search } = usePlanTableQuery();
  const table = usePlanTable(params);
  const values = readFilterValues(url, filters);
  const data = table.data;

  return (
    <div data-testid="plan-table-page">
      <PageHeader
        title={t('planTable.title')}
        sub={t('planTable.sub', { year: params.year })}
        extra={
          <>
            <Button icon={<UnorderedListOutlined />} onClick={() => navigate(`/projects?${search}`)}>
              {t('planTable.listView')}
            </Button>
            <Button
              icon={<ExportOutlined />}
              onClick={() => exportPlanTable(params)}
              disabled={!data}
              data-testid="plan-export"
            >
              {t('planTable.export')}
            </Button>
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              onClick={() => window.open(`/projects/plan/print?${search}`, '_blank', 'noopener')}
              data-testid="plan-print"
            >
              {t('planTable.print')}
            </Button>
          </>
        }
      />
      <FilterBar>
        <FilterControls filters={filters} ctx={{ url, values, set: url.set }} />
      </FilterBar>
      {table.error && !data ? (
        <PageError error={table.error} onRetry={() => table.refetch()} />
      ) : data && data.rows.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planTable.empty')} />
        </Card>
      ) : phone ? (
        <MonthList data={data} loading={table.isFetching} />
      ) : (
        <PlanMatrix data={data} loading={table.isFetching} />
      )}
    </div>
  );
}

type MatrixRow = PlanRow & { key: string; span: number };

function PlanMatrix({ data, loading }: { data: PlanTable | undefined; loading: boolean }) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const rows: MatrixRow[] = [];
  for (const r of data?.rows ?? []) {
    const first = rows.findIndex((x) => x.level === r.level);
    rows.push({ ...r, key: `${r.level}|${r.category}`, span: first === -1 ? 1 : 0 });
    if (first !== -1) rows[first]!.span++;
  }
  const columns: TableProps<MatrixRow>['columns'] = [
    {
      key: 'level',
      title: t('planTable.level'),
      fixed: 'left',
      width: 72,
      align: 'center',
      onCell: (r) => ({ rowSpan: r.span }),
      render: (_, r) => <Tag color={LEVEL_COLOR[r.level]}>{labels.level(r.level)}</Tag>,
    },
    { key: 'category', title: t('planTable.category'), dataIndex: 'category', fixed: 'left', width: 104 },
    ...MONTHS.map((m) => ({
      key: `m${m}`,
      title: t('planTable.month', { m }),
      width: 128,
      onCell: () => ({ style: { verticalAlign: 'top' as const } }),
      render: (_: unknown, r: MatrixRow) => <ProjectCells cell={r.months[m - 1]!} />,
    })),
    { key: 'projects', title: t('planTable.projects'), dataIndex: 'projects', width: 72, align: 'right' },
    {
      key: 'planned',
      title: t('planTable.planned'),
      dataIndex: 'planned',
      width: 88,
      align: 'right',
      render: (v: number) => fmtInt(v),
    },
  ];
  return (
    <Table<MatrixRow>
      rowKey="key"
      size="small"
      bordered
      loading={loading}
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 72 + 104 + 12 * 128 + 72 + 88 }}
      data-testid="plan-matrix"
      summary={() =>
        data ? (
          <Table.Summary fixed>
            <Table.Summary.Row style={{ fontWeight: 600 }}>
              <Table.Summary.Cell index={0} colSpan={2} align="center">
                {t('planTable.total')}
              </Table.Summary.Cell>
              {data.monthTotals.map((n, i) => (
                <Table.Summary.Cell key={MONTHS[i]} index={i + 2} align="center">
                  {n || ''}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={14} align="right">
                {fmtInt(data.totals.projects)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={15} align="right">
                {fmtInt(data.totals.planned)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        ) : null
      }
    />
  );
}

/** A month's projects; past PLAN_CELL_MAX the rest open from a link (a row of 校培 holds dozens). */
function ProjectCells({ cell }: { cell: PlanProject[] }) {
  const { t } = useTranslation('projects');
  const shown = cell.length > PLAN_CELL_MAX ? cell.slice(0, PLAN_CELL_MAX - 1) : cell;
  const rest = cell.slice(shown.length);
  return (
    <Space orientation="vertical" size={6} style={{ width: '100%' }}>
      {shown.map((p) => (
        <ProjectCell key={p.id} p={p} />
      ))}
      {rest.length > 0 && (
        <Popover
          trigger="click"
          content={
            <Space orientation="vertical" size={6} style={{ maxHeight: 360, overflowY: 'auto', maxWidth: 320 }}>
              {rest.map((p) => (
                <ProjectCell key={p.id} p={p} />
              ))}
            </Space>
          }
        >
          <Typography.Link style={{ fontSize: 12 }}>{t('planTable.more', { n: rest.length })}</Typography.Link>
        </Popover>
      )}
    </Space>
  );
}

function ProjectCell({ p }: { p: PlanProject }) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  return (
    <div style={{ lineHeight: 1.35, fontSize: 12 }}>
      <Link to={`/projects/${p.id}`} style={{ fontSize: 13 }}>
        {p.name}
      </Link>
      {p.status === 'draft' && (
        <Tag color={STATUS_COLOR.draft} style={{ marginInlineStart: 4, fontSize: 11, lineHeight: '16px' }}>
          {labels.status('draft')}
        </Tag>
      )}
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {planSpan(p)} ·{' '}
          {p.planned != null
            ? t('planTable.hoursPlanned', { hours: p.hours, planned: p.planned })
            : t('planTable.hoursOnly', { hours: p.hours })}
        </Typography.Text>
      </div>
    </div>
  );
}

/** On a phone: the months in order, each with its projects. */
function MonthList({ data, loading }: { data: PlanTable | undefined; loading: boolean }) {
  const { t } = useTranslation('projects');
  if (!data) return <Card loading={loading} />;
  const byMonth = MONTHS.map((m) =>
    data.rows.flatMap((r) => r.months[m - 1]!).sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id - b.id),
  );
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="plan-months">
      <Typography.Text type="secondary">
        {t('planTable.summary', {
          projects: fmtInt(data.totals.projects),
          planned: fmtInt(data.totals.planned),
          hours: fmtInt(data.totals.hours),
        })}
      </Typography.Text>
      {byMonth.map((list, i) => (list.length === 0 ? null : <MonthCard key={MONTHS[i]} month={i + 1} list={list} />))}
    </Space>
  );
}

/** One month on a phone: its projects, the first few and the rest behind a link when there are many. */
function MonthCard({ month, list }: { month: number; list: PlanProject[] }) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const [all, setAll] = useState(false);
  const many = list.length > PLAN_CELL_MAX * 2;
  const shown = many && !all ? list.slice(0, PLAN_CELL_MAX) : list;
  return (
    <Card
      size="small"
      title={t('planTable.month', { m: month })}
      extra={<Typography.Text type="secondary">{list.length}</Typography.Text>}
    >
      <Space orientation="vertical" size={10} style={{ width: '100%' }}>
        {shown.map((p) => (
          <div key={p.id}>
            <Space size={4} wrap style={{ marginBottom: 2 }}>
              <Tag color={LEVEL_COLOR[p.level]} style={{ marginInlineEnd: 0 }}>
                {labels.level(p.level)}
              </Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {p.category}
              </Typography.Text>
            </Space>
            <ProjectCell p={p} />
          </div>
        ))}
        {many && !all && (
          <Typography.Link onClick={() => setAll(true)}>
            {t('planTable.more', { n: list.length - shown.length })}
          </Typography.Link>
        )}
      </Space>
    </Card>
  );
}
