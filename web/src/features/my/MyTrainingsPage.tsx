// The teacher's trainings, built for a 375-px phone: cards (no wide tables) with big buttons.
// Tabs sort the teacher's participations by where they stand; each card expands to its sessions
// with the teacher's attendance and a leave request per upcoming session. Below, the projects open
// for self-enrolment (first come, first served; a waiting list when full).
import {
  CalendarOutlined,
  ClockCircleOutlined,
  EnvironmentOutlined,
  SafetyCertificateOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import {
  CHECKIN_OPENS_BEFORE_MINUTES,
  leaveBody,
  type MyTraining,
  type OpenProject,
  PARTICIPANT_STATUSES,
  type ParticipationStatus,
} from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Pagination,
  Progress,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtDate, fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { applyFieldErrors, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import {
  certificatePrintPath,
  useEnrol,
  useMyAttendance,
  useMyTrainings,
  useOpenProjects,
  useRequestLeave,
  useWithdraw,
} from './my.api';
import { chinaToday, fmtClock, fmtRange, fmtSession, LevelTag, StatusTag } from './shared';
import { TodoCard } from './TodoCard';

const TABS = ['ongoing', 'upcoming', 'done', 'all'] as const;
type TabKey = (typeof TABS)[number];

/** Where a participation stands for the teacher (null: only under 全部). */
function bucketOf(x: MyTraining, today: string): Exclude<TabKey, 'all'> | null {
  if (x.status === 'completed') return 'done';
  if (x.status === 'enrolled') {
    if (x.projectStatus === 'running' || x.projectStatus === 'assessing') return 'ongoing';
    if ((x.projectStatus === 'published' || x.projectStatus === 'enrolling') && x.startDate <= today) return 'ongoing';
  }
  if (
    (x.status === 'enrolled' || x.status === 'nominated' || x.status === 'waitlisted') &&
    (x.projectStatus === 'published' || x.projectStatus === 'enrolling')
  )
    return 'upcoming';
  return null;
}

const isParticipant = (s: ParticipationStatus) => PARTICIPANT_STATUSES.includes(s);

/** A label–value line of a card; wraps under a phone's width. */
function Line({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', lineHeight: 1.7 }}>
      <Typography.Text type="secondary" style={{ flex: '0 0 auto', whiteSpace: 'nowrap' }}>
        {icon} {label}
      </Typography.Text>
      <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</span>
    </div>
  );
}

const big = { size: 'large' as const, style: { flex: '1 1 140px' } };

export default function MyTrainingsPage() {
  const { t } = useTranslation('my');
  const uq = useUrlQuery();
  const list = useMyTrainings();
  const today = chinaToday();

  if (list.isLoading) return <PageLoading />;
  if (list.error && !list.data) return <PageError error={list.error} onRetry={() => list.refetch()} />;

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const buckets: Record<TabKey, MyTraining[]> = { ongoing: [], upcoming: [], done: [], all: items };
  for (const x of items) {
    const b = bucketOf(x, today);
    if (b) buckets[b].push(x);
  }
  const asked = TABS.find((k) => k === uq.str('tab'));
  // Open on what matters now: running training first, then what is coming.
  const tab: TabKey = asked ?? (buckets.ongoing.length ? 'ongoing' : buckets.upcoming.length ? 'upcoming' : 'all');
  const shown = buckets[tab];

  return (
    <div style={{ maxWidth: 760 }}>
      <PageHeader title={t('trainings.title')} sub={t('trainings.sub')} />
      <TodoCard />
      <Tabs
        activeKey={tab}
        tabBarGutter={20}
        onChange={(k) => uq.set({ tab: k })}
        items={TABS.map((k) => ({
          key: k,
          label: (
            <span data-testid={`tab-${k}`}>
              {t(`trainings.tab.${k}`)}
              {buckets[k].length > 0 && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 4 }}>
                  {buckets[k].length}
                </Typography.Text>
              )}
            </span>
          ),
        }))}
      />
      {shown.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`trainings.empty.${tab}`)} />
        </Card>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {shown.map((x) => (
            <TrainingCard key={x.participationId} x={x} />
          ))}
        </Space>
      )}
      {list.hasNextPage && (
        <Button
          block
          size="large"
          style={{ marginTop: 12 }}
          loading={list.isFetchingNextPage}
          onClick={() => list.fetchNextPage()}
        >
          {t('trainings.loadMore')}
        </Button>
      )}
      <OpenProjects />
    </div>
  );
}

