// The year's training plan (年度计划): filters in the URL, server-side paging and sorting, export,
// create (county admin; a school admin plans 校培 of their own school), edit and delete of drafts.
import { CalendarOutlined, PlusOutlined, TableOutlined } from '@ant-design/icons';
import type { ProjectDetail, ProjectListItem } from '@shixun/common';
import { App, Button, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
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
import { usePlanFilterDefs, useYearFilterDef } from './PlanFilters';
import { ProjectFormDrawer } from './ProjectFormDrawer';
import { useDeleteProject, useProjects } from './projects.api';

export default function ProjectsPage() {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const navigate = useNavigate();
  const labels = useProjectLabels();
  const range = useDateRange();
  const [search] = useSearchParams();
  const del = useDeleteProject();
  const [creating, setCreating] = useState(false);
  const yearFilter = useYearFilterDef();
  const planFilters = usePlanFilterDefs(access);
  const yearParam = search.get('year');
  const year = yearParam === 'all' ? undefined : Number(yearParam) || dayjs().year();

  const onDelete = async (p: ProjectListItem) => {
    try {
      await del.mutateAsync(p.id);
      message.success(t('common:state.deleted'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: ListColumn<ProjectListItem>[] = [
    {
      key: 'name',
      title: t('field.name'),
      sortKey: 'name',
      fixed: 'left',
      locked: true,
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
      key: 'level',
      title: t('field.level'),
      sortKey: 'level',
      render: (_, p) => <Tag color={LEVEL_COLOR[p.level]}>{labels.level(p.level)}</Tag>,
    },
    {
      key: 'category',
      title: t('list.categoryMode'),
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
      key: 'startDate',
      title: t('field.dates'),
      sortKey: 'startDate',
      render: (_, p) => range(p.startDate, p.endDate),
    },
    { key: 'hours', title: t('field.hours'), dataIndex: 'hours', sortKey: 'hours', align: 'right' },
    {
      key: 'capacity',
      title: t('field.capacity'),
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
      key: 'participants',
      title: t('list.participants'),
      render: (_, p) => (
        <Space size={4} wrap={false}>
          <Tooltip title={t('list.heldHint')}>
            <span>{fmtInt(placesHeld(p.participants))}</span>
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
      ),
    },
    {
      key: 'place',
      title: t('field.place'),
      dataIndex: 'place',
      defaultHidden: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      key: 'organiser',
      title: t('field.organiser'),
      defaultHidden: true,
      render: (_, p) => p.schoolName ?? p.organiser ?? '—',
    },
    {
      key: 'status',
      title: t('field.status'),
      sortKey: 'status',
      render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{labels.status(p.status)}</Tag>,
    },
    {
      key: 'actions',
      title: t('common:action.operations'),
      fixed: 'right',
      locked: true,
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

  // On a phone each project is a compact card.
  const phoneCard = (p: ProjectListItem) => (
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
  );

  return (
    <>
      <ListPage<ProjectListItem>
        id="projects"
        title={t('list.title')}
        sub={year ? t('list.sub', { year }) : t('list.subAll')}
        actions={
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
            <Button icon={<TableOutlined />} onClick={() => navigate(`/projects/plan${planSearch(search)}`)}>
              {t('planTable.title')}
            </Button>
            <Button icon={<CalendarOutlined />} onClick={() => navigate(`/projects/calendar${calendarSearch(search)}`)}>
              {t('calendar.title')}
            </Button>
          </>
        }
        filters={[
          { type: 'search', name: 'q', label: t('list.searchPlaceholder'), width: 200 },
          yearFilter,
          ...planFilters,
        ]}
        toParams={(v) => ({ ...v, year: v.year === 'all' ? undefined : v.year })}
        useList={useProjects}
        exportPath="/api/projects/export"
        columns={columns}
        rowKey={(p) => p.id}
        phoneRender={phoneCard}
        empty={{
          none: canPlan(access) ? t('list.emptyPlanner') : t('list.empty'),
          filtered: t('list.emptyFiltered'),
        }}
      />
      <ProjectFormDrawer
        open={creating}
        project={null as ProjectDetail | null}
        onClose={() => setCreating(false)}
        onSaved={(id) => navigate(`/projects/${id}`)}
      />
    </>
  );
}

/** The plan table keeps the year and the shared filters. */
function planSearch(params: URLSearchParams): string {
  const next = new URLSearchParams();
  for (const k of ['year', 'level', 'category', 'mode', 'status', 'schoolId']) {
    const v = params.get(k);
    if (v && v !== 'all') next.set(k, v);
  }
  const s = next.toString();
  return s ? `?${s}` : '';
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
