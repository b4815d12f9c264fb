// The year's training plan (年度计划): filters in the URL, server-side paging and sorting, create
// (county admin; a school admin plans 校培 of their own school), edit and delete of drafts.
import { BulbOutlined, CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import type { ProjectDetail, ProjectListItem } from '@shixun/common';
import {
  App,
  Button,
  Empty,
  Grid,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import {
  canPlan,
  canWriteProject,
  LEVEL_COLOR,
  placesHeld,
  STATUS_COLOR,
  useDateRange,
  useProjectLabels,
} from './labels';
import { PlanFilters, readPlanFilters } from './PlanFilters';
import { ProjectFormDrawer } from './ProjectFormDrawer';
import { useDeleteProject, useProjects } from './projects.api';

const SORTS = ['startDate', 'name', 'level', 'status', 'hours', 'updatedAt'] as const;
type Sort = (typeof SORTS)[number];

export default function ProjectsPage() {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const navigate = useNavigate();
  const labels = useProjectLabels();
  const range = useDateRange();
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const phone = !Grid.useBreakpoint().sm;
  const thisYear = dayjs().year();
  // year=all lists every year; no year in the URL means the current one
  const yearParam = uq.str('year');
  const year = yearParam === 'all' ? undefined : (uq.num('year') ?? thisYear);
  const plan = readPlanFilters(uq);
  const q = uq.str('q');
  const sortParam = uq.str('sort');
  const sort = SORTS.find((s) => s === sortParam) as Sort | undefined;
  const order = uq.str('order') === 'desc' ? 'desc' : uq.str('order') === 'asc' ? 'asc' : undefined;
  const list = useProjects({
    year,
    ...plan,
    q,
    page,
    pageSize,
    sort,
    order,
  } as Parameters<typeof useProjects>[0]);
  const del = useDeleteProject();
  const [creating, setCreating] = useState(false);

  const filtered = Object.values(plan).some((v) => v !== undefined) || !!q || yearParam !== undefined;
  const years = Array.from({ length: 8 }, (_, i) => thisYear + 1 - i);
  const sortOrder = (k: Sort) => (sort === k ? (order === 'desc' ? 'descend' : 'ascend') : null);

  const onDelete = async (p: ProjectListItem) => {
    try {
      await del.mutateAsync(p.id);
      message.success(t('common:state.deleted'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  // On a phone one column shows each project as a compact card.
  const phoneColumns: TableProps<ProjectListItem>['columns'] = [
    {
      key: 'card',
      render: (_, p) => (
        <div>
          <Space size={4} wrap style={{ marginBottom: 2 }}>
            <Tag color={LEVEL_COLOR[p.level]} style={{ marginInlineEnd: 0 }}>
              {labels.level(p.level)}
            </Tag>
            <Tag color={STATUS_COLOR[p.status]} style={{ marginInlineEnd: 0 }}>
              {labels.status(p.status)}
            </Tag>
          </Space>
          <div>
            <Link to={`/projects/${p.id}`}>{p.name}</Link>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[
              p.category,
              labels.mode(p.mode),
              range(p.startDate, p.endDate),
              t('detail.hours', { n: p.hours }),
              `${t('list.participants')} ${fmtInt(placesHeld(p.participants))}${p.capacity != null ? `/${fmtInt(p.capacity)}` : ''}`,
            ].join(' · ')}
          </Typography.Text>
        </div>
      ),
    },
  ];

  const columns: TableProps<ProjectListItem>['columns'] = [
    {
      title: t('field.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      fixed: 'left',
      render: (_, p) => (
        <div style={{ minWidth: 180, maxWidth: 300, whiteSpace: 'normal' }}>
          <Link to={`/projects/${p.id}`}>{p.name}</Link>
          {(p.code || p.schoolName) && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[p.code, p.schoolName].filter(Boolean).join(' · ')}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('field.level'),
      dataIndex: 'level',
      key: 'level',
      sorter: true,
      sortOrder: sortOrder('level'),
      render: (v: ProjectListItem['level']) => <Tag color={LEVEL_COLOR[v]}>{labels.level(v)}</Tag>,
    },
    {
      title: t('list.categoryMode'),
      key: 'category',
      render: (_, p) => (
        <div style={{ lineHeight: 1.3 }}>
          <div>{p.category}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.mode(p.mode)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('field.dates'),
      key: 'startDate',
      sorter: true,
      sortOrder: sortOrder('startDate'),
      render: (_, p) => range(p.startDate, p.endDate),
    },
    {
      title: t('field.hours'),
      dataIndex: 'hours',
      key: 'hours',
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('hours'),
    },
    {
      title: t('field.capacity'),
      key: 'capacity',
      align: 'right',
      render: (_, p) =>
        p.capacity != null ? (
          fmtInt(p.capacity)
        ) : p.upperQuota != null ? (
          <Tooltip title={t('field.upperQuota')}>{fmtInt(p.upperQuota)}</Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: t('list.participants'),
      key: 'participants',
      render: (_, p) => {
        const held = placesHeld(p.participants);
        return (
          <Space size={4} wrap={false}>
            <Tooltip title={t('list.heldHint')}>
              <span>{fmtInt(held)}</span>
            </Tooltip>
            {p.participants.nominated > 0 && (
              <Tooltip title={t('list.nominatedHint')}>
                <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                  {t('list.pending', { n: p.participants.nominated })}
                </Tag>
              </Tooltip>
            )}
            {p.participants.waitlisted > 0 && (
              <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                {t('list.waitlisted', { n: p.participants.waitlisted })}
              </Tag>
            )}
          </Space>
        );
      },
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      key: 'status',
      sorter: true,
      sortOrder: sortOrder('status'),
      render: (v: ProjectListItem['status']) => <Tag color={STATUS_COLOR[v]}>{labels.status(v)}</Tag>,
    },
    {
      title: t('common:action.operations'),
      key: 'actions',
      fixed: 'right',
      render: (_, p) => {
        const writable = canWriteProject(access, me?.schoolId, p);
        const total = Object.values(p.participants).reduce((a, b) => a + b, 0);
        return (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => navigate(`/projects/${p.id}`)}>
              {t('common:action.view')}
            </Button>
            {writable && p.status === 'draft' && total === 0 && (
              <Popconfirm
                title={t('list.deleteConfirm', { name: p.name })}
                okButtonProps={{ danger: true }}
                onConfirm={() => onDelete(p)}
              >
                <Button type="link" size="small" danger>
                  {t('common:action.delete')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('list.title')}
        sub={year ? t('list.sub', { year }) : t('list.subAll')}
        extra={
          <>
            {canPlan(access) && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="project-create"
              >
                {access.countyAdmin ? t('list.create') : t('list.createSchool')}
              </Button>
            )}
            <Button
              icon={<CalendarOutlined />}
              onClick={() => navigate(`/projects/calendar${calendarSearch(uq.params)}`)}
            >
              {t('calendar.title')}
            </Button>
            {access.can('surveys.read') && (
              <Button icon={<BulbOutlined />} onClick={() => navigate(`/surveys/needs${year ? `?year=${year}` : ''}`)}>
                {t('list.needs')}
              </Button>
            )}
          </>
        }
      />
      <PlanFilters
        uq={uq}
        access={access}
        before={
          <>
            <Input.Search
              key={`q-${q ?? ''}`}
              defaultValue={q}
              placeholder={t('list.searchPlaceholder')}
              allowClear
              onSearch={(v) => uq.set({ q: v.trim() })}
              style={{ width: 200, maxWidth: '100%' }}
            />
            <Select
              value={year ?? 'all'}
              options={[
                ...years.map((y) => ({ value: y, label: t('list.year', { year: y }) })),
                { value: 'all', label: t('list.allYears') },
              ]}
              onChange={(v) => uq.set({ year: v === thisYear ? undefined : v })}
              style={{ width: 100 }}
              aria-label={t('list.yearLabel')}
            />
          </>
        }
        after={filtered && <Button onClick={uq.reset}>{t('common:action.reset')}</Button>}
      />
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<ProjectListItem>
          rowKey="id"
          size="middle"
          columns={phone ? phoneColumns : columns}
          showHeader={!phone}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={phone ? undefined : { x: 'max-content' }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  filtered ? t('list.emptyFiltered') : canPlan(access) ? t('list.emptyPlanner') : t('list.empty')
                }
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
          }}
          onChange={(p, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = s?.order ? String(s.columnKey ?? s.field) : undefined;
              uq.set({ sort: key, order: s?.order === 'descend' ? 'desc' : s?.order ? 'asc' : undefined });
            } else if (extra.action === 'paginate') {
              uq.set({ page: p.current, pageSize: p.pageSize });
            }
          }}
        />
      )}
      <ProjectFormDrawer
        open={creating}
        project={null as ProjectDetail | null}
        onClose={() => setCreating(false)}
        onSaved={(id) => navigate(`/projects/${id}`)}
      />
    </div>
  );
}

/** The calendar keeps the shared filters (not paging, sort, search or year). */
function calendarSearch(params: URLSearchParams): string {
  const next = new URLSearchParams();
  for (const k of ['level', 'category', 'mode', 'status', 'schoolId']) {
    const v = params.get(k);
    if (v) next.set(k, v);
  }
  const year = Number(params.get('year'));
  if (year && year !== dayjs().year()) next.set('month', `${year}-01`);
  const s = next.toString();
  return s ? `?${s}` : '';
}