function TrainingCard({ x }: { x: MyTraining }) {
  const { t } = useTranslation('my');
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const withdraw = useWithdraw();

  const onWithdraw = () =>
    modal.confirm({
      title: t('trainings.withdrawTitle', { name: x.projectName }),
      content: t('trainings.withdrawBody'),
      okText: t('trainings.withdrawOk'),
      okButtonProps: { danger: true },
      cancelText: t('common:action.cancel'),
      onOk: async () => {
        try {
          await withdraw.mutateAsync(x.projectId);
          message.success(t('trainings.withdrawn', { name: x.projectName }));
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });

  const participant = isParticipant(x.status);
  return (
    <Card size="small" styles={{ body: { padding: 16 } }} data-testid={`training-${x.projectId}`}>
      <Typography.Text strong style={{ fontSize: 16, display: 'block', marginBottom: 8 }}>
        {x.projectName}
      </Typography.Text>
      <Space size={[6, 6]} wrap style={{ marginBottom: 8 }}>
        <LevelTag level={x.level} />
        <Tag style={{ marginInlineEnd: 0 }}>{t(`mode.${x.mode}`)}</Tag>
        <StatusTag status={x.status} position={x.waitlistPosition} />
      </Space>
      <Line icon={<CalendarOutlined />} label={t('trainings.dates')}>
        {fmtRange(x.startDate, x.endDate)}
      </Line>
      {x.place && (
        <Line icon={<EnvironmentOutlined />} label={t('trainings.place')}>
          {x.place}
        </Line>
      )}
      <Line icon={<ClockCircleOutlined />} label={t('trainings.hours')}>
        {x.hours}
        {x.organiser && (
          <Typography.Text type="secondary">
            {' · '}
            {t('trainings.organiser')} {x.organiser}
          </Typography.Text>
        )}
      </Line>
      {(x.result || x.score != null || x.externalCertificateNo) && (
        <Line icon={<TrophyOutlined />} label={t('trainings.result')}>
          <Space size={6} wrap>
            {x.result && (
              <Tag color={x.result === '不合格' ? 'red' : x.result === '优秀' ? 'gold' : 'green'}>
                {t(`result.${x.result}`)}
              </Tag>
            )}
            {x.score != null && t('trainings.score', { score: x.score })}
            {x.externalCertificateNo && (
              <Typography.Text type="secondary">
                {t('trainings.externalCertificate', { no: x.externalCertificateNo })}
              </Typography.Text>
            )}
          </Space>
        </Line>
      )}
      {x.reviewReason && (x.status === 'rejected' || x.status === 'withdrawn') && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {t('trainings.reviewReason', { reason: x.reviewReason })}
        </Typography.Paragraph>
      )}
      {x.canWithdraw && x.enrolDeadline && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
          {t('trainings.deadline', { date: fmtDate(x.enrolDeadline) })}
        </Typography.Paragraph>
      )}
      {(participant || x.certificateNumber || x.canWithdraw) && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 }}>
          {participant && (
            <Button {...big} onClick={() => setOpen((v) => !v)} aria-expanded={open}>
              {open ? t('trainings.hideSessions') : t('trainings.sessions')}
            </Button>
          )}
          {x.certificateNumber && (
            <Button
              {...big}
              icon={<SafetyCertificateOutlined />}
              onClick={() => navigate(certificatePrintPath(x.certificateNumber!))}
            >
              {t('trainings.certificate')}
            </Button>
          )}
          {x.canWithdraw && (
            <Button {...big} danger loading={withdraw.isPending} onClick={onWithdraw}>
              {t('trainings.withdraw')}
            </Button>
          )}
        </div>
      )}
      {open && <Sessions x={x} />}
    </Card>
  );
}

