// A project's attendance (考勤): the sessions with their counts and each session's roster (manual
// marking with a reason, closing the check-in, the absentee list), per-participant rates with the
// export, and leave requests (请假) to approve or reject.
import { DownloadOutlined, EditOutlined, QrcodeOutlined, StopOutlined } from '@ant-design/icons';
import {
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  attendanceMark,
  checkinWindow,
  type LeaveRequest,
  type LeaveStatus,
  type ProjectAttendanceRow,
  type ProjectDetail,
  type ProjectSession,
  type SessionAttendanceRow,
  windowState,
} from '@shixun/common';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Segmented,
  Space,
  Statistic,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fmtDateTime, fmtRate } from '../../components/format';
import { PageError, PageLoading } from '../../components/PageState';
import { zodRule } from '../../components/zodRule';
import {
  exportProjectAttendance,
  type SessionFilter,
  useCloseSession,
  useMarkAttendance,
  usePendingLeaveCount,
  useProjectAttendance,
  useProjectLeave,
  useReviewLeave,
  useRunProject,
  useSessionAttendance,
  useSessionCounts,
} from './run.api';
import { AttendanceTag, useFail, useRunRights } from './shared';
import { span, useNow } from './time';

type View = 'sessions' | 'rates' | 'leave';

export function AttendanceTab({ projectId }: { projectId: number }) {
  const { t } = useTranslation('run');
  const project = useRunProject(projectId);
  const rights = useRunRights(project.data);
  const pending = usePendingLeaveCount(projectId);
  const [params, setParams] = useSearchParams();
  const view = (['sessions', 'rates', 'leave'] as const).find((v) => v === params.get('view')) ?? 'sessions';
  const setView = (v: View) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (v === 'sessions') next.delete('view');
        else next.set('view', v);
        return next;
      },
      { replace: true },
    );

  if (project.isLoading) return <PageLoading />;
  if (project.error || !project.data) return <PageError error={project.error} onRetry={() => project.refetch()} />;
  const p = project.data;

  return (
    <div data-testid="attendance-tab">
      <Segmented<View>
        value={view}
        onChange={setView}
        style={{ marginBottom: 16 }}
        options={[
          { value: 'sessions', label: t('attendance.viewSessions') },
          { value: 'rates', label: t('attendance.viewRates') },
          {
            value: 'leave',
            label: (
              <Space size={6}>
                {t('attendance.viewLeave')}
                {!!pending.data && <Badge count={pending.data} size="small" />}
              </Space>
            ),
          },
        ]}
      />
      {view === 'sessions' && <SessionsView project={p} manage={rights.manage} />}
      {view === 'rates' && <RatesView project={p} />}
      {view === 'leave' && <LeaveView projectId={p.id} manage={rights.manage} />}
    </div>
  );
}

// ---------- sessions and the roster of one ----------

type SessionState = 'before' | 'open' | 'after';
const stateOf = (s: ProjectSession, now: number): SessionState =>
  windowState(checkinWindow(s.startsAt, s.endsAt), new Date(now));
const STATE_COLOR: Record<SessionState, string> = { before: 'default', open: 'processing', after: 'success' };

