// 成果汇报 for admins: the tasks of the schools in scope (school admins verify or return them) and,
// per school, due / done / verified / overdue and the conversion rate, exportable. The county
// admin sets the rule (levels, modes, days).
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { REPORT_BACK_STATUSES, type ReportBack, type ReportBackSchoolRow, type ReportBackStatus } from '@shixun/common';
import { Button, Empty, Input, Select, Space, Switch, Table, type TableProps, Tabs, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtInt, fmtRate } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { LevelTag } from '../my/shared';
import { useAreas } from '../org/org.api';
import { exportReportBackSchools, useReportBackSchools, useReportBacks } from './after.api';
import { ReportBackReviewDrawer } from './ReportBackReviewDrawer';
import { ReportBackSettingsModal } from './ReportBackSettingsModal';
import { DueText, ReportBackStatusCell } from './shared';

const thisYear = () => new Date().getFullYear();
const yearOptions = () => Array.from({ length: 6 }, (_, i) => thisYear() + 1 - i).map((y) => ({ value: y, label: y }));

export default function ReportBacksPage() {
  const { t } = useTranslation('after');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const tab = uq.str('tab') === 'schools' && !access.schoolAdmin ? 'schools' : 'tasks';
  const [settings, setSettings] = useState(false);

  return (
    <div>
      <PageHeader
        title={t('admin.title')}
        sub={t('admin.sub')}
        extra={
          access.countyAdmin && (
            <Button icon={<SettingOutlined />} onClick={() => setSettings(true)}>
              {t('settings.button')}
            </Button>
          )
        }
      />
      {access.schoolAdmin ? (
        <TasksTab />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => uq.set({ tab: k === 'tasks' ? undefined : k, page: undefined })}
          items={[
            { key: 'tasks', label: t('admin.tabTasks'), children: tab === 'tasks' && <TasksTab /> },
            { key: 'schools', label: t('admin.tabSchools'), children: tab === 'schools' && <SchoolsTab /> },
          ]}
        />
      )}
      {access.countyAdmin && <ReportBackSettingsModal open={settings} onClose={() => setSettings(false)} />}
    </div>
  );
}

function AreaFilter({ value, onChange }: { value?: number; onChange: (v?: number) => void }) {
  const { t } = useTranslation('after');
  const areas = useAreas();
  return (
    <Select
      value={value}
      placeholder={t('filter.area')}
      allowClear
      loading={areas.isLoading}
      options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
      onChange={onChange}
      style={{ width: 150 }}
    />
  );
}

function TasksTab() {
  const { t } = useTranslation('after');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const statusParam = uq.str('status');
  const status = REPORT_BACK_STATUSES.find((s) => s === statusParam) as ReportBackStatus | undefined;
  const overdue = uq.str('overdue') === 'true' ? 'true' : undefined;
  const year = uq.num('year');
  const areaId = uq.num('areaId');
  const schoolId = uq.num('schoolId');
  const q = uq.str('q');
  const list = useReportBacks({ page, pageSize, status, overdue, year, areaId, schoolId, q });
  const open = uq.num('open') ?? null;
  const filtered = !!(status || overdue || year || areaId || schoolId || q);
  const manyAreas = access.countyWide;

  const columns: TableProps<ReportBack>['columns'] = [
    { title: t('col.teacher'), dataIndex: 'teacherName', fixed: 'left' },
    { title: t('col.school'), dataIndex: 'schoolName' },
    {
      title: t('col.project'),
      dataIndex: 'projectName',
      render: (v: string, r) => (
        <Space size={4}>
          <LevelTag level={r.level as never} />
          <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 240 }}>
            {v}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('field.due'), dataIndex: 'dueOn', render: (_: string, r) => <DueText r={r} /> },
    {
      title: t('col.status'),
      dataIndex: 'status',
      render: (_: ReportBackStatus, r) => <ReportBackStatusCell r={r} />,
    },
    {
      title: t('field.held'),
      key: 'held',
      render: (_, r) => (r.heldOn ? `${t(`form.${r.form}`)} · ${fmtDate(r.heldOn)}` : '—'),
    },
    {
      title: t('common:action.operations'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          onClick={() => uq.set({ open: r.id, page })}
          data-testid={`report-back-open-${r.id}`}
        >
          {r.status === 'submitted' && (access.schoolAdmin || access.countyAdmin) ? t('admin.review') : t('admin.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <FilterBar>
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          placeholder={t('filter.search')}
          allowClear
          onSearch={(v) => uq.set({ q: v.trim() })}
          style={{ width: 220, maxWidth: '100%' }}
        />
        <Select
          value={status}
          placeholder={t('filter.status')}
          allowClear
          options={REPORT_BACK_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={(v) => uq.set({ status: v })}
          style={{ width: 120 }}
        />
        <Select
          value={year}
          placeholder={t('filter.year')}
          allowClear
          options={yearOptions()}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 110 }}
        />
        {manyAreas && <AreaFilter value={areaId} onChange={(v) => uq.set({ areaId: v })} />}
        {!access.schoolAdmin && (
          <SchoolSelect value={schoolId} onChange={(v) => uq.set({ schoolId: v })} style={{ width: 220 }} />
        )}
        <Space size={6} style={{ height: 32 }}>
          <Switch
            size="small"
            checked={!!overdue}
            onChange={(v) => uq.set({ overdue: v ? 'true' : undefined })}
            aria-label={t('filter.overdue')}
          />
          <span>{t('filter.overdue')}</span>
        </Space>
        {filtered && <Button onClick={uq.reset}>{t('common:action.reset')}</Button>}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<ReportBack>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? t('admin.emptyFiltered') : t('admin.empty')}
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
          onChange={(p, _f, _s, extra) => {
            if (extra.action === 'paginate') uq.set({ page: p.current, pageSize: p.pageSize });
          }}
        />
      )}
      <ReportBackReviewDrawer id={open} onClose={() => uq.set({ open: undefined, page })} />
    </>
  );
}