function Sessions({ x }: { x: MyTraining }) {
  const { t, i18n } = useTranslation('my');
  const att = useMyAttendance(x.projectId, true);
  const [leaveFor, setLeaveFor] = useState<{ id: number; topic: string } | null>(null);

  if (att.isLoading) return <Skeleton active style={{ marginTop: 16 }} />;
  if (att.error || !att.data) return <PageError error={att.error} onRetry={() => att.refetch()} />;
  const { items, summary } = att.data;
  // Coming sessions first (in order), then the past ones, latest first.
  const coming = items.filter((s) => !s.ended).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = items.filter((s) => s.ended);
  const canLeave = x.status === 'enrolled' && x.projectStatus !== 'closed';

  return (
    <div style={{ marginTop: 16, borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
      {summary && summary.held > 0 && (
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 8 }}>
          <Progress
            type="circle"
            size={60}
            percent={Math.round(summary.rate * 100)}
            format={() => <span style={{ fontSize: 14 }}>{Math.round(summary.rate * 100)}%</span>}
            status={summary.rate < 0.8 ? 'exception' : 'normal'}
          />
          <div>
            <Typography.Text strong>{t('trainings.rate')}</Typography.Text>
            <br />
            <Typography.Text type="secondary">
              {t('trainings.summary', {
                held: fmtInt(summary.held),
                attended: fmtInt(summary.attended),
                leave: fmtInt(summary.leave),
                absent: fmtInt(summary.absent),
              })}
            </Typography.Text>
          </div>
        </div>
      )}
      {items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('trainings.noSessions')} style={{ margin: 8 }} />
      )}
      {[...coming, ...past].map((s) => {
        const attended = s.status === 'present' || s.status === 'late';
        const leaveBlocked = s.leaveStatus === 'pending' || s.leaveStatus === 'approved';
        // Inside the check-in window now: say so, the teacher is probably in the room.
        const checkinOpen =
          !s.ended && !s.status && Date.now() >= Date.parse(s.startsAt) - CHECKIN_OPENS_BEFORE_MINUTES * 60_000;
        const color =
          s.status === 'present'
            ? 'green'
            : s.status === 'late'
              ? 'orange'
              : s.status === 'leave'
                ? 'blue'
                : s.status === 'absent' || s.ended
                  ? 'red'
                  : checkinOpen
                    ? 'processing'
                    : 'default';
        const label = s.status
          ? t(`att.${s.status}`)
          : s.ended
            ? t('att.noneEnded')
            : checkinOpen
              ? t('att.open')
              : t('att.none');
        return (
          <div
            key={s.sessionId}
            data-testid={`session-${s.sessionId}`}
            style={{
              display: 'flex',
              flexWrap: 'wrap',
              alignItems: 'center',
              gap: 8,
              padding: '10px 0',
              borderBottom: '1px solid #f5f5f5',
              opacity: s.ended ? 0.85 : 1,
            }}
          >
            <div style={{ flex: '1 1 200px', minWidth: 0 }}>
              <Typography.Text strong>{s.topic}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {fmtSession(s.startsAt, s.endsAt, i18n.language)}
                {s.room ? ` · ${s.room}` : ''}
              </Typography.Text>
            </div>
            <Space size={6} wrap>
              <Tag color={color} style={{ marginInlineEnd: 0 }}>
                {label}
                {/* a hand-marked record's time is when it was marked, not an arrival */}
                {attended && s.method === 'qr' && s.checkedAt ? ` ${fmtClock(s.checkedAt, i18n.language)}` : ''}
              </Tag>
              {s.leaveStatus && s.status !== 'leave' && (
                <Tag
                  color={s.leaveStatus === 'rejected' ? 'red' : s.leaveStatus === 'approved' ? 'blue' : 'gold'}
                  style={{ marginInlineEnd: 0 }}
                >
                  {t(`leaveStatus.${s.leaveStatus}`)}
                </Tag>
              )}
              {canLeave && !s.ended && !attended && s.status !== 'leave' && !leaveBlocked && (
                <Button size="large" onClick={() => setLeaveFor({ id: s.sessionId, topic: s.topic })}>
                  {t('trainings.leave')}
                </Button>
              )}
            </Space>
          </div>
        );
      })}
      <LeaveModal projectId={x.projectId} session={leaveFor} onClose={() => setLeaveFor(null)} />
    </div>
  );
}