function SessionsView({ project, manage }: { project: ProjectDetail; manage: boolean }) {
  const { t, i18n } = useTranslation('run');
  const now = useNow(15_000);
  const [params, setParams] = useSearchParams();
  const sessions = project.sessions;
  const counts = useSessionCounts(sessions.map((s) => s.id));
  const countOf = new Map(sessions.map((s, i) => [s.id, counts[i]?.data?.counts]));

  // Default: the session open now, else the latest that has started, else the first.
  const fallback = useMemo(() => {
    const open = sessions.find((s) => stateOf(s, now) === 'open');
    const started = [...sessions].reverse().find((s) => new Date(s.startsAt).getTime() <= now);
    return (open ?? started ?? sessions[0])?.id;
  }, [sessions, now]);
  const wanted = Number(params.get('session'));
  const selected = sessions.some((s) => s.id === wanted) ? wanted : fallback;
  const select = (id: number) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('session', String(id));
        return next;
      },
      { replace: true },
    );

  if (sessions.length === 0) {
    return <Empty description={t('attendance.noSessions')} />;
  }

  const columns: TableProps<ProjectSession>['columns'] = [
    {
      title: t('attendance.session'),
      key: 'when',
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong={s.id === selected}>{s.topic}</Typography.Text>
          <Typography.Text type="secondary">
            {span(s.startsAt, s.endsAt, i18n.language)}
            {s.room ? ` · ${s.room}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('attendance.trainer'), dataIndex: 'trainerName', render: (v: string | null) => v ?? '—' },
    {
      title: t('attendance.state'),
      key: 'state',
      render: (_, s) => {
        const st = stateOf(s, now);
        return <Tag color={STATE_COLOR[st]}>{t(`attendance.stateOf.${st}`)}</Tag>;
      },
    },
    {
      title: t('attendance.counts'),
      key: 'counts',
      render: (_, s) => {
        const c = countOf.get(s.id);
        if (!c) return '…';
        return (
          <Space size={4} wrap>
            <Tag color="green">{t('attendance.short.present', { n: c.present })}</Tag>
            {c.late > 0 && <Tag color="orange">{t('attendance.short.late', { n: c.late })}</Tag>}
            {c.leave > 0 && <Tag color="blue">{t('attendance.short.leave', { n: c.leave })}</Tag>}
            {c.absentees > 0 && <Tag color="red">{t('attendance.short.absent', { n: c.absentees })}</Tag>}
            {stateOf(s, now) !== 'after' && c.none > 0 && <Tag>{t('attendance.short.none', { n: c.none })}</Tag>}
            <Typography.Text type="secondary">{t('attendance.short.expected', { n: c.expected })}</Typography.Text>
          </Space>
        );
      },
    },
    {
      title: t('common:action.operations'),
      key: 'actions',
      render: (_, s) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => select(s.id)}>
            {t('attendance.roster')}
          </Button>
          {manage && stateOf(s, now) !== 'after' && (
            <Button
              type="link"
              size="small"
              icon={<QrcodeOutlined />}
              href={`/sessions/${s.id}/qr`}
              target="_blank"
              rel="noopener"
            >
              {t('attendance.qrScreen')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const current = sessions.find((s) => s.id === selected);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Table<ProjectSession>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={sessions}
        pagination={sessions.length > 10 ? { pageSize: 10, size: 'small' } : false}
        scroll={{ x: 'max-content' }}
        onRow={(s) => ({ onClick: () => select(s.id), style: { cursor: 'pointer' } })}
        rowClassName={(s) => (s.id === selected ? 'ant-table-row-selected' : '')}
        data-testid="session-list"
      />
      {current && (
        <SessionRoster
          key={current.id}
          session={current}
          state={stateOf(current, now)}
          manage={manage}
          closed={project.status === 'closed'}
        />
      )}
    </Space>
  );
}

const FILTERS: SessionFilter[] = ['present', 'late', 'leave', 'absent', 'none', 'absentees'];

function SessionRoster({
  session,
  state,
  manage,
  closed,
}: {
  session: ProjectSession;
  state: SessionState;
  manage: boolean;
  closed: boolean;
}) {
  const { t, i18n } = useTranslation('run');
  const { message } = App.useApp();
  const fail = useFail();
  const [filter, setFilter] = useState<SessionFilter | 'all'>('all');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [selected, setSelected] = useState<number[]>([]);
  const [marking, setMarking] = useState<SessionAttendanceRow[] | null>(null);
  const list = useSessionAttendance(
    session.id,
    { filter: filter === 'all' ? undefined : filter, page, pageSize },
    state === 'open' ? 10_000 : false,
  );
  const close = useCloseSession();
  const data = list.data;
  const c = data?.counts;
  const rows = data?.items ?? [];
  const canMark = manage && !closed;

  const onClose = async () => {
    try {
      const r = await close.mutateAsync(session.id);
      message.success(t('attendance.closedDone', { n: r.markedAbsent }));
    } catch (e) {
      fail(e);
    }
  };

  const columns: TableProps<SessionAttendanceRow>['columns'] = [
    { title: t('col.teacher'), dataIndex: 'teacherName' },
    { title: t('col.school'), dataIndex: 'schoolName' },
    {
      title: t('attendance.status'),
      dataIndex: 'status',
      render: (v: AttendanceStatus | null) => <AttendanceTag status={v} ended={state === 'after'} />,
    },
    {
      title: t('attendance.method'),
      dataIndex: 'method',
      render: (v: string | null) => (v ? t(`attendance.methodOf.${v}`) : '—'),
    },
    { title: t('attendance.checkedAt'), dataIndex: 'checkedAt', render: (v: string | null) => fmtDateTime(v) },
    {
      title: t('attendance.reason'),
      dataIndex: 'reason',
      render: (v: string | null) => v ?? '—',
    },
    ...(canMark
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            render: (_: unknown, r: SessionAttendanceRow) => (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setMarking([r])}>
                {t('attendance.mark')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const countFor = (f: SessionFilter | 'all'): number | undefined =>
    !c ? undefined : f === 'all' ? c.expected : f === 'absentees' ? c.absentees : c[f];

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span>{session.topic}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {span(session.startsAt, session.endsAt, i18n.language)}
          </Typography.Text>
          <Tag color={STATE_COLOR[state]}>{t(`attendance.stateOf.${state}`)}</Tag>
        </Space>
      }
      extra={
        manage && (
          <Space wrap>
            {state !== 'after' && (
              <Button icon={<QrcodeOutlined />} href={`/sessions/${session.id}/qr`} target="_blank" rel="noopener">
                {t('attendance.qrScreen')}
              </Button>
            )}
            {!closed && (
              <Popconfirm
                title={t('attendance.closeTitle')}
                description={<div style={{ maxWidth: 320 }}>{t('attendance.closeHint', { n: c?.none ?? 0 })}</div>}
                onConfirm={onClose}
                disabled={state !== 'after' || !c?.none}
              >
                <Tooltip
                  title={
                    state !== 'after'
                      ? t('attendance.closeNotYet')
                      : !c?.none
                        ? t('attendance.closeNothing')
                        : undefined
                  }
                >
                  <Button
                    danger
                    icon={<StopOutlined />}
                    disabled={state !== 'after' || !c?.none}
                    loading={close.isPending}
                    data-testid="close-session"
                  >
                    {t('attendance.close')}
                  </Button>
                </Tooltip>
              </Popconfirm>
            )}
          </Space>
        )
      }
      data-testid="session-roster"
    >
      {list.error ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <>
          {c && (
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 32, marginBottom: 12 }}>
              <Statistic title={t('attendance.expected')} value={c.expected} />
              <Statistic title={t('att.present')} value={c.present} styles={{ content: { color: '#389e0d' } }} />
              <Statistic title={t('att.late')} value={c.late} styles={{ content: { color: '#d48806' } }} />
              <Statistic title={t('att.leave')} value={c.leave} styles={{ content: { color: '#1f6feb' } }} />
              <Statistic title={t('att.absent')} value={c.absent} styles={{ content: { color: '#cf1322' } }} />
              <Statistic title={t('att.none')} value={c.none} />
            </div>
          )}
          {state === 'after' && !!c?.none && manage && !closed && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('attendance.unclosed', { n: c.none })}
            />
          )}
          <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
            <Segmented<SessionFilter | 'all'>
              value={filter}
              onChange={(v) => {
                setFilter(v);
                setPage(1);
                setSelected([]);
              }}
              options={(['all', ...FILTERS] as const).map((f) => ({
                value: f,
                label: `${t(`attendance.filter.${f}`)}${countFor(f) === undefined ? '' : ` ${countFor(f)}`}`,
              }))}
              data-testid="roster-filter"
            />
            {canMark && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                disabled={selected.length === 0}
                onClick={() => setMarking(rows.filter((r) => selected.includes(r.participationId)))}
                data-testid="mark-selected"
              >
                {t('attendance.markSelected', { n: selected.length })}
              </Button>
            )}
          </Space>
          <Table<SessionAttendanceRow>
            size="small"
            rowKey="participationId"
            loading={list.isFetching && !list.isRefetching}
            columns={columns}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            rowSelection={
              canMark
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys as number[]),
                    preserveSelectedRowKeys: false,
                  }
                : undefined
            }
            locale={{
              emptyText: (
                <Empty
                  description={
                    filter === 'absentees'
                      ? t('attendance.noAbsentees')
                      : filter === 'all'
                        ? t('attendance.noParticipants')
                        : t('common:state.empty')
                  }
                />
              ),
            }}
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (n) => t('common:total', { total: n }),
              onChange: (pg, ps) => {
                setPage(ps !== pageSize ? 1 : pg);
                setPageSize(ps);
                setSelected([]);
              },
            }}
            data-testid="roster-table"
          />
        </>
      )}
      <MarkModal
        sessionId={session.id}
        rows={marking}
        onClose={(done) => {
          setMarking(null);
          if (done) setSelected([]);
        }}
      />
    </Card>
  );
}

function MarkModal({
  sessionId,
  rows,
  onClose,
}: {
  sessionId: number;
  rows: SessionAttendanceRow[] | null;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation('run');
  const { message } = App.useApp();
  const fail = useFail();
  const [form] = Form.useForm<{ status: AttendanceStatus; reason: string }>();
  const mark = useMarkAttendance();
  const open = rows !== null && rows.length > 0;

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    if (!rows) return;
    let v: { status: AttendanceStatus; reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    try {
      const r = await mark.mutateAsync({
        sessionId,
        marks: rows.map((x) => ({ participationId: x.participationId, status: v.status, reason: v.reason.trim() })),
      });
      message.success(t('attendance.marked', { changed: r.changed, unchanged: r.unchanged }));
      onClose(true);
    } catch (e) {
      fail(e);
    }
  };

  const names = rows?.map((r) => r.teacherName) ?? [];
  return (
    <Modal
      open={open}
      title={t('attendance.markTitle', { n: names.length })}
      onCancel={() => onClose(false)}
      onOk={submit}
      okText={t('common:action.save')}
      confirmLoading={mark.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true, symbol: t('more') }}>
        {names.join('、')}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: rows?.length === 1 ? (rows[0]?.status ?? 'present') : 'present' }}
      >
        <Form.Item name="status" label={t('attendance.status')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={ATTENDANCE_STATUSES.map((s) => ({ value: s, label: t(`att.${s}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('attendance.reason')}
          extra={t('attendance.reasonHint')}
          rules={[
            { required: true, whitespace: true, message: t('attendance.reasonRequired') },
            zodRule(attendanceMark.shape.reason),
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('attendance.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------- per-participant rates ----------

function RatesView({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation('run');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useProjectAttendance(project.id, { page, pageSize });
  const threshold = project.completionRule.minAttendanceRate;

  if (list.error) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  const columns: TableProps<ProjectAttendanceRow>['columns'] = [
    { title: t('col.teacher'), dataIndex: 'teacherName' },
    { title: t('col.school'), dataIndex: 'schoolName' },
    {
      title: t('col.participation'),
      dataIndex: 'participationStatus',
      render: (v: string) => t(`pstatus.${v}`),
    },
    { title: t('rates.held'), dataIndex: 'held', align: 'right' },
    { title: t('rates.attended'), dataIndex: 'attended', align: 'right' },
    { title: t('rates.late'), dataIndex: 'late', align: 'right' },
    { title: t('rates.leave'), dataIndex: 'leave', align: 'right' },
    {
      title: t('rates.absent'),
      dataIndex: 'absent',
      align: 'right',
      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
    },
    {
      title: t('rates.rate'),
      dataIndex: 'rate',
      align: 'right',
      render: (v: number, r) =>
        r.held === 0 ? (
          '—'
        ) : v + 1e-9 < threshold ? (
          <Tooltip title={t('rates.below', { min: fmtRate(threshold) })}>
            <Tag color="red">{fmtRate(v)}</Tag>
          </Tooltip>
        ) : (
          <Typography.Text>{fmtRate(v)}</Typography.Text>
        ),
    },
  ];
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span>{t('rates.title')}</span>
          {list.data && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('rates.sub', { held: list.data.held, sessions: list.data.sessions, min: fmtRate(threshold) })}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() => exportProjectAttendance(project.id)}
          data-testid="rates-export"
        >
          {t('rates.export')}
        </Button>
      }
    >
      <Table<ProjectAttendanceRow>
        size="small"
        rowKey="participationId"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('attendance.noParticipants')} /> }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common:total', { total: n }),
          onChange: (pg, ps) => {
            setPage(ps !== pageSize ? 1 : pg);
            setPageSize(ps);
          },
        }}
        data-testid="rates-table"
      />
    </Card>
  );
}