function SchoolsTab() {
  const { t } = useTranslation('after');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const year = uq.num('year') ?? thisYear();
  const areaId = uq.num('areaId');
  const list = useReportBackSchools({ page, pageSize, year, areaId });
  const sum = list.data?.sum;

  const n = (v: number) => fmtInt(v);
  const columns: TableProps<ReportBackSchoolRow>['columns'] = [
    { title: t('col.area'), dataIndex: 'areaName' },
    { title: t('col.school'), dataIndex: 'schoolName' },
    { title: t('stats.due'), dataIndex: 'due', align: 'right', render: n },
    { title: t('stats.done'), dataIndex: 'done', align: 'right', render: n },
    { title: t('stats.verified'), dataIndex: 'verified', align: 'right', render: n },
    {
      title: t('stats.overdue'),
      dataIndex: 'overdue',
      align: 'right',
      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{fmtInt(v)}</Typography.Text> : '0'),
    },
    { title: t('stats.awaitingReview'), dataIndex: 'awaitingReview', align: 'right', render: n },
    {
      title: t('stats.longestWait'),
      dataIndex: 'longestWaitDays',
      align: 'right',
      render: (v: number | null) =>
        v == null ? '—' : v > 7 ? <Typography.Text type="warning">{fmtInt(v)}</Typography.Text> : fmtInt(v),
    },
    {
      title: (
        <Tooltip title={t('stats.rateHint')}>
          <span style={{ borderBottom: '1px dashed' }}>{t('stats.rate')}</span>
        </Tooltip>
      ),
      dataIndex: 'rate',
      align: 'right',
      render: (v: number | null) => fmtRate(v),
    },
  ];

  return (
    <>
      <FilterBar>
        <Select
          value={year}
          options={yearOptions()}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 110 }}
          aria-label={t('filter.year')}
        />
        {access.countyWide && <AreaFilter value={areaId} onChange={(v) => uq.set({ areaId: v })} />}
        <Button icon={<DownloadOutlined />} onClick={() => exportReportBackSchools({ year, areaId })}>
          {t('common:action.export')}
        </Button>
      </FilterBar>
      <Typography.Paragraph type="secondary">{t('stats.rateHint')}</Typography.Paragraph>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<ReportBackSchoolRow>
          rowKey="schoolId"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          summary={() =>
            sum ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <Typography.Text strong>{t('stats.sum')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {fmtInt(sum.due)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {fmtInt(sum.done)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {fmtInt(sum.verified)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {fmtInt(sum.overdue)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  {fmtInt(sum.awaitingReview)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">
                  {sum.longestWaitDays == null ? '—' : fmtInt(sum.longestWaitDays)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">
                  <Typography.Text strong>{fmtRate(sum.rate)}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.empty')} /> }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('stats.schools', { total: fmtInt(total) }),
          }}
          onChange={(p, _f, _s, extra) => {
            if (extra.action === 'paginate') uq.set({ page: p.current, pageSize: p.pageSize });
          }}
        />
      )}
    </>
  );
}