function LeaveModal({
  projectId,
  session,
  onClose,
}: {
  projectId: number;
  session: { id: number; topic: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('my');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const leave = useRequestLeave(projectId);

  const submit = async () => {
    if (!session) return;
    const { reason } = await form.validateFields();
    try {
      await leave.mutateAsync({ sessionId: session.id, reason: reason.trim() });
      message.success(t('trainings.leaveSent'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={!!session}
      title={session ? t('trainings.leaveTitle', { topic: session.topic }) : ''}
      okText={t('trainings.leaveSubmit')}
      cancelText={t('common:action.cancel')}
      okButtonProps={{ size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      confirmLoading={leave.isPending}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('trainings.leaveReason')}
          rules={[{ required: true, whitespace: true, message: '请填写请假原因' }, zodRule(leaveBody.shape.reason)]}
          extra={t('trainings.leaveHint')}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('trainings.leaveReasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------- open for self-enrolment ----------

const OPEN_PAGE = 10;

function OpenProjects() {
  const { t } = useTranslation('my');
  const [page, setPage] = useState(1);
  const open = useOpenProjects(page, OPEN_PAGE);

  return (
    <section style={{ marginTop: 32 }} aria-labelledby="open-projects">
      <PageHeader title={<span id="open-projects">{t('open.title')}</span>} sub={t('open.sub')} />
      {open.isLoading ? (
        <Skeleton active />
      ) : open.error && !open.data ? (
        <PageError error={open.error} onRetry={() => open.refetch()} />
      ) : !open.data?.items.length ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('open.empty')} />
        </Card>
      ) : (
        <>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {open.data.items.map((p) => (
              <OpenCard key={p.projectId} p={p} />
            ))}
          </Space>
          {open.data.total > OPEN_PAGE && (
            <Pagination
              simple
              style={{ marginTop: 16, textAlign: 'center' }}
              current={page}
              pageSize={OPEN_PAGE}
              total={open.data.total}
              onChange={setPage}
            />
          )}
        </>
      )}
    </section>
  );
}

/** Statuses that already hold or ask for a place: no second enrolment. */
const HOLDING: readonly ParticipationStatus[] = ['nominated', 'enrolled', 'waitlisted', 'completed', 'failed'];

function OpenCard({ p }: { p: OpenProject }) {
  const { t } = useTranslation('my');
  const { modal, message } = App.useApp();
  const enrol = useEnrol();
  const full = p.capacity != null && p.enrolled >= p.capacity;
  const mine = p.myStatus && HOLDING.includes(p.myStatus) ? p.myStatus : null;

  const onEnrol = async () => {
    try {
      const r = await enrol.mutateAsync(p.projectId);
      // The outcome must be unmistakable: a place, or a numbered place on the waiting list.
      if (r.status === 'enrolled')
        modal.success({
          title: t('open.enrolledTitle'),
          content: t('open.enrolledBody', { name: p.name }),
          okText: t('open.ok'),
        });
      else
        modal.warning({
          title: t('open.waitlistedTitle'),
          content: t('open.waitlistedBody', { name: p.name, n: r.position ?? '—' }),
          okText: t('open.ok'),
        });
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Card
      size="small"
      styles={{ body: { padding: 16 } }}
      style={p.eligible ? undefined : { background: '#fafafa' }}
      data-testid={`open-${p.projectId}`}
    >
      <div style={{ opacity: p.eligible ? 1 : 0.6 }}>
        <Typography.Text strong style={{ fontSize: 16, display: 'block', marginBottom: 8 }}>
          {p.name}
        </Typography.Text>
        <Space size={[6, 6]} wrap style={{ marginBottom: 8 }}>
          <LevelTag level={p.level} />
          <Tag style={{ marginInlineEnd: 0 }}>{t(`mode.${p.mode}`)}</Tag>
          <Tag style={{ marginInlineEnd: 0 }}>{p.category}</Tag>
        </Space>
        <Line icon={<CalendarOutlined />} label={t('trainings.dates')}>
          {fmtRange(p.startDate, p.endDate)}
        </Line>
        {p.place && (
          <Line icon={<EnvironmentOutlined />} label={t('trainings.place')}>
            {p.place}
          </Line>
        )}
        <Line icon={<ClockCircleOutlined />} label={t('trainings.hours')}>
          {p.hours}
          {p.organiser && (
            <Typography.Text type="secondary">
              {' · '}
              {t('trainings.organiser')} {p.organiser}
            </Typography.Text>
          )}
        </Line>
        <div style={{ marginTop: 4 }}>
          <Typography.Text>
            {p.capacity != null
              ? t('open.places', { enrolled: fmtInt(p.enrolled), capacity: fmtInt(p.capacity) })
              : t('open.placesUnlimited', { enrolled: fmtInt(p.enrolled) })}
          </Typography.Text>
          {p.waitlisted > 0 && (
            <Typography.Text type="secondary">
              {' · '}
              {t('open.waitlisted', { n: fmtInt(p.waitlisted) })}
            </Typography.Text>
          )}
        </div>
        {p.enrolDeadline && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('trainings.deadline', { date: fmtDate(p.enrolDeadline) })}
          </Typography.Text>
        )}
        {p.description && (
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true }} style={{ margin: '8px 0 0' }}>
            {p.description}
          </Typography.Paragraph>
        )}
      </div>
      {!p.eligible ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={t('open.ineligible')}
          description={p.reasons.join('；')}
        />
      ) : mine ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('open.mine')}</Typography.Text>
          <StatusTag status={mine} />
        </div>
      ) : (
        <>
          {full && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('open.full')} />}
          <Button
            type="primary"
            size="large"
            block
            style={{ marginTop: 12 }}
            loading={enrol.isPending}
            onClick={onEnrol}
          >
            {full ? t('open.enrolWaitlist') : t('open.enrol')}
          </Button>
        </>
      )}
    </Card>
  );
}