// ---------- leave requests ----------

const LEAVE_COLORS: Record<LeaveStatus, string> = { pending: 'gold', approved: 'green', rejected: 'red' };

function LeaveView({ projectId, manage }: { projectId: number; manage: boolean }) {
  const { t, i18n } = useTranslation('run');
  const { message } = App.useApp();
  const fail = useFail();
  const [status, setStatus] = useState<LeaveStatus | 'all'>('pending');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useProjectLeave(projectId, status === 'all' ? undefined : status, page, pageSize);
  const review = useReviewLeave();
  const [rejecting, setRejecting] = useState<LeaveRequest | null>(null);
  const [reason, setReason] = useState('');

  const approve = async (r: LeaveRequest) => {
    try {
      await review.mutateAsync({ id: r.id, decision: 'approved' });
      message.success(t('leave.approved'));
    } catch (e) {
      fail(e);
    }
  };
  const reject = async () => {
    if (!rejecting) return;
    if (!reason.trim()) {
      message.error(t('leave.reasonRequired'));
      return;
    }
    try {
      await review.mutateAsync({ id: rejecting.id, decision: 'rejected', reason: reason.trim() });
      message.success(t('leave.rejected'));
      setRejecting(null);
    } catch (e) {
      fail(e);
    }
  };

  const columns: TableProps<LeaveRequest>['columns'] = [
    { title: t('col.teacher'), dataIndex: 'teacherName' },
    { title: t('col.school'), dataIndex: 'schoolName' },
    {
      title: t('attendance.session'),
      key: 'session',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.topic}</span>
          <Typography.Text type="secondary">{span(r.startsAt, r.endsAt, i18n.language)}</Typography.Text>
        </Space>
      ),
    },
    { title: t('leave.reason'), dataIndex: 'reason', render: (v: string) => <div style={{ maxWidth: 280 }}>{v}</div> },
    { title: t('leave.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
    {
      title: t('leave.status'),
      dataIndex: 'status',
      render: (v: LeaveStatus, r) => (
        <Space orientation="vertical" size={0}>
          <Tag color={LEAVE_COLORS[v]}>{t(`leave.statusOf.${v}`)}</Tag>
          {r.reviewReason && <Typography.Text type="secondary">{r.reviewReason}</Typography.Text>}
        </Space>
      ),
    },
    ...(manage
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            render: (_: unknown, r: LeaveRequest) =>
              r.status === 'pending' ? (
                <Space size={0}>
                  <Popconfirm title={t('leave.approveConfirm', { name: r.teacherName })} onConfirm={() => approve(r)}>
                    <Button type="link" size="small">
                      {t('leave.approve')}
                    </Button>
                  </Popconfirm>
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() => {
                      setReason('');
                      setRejecting(r);
                    }}
                  >
                    {t('leave.reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  if (list.error) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Card size="small" title={t('leave.title')}>
      <Segmented<LeaveStatus | 'all'>
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
        options={(['pending', 'approved', 'rejected', 'all'] as const).map((s) => ({
          value: s,
          label: t(`leave.filter.${s}`),
        }))}
      />
      <Table<LeaveRequest>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty description={status === 'pending' ? t('leave.nonePending') : t('common:state.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => t('common:total', { total: n }),
          onChange: (pg, ps) => {
            setPage(ps !== pageSize ? 1 : pg);
            setPageSize(ps);
          },
        }}
        data-testid="leave-table"
      />
      <Modal
        open={rejecting !== null}
        title={t('leave.rejectTitle', { name: rejecting?.teacherName ?? '' })}
        onCancel={() => setRejecting(null)}
        onOk={reject}
        okText={t('leave.reject')}
        okButtonProps={{ danger: true }}
        confirmLoading={review.isPending}
      >
        <Typography.Paragraph type="secondary">{rejecting?.reason}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={200}
          showCount
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('leave.rejectPlaceholder')}
        />
      </Modal>
    </Card>
  );
}
