// The trainer's home (我的授课): upcoming sessions with a one-click QR screen, and the projects they
// teach with shortcuts to attendance, assessment and certificates.
import { CalendarOutlined, QrcodeOutlined, TeamOutlined } from '@ant-design/icons';
import {
  checkinWindow,
  formatHours,
  type PlanCalendar,
  type ProjectListItem,
  type ProjectStatus,
  windowState,
} from '@shixun/common';
import { Button, Card, Empty, Result, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { fmtDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useCalendarMonths, useTeachingProjects, useTrainerMe } from './run.api';
import { chinaDay, chinaMonth, clock, dayLabel, useNow } from './time';

const STATUS_COLORS: Record<ProjectStatus, string> = {
  draft: 'default',
  published: 'cyan',
  enrolling: 'blue',
  running: 'processing',
  assessing: 'orange',
  closed: 'default',
};

const UPCOMING = 8;

type CalendarSession = PlanCalendar['sessions'][number];

export default function TeachingPage() {
  const { t, i18n } = useTranslation('run');
  const navigate = useNavigate();
  const now = useNow(30_000);
  const me = useTrainerMe();
  const projects = useTeachingProjects();
  const months = useMemo(() => [chinaMonth(now), chinaMonth(now, 1)], [now]);
  const calendars = useCalendarMonths(months);

  const upcoming = useMemo(() => {
    const seen = new Set<number>();
    const out: CalendarSession[] = [];
    for (const c of calendars) {
      for (const s of c.data?.sessions ?? []) {
        if (seen.has(s.id) || new Date(s.endsAt).getTime() < now) continue;
        seen.add(s.id);
        out.push(s);
      }
    }
    return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt)).slice(0, UPCOMING);
  }, [calendars, now]);

  if (me.isLoading || projects.isLoading) return <PageLoading />;
  if (me.error) return <PageError error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) {
    return <Result status="info" title={t('teaching.notLinked')} subTitle={t('teaching.notLinkedHint')} />;
  }
  if (projects.error) return <PageError error={projects.error} onRetry={() => projects.refetch()} />;
  const trainer = me.data;
  const today = chinaDay(now);
  const calendarsLoading = calendars.some((c) => c.isLoading);
  const calendarError = calendars.find((c) => c.error)?.error;

  const tabLink = (id: number, tab: string) => `/projects/${id}?tab=${tab}`;
  const columns: TableProps<ProjectListItem>['columns'] = [
    {
      title: t('teaching.project'),
      dataIndex: 'name',
      render: (v: string, p) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/projects/${p.id}`}>{v}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`level.${p.level}`, { defaultValue: p.level })} · {p.category} ·{' '}
            {t('teaching.hours', { n: formatHours(p.hours) })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('teaching.dates'),
      key: 'dates',
      render: (_, p) =>
        p.startDate === p.endDate ? fmtDate(p.startDate) : `${fmtDate(p.startDate)} – ${fmtDate(p.endDate)}`,
    },
    {
      title: t('teaching.status'),
      dataIndex: 'status',
      render: (v: ProjectStatus) => <Tag color={STATUS_COLORS[v]}>{t(`projectStatus.${v}`)}</Tag>,
    },
    {
      title: t('teaching.participants'),
      key: 'participants',
      align: 'right',
      render: (_, p) => p.participants.enrolled + p.participants.completed + p.participants.failed,
    },
    { title: t('teaching.sessions'), dataIndex: 'sessionCount', align: 'right' },
    {
      title: t('common:action.operations'),
      key: 'actions',
      render: (_, p) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => navigate(tabLink(p.id, 'attendance'))}>
            {t('teaching.toAttendance')}
          </Button>
          <Button type="link" size="small" onClick={() => navigate(tabLink(p.id, 'assessment'))}>
            {t('teaching.toAssessment')}
          </Button>
          <Button type="link" size="small" onClick={() => navigate(tabLink(p.id, 'certificates'))}>
            {t('teaching.toCertificates')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="teaching-page">
      <PageHeader
        title={t('teaching.title')}
        sub={[trainer.name, trainer.organisation, trainer.title].filter(Boolean).join(' · ')}
      />
      <Card
        title={
          <Space>
            <CalendarOutlined />
            {t('teaching.upcoming')}
          </Space>
        }
        style={{ marginBottom: 16 }}
        loading={calendarsLoading}
      >
        {calendarError ? (
          <PageError
            error={calendarError}
            onRetry={() => {
              for (const c of calendars) void c.refetch();
            }}
          />
        ) : upcoming.length === 0 ? (
          <Empty description={t('teaching.noUpcoming')} />
        ) : (
          <div data-testid="upcoming">
            {upcoming.map((s, i) => {
              const state = windowState(checkinWindow(s.startsAt, s.endsAt), new Date(now));
              const isToday = chinaDay(s.startsAt) === today;
              return (
                <div
                  key={s.id}
                  style={{
                    display: 'flex',
                    flexWrap: 'wrap',
                    alignItems: 'center',
                    gap: 12,
                    padding: '12px 0',
                    borderTop: i === 0 ? undefined : '1px solid #f0f0f0',
                  }}
                >
                  <DateBlock iso={s.startsAt} lang={i18n.language} />
                  <div style={{ flex: '1 1 240px', minWidth: 0 }}>
                    <Space wrap size={6}>
                      <Typography.Text strong>{s.topic}</Typography.Text>
                      {state === 'open' ? (
                        <Tag color="processing">{t('teaching.open')}</Tag>
                      ) : isToday ? (
                        <Tag color="orange">{t('teaching.today')}</Tag>
                      ) : null}
                    </Space>
                    <div>
                      <Typography.Text type="secondary">{s.projectName}</Typography.Text>
                    </div>
                    <Typography.Text type="secondary">
                      {clock(s.startsAt)}–{clock(s.endsAt)}
                      {s.room ? ` · ${s.room}` : ''}
                    </Typography.Text>
                  </div>
                  <Space wrap>
                    <Button
                      type={state === 'open' ? 'primary' : 'default'}
                      icon={<QrcodeOutlined />}
                      href={`/sessions/${s.id}/qr`}
                      target="_blank"
                      rel="noopener"
                    >
                      {t('teaching.qr')}
                    </Button>
                    <Button
                      icon={<TeamOutlined />}
                      onClick={() => navigate(`${tabLink(s.projectId, 'attendance')}&session=${s.id}`)}
                    >
                      {t('teaching.attendance')}
                    </Button>
                  </Space>
                </div>
              );
            })}
          </div>
        )}
      </Card>
      <Card title={t('teaching.projects')}>
        <Table<ProjectListItem>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={projects.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('teaching.noProjects')} /> }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common:total', { total: n }) }}
          data-testid="teaching-projects"
        />
      </Card>
    </div>
  );
}

function DateBlock({ iso, lang }: { iso: string; lang: string }) {
  const label = dayLabel(iso, lang);
  return (
    <div
      style={{
        width: 64,
        textAlign: 'center',
        border: '1px solid #d6e4ff',
        borderRadius: 8,
        background: '#f0f5ff',
        padding: '6px 0',
        color: '#1f6feb',
        fontSize: 12,
        lineHeight: 1.5,
      }}
    >
      <div style={{ fontSize: 16, fontWeight: 600 }}>{clock(iso)}</div>
      <div>{label}</div>
    </div>
  );
}
