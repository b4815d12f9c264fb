// The plan as a month calendar: projects as bars across their days (one lane per project within a
// week, so a bar reads continuously), sessions per day; the same filters as the list; on a phone
// an agenda list instead of the grid.
import { LeftOutlined, RightOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { PlanCalendar } from '@shixun/common';
import { Badge, Button, Card, DatePicker, Drawer, Empty, Grid, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { LEVEL_BAR, LEVEL_BORDER, LEVEL_COLOR, STATUS_COLOR, useDateRange, useProjectLabels } from './labels';
import { PlanFilters, readPlanFilters } from './PlanFilters';
import { useCalendar } from './projects.api';

type CalProject = PlanCalendar['projects'][number];
type CalSession = PlanCalendar['sessions'][number];

/** Lanes shown per day cell; more projects collapse into "+N". */
const MAX_LANES = 4;

/** The later of two ISO dates. */
function laterOf(a: string, b: string) {
  if (a > b) return a;
  return b;
}

const dayButton: React.CSSProperties = {
  display: 'flex',
  justifyContent: 'space-between',
  alignItems: 'center',
  width: '100%',
  padding: '0 8px',
  fontSize: 12,
  border: 0,
  background: 'transparent',
  cursor: 'pointer',
  font: 'inherit',
  textAlign: 'left',
};

interface WeekLayout {
  days: Dayjs[];
  /** lane index per project id (within this week) */
  lanes: Map<number, number>;
  laneCount: number;
}

/** Weeks (Monday first) covering the month, each project placed in the lowest free lane. */
function layoutMonth(month: Dayjs, projects: CalProject[]): WeekLayout[] {
  const first = month.startOf('month');
  const offset = (first.day() + 6) % 7; // Monday = 0
  let cursor = first.subtract(offset, 'day');
  const end = month.endOf('month');
  const sorted = [...projects].sort(
    (a, b) => a.startDate.localeCompare(b.startDate) || b.endDate.localeCompare(a.endDate) || a.id - b.id,
  );
  const weeks: WeekLayout[] = [];
  while (!cursor.isAfter(end, 'day')) {
    const days = Array.from({ length: 7 }, (_, i) => cursor.add(i, 'day'));
    const from = days[0]!.format('YYYY-MM-DD');
    const to = days[6]!.format('YYYY-MM-DD');
    const lanes = new Map<number, number>();
    const laneEnds: string[] = []; // last date occupied per lane
    for (const p of sorted) {
      if (p.endDate < from || p.startDate > to) continue;
      const start = laterOf(p.startDate, from);
      let lane = laneEnds.findIndex((e) => e < start);
      if (lane === -1) lane = laneEnds.length;
      laneEnds[lane] = p.endDate;
      lanes.set(p.id, lane);
    }
    weeks.push({ days, lanes, laneCount: laneEnds.length });
    cursor = cursor.add(7, 'day');
  }
  return weeks;
}

export default function ProjectCalendarPage() {
  const { t } = useTranslation('projects');
  const access = accessOf(useMe().data);
  const navigate = useNavigate();
  const labels = useProjectLabels();
  const range = useDateRange();
  const screens = Grid.useBreakpoint();
  const uq = useUrlQuery();
  const monthParam = uq.str('month');
  const month =
    monthParam && /^\d{4}-(0[1-9]|1[0-2])$/.test(monthParam) ? dayjs(`${monthParam}-01`) : dayjs().startOf('month');
  const monthKey = month.format('YYYY-MM');
  const plan = readPlanFilters(uq);
  const cal = useCalendar({ month: monthKey, ...plan });
  const [openDay, setOpenDay] = useState<string | null>(null);
  const today = dayjs().format('YYYY-MM-DD');

  const projects = cal.data?.projects ?? [];
  const sessions = cal.data?.sessions ?? [];
  const weeks = useMemo(() => layoutMonth(month, projects), [month, projects]);
  const sessionsByDay = useMemo(() => {
    const m = new Map<string, CalSession[]>();
    for (const s of sessions) m.set(s.date, [...(m.get(s.date) ?? []), s]);
    for (const l of m.values()) l.sort((a, b) => a.start.localeCompare(b.start));
    return m;
  }, [sessions]);
  const projectsOn = (d: string) => projects.filter((p) => p.startDate <= d && p.endDate >= d);

  const go = (m: Dayjs) =>
    uq.set({ month: m.format('YYYY-MM') === dayjs().format('YYYY-MM') ? undefined : m.format('YYYY-MM') });
  const filtered = Object.values(plan).some((v) => v !== undefined);
  const listSearch = () => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(plan)) if (v !== undefined) p.set(k, String(v));
    if (month.year() !== dayjs().year()) p.set('year', String(month.year()));
    const s = p.toString();
    return s ? `?${s}` : '';
  };

  const header = (
    <Space wrap>
      <Button icon={<LeftOutlined />} onClick={() => go(month.subtract(1, 'month'))} aria-label={t('calendar.prev')} />
      <DatePicker
        picker="month"
        value={month}
        allowClear={false}
        onChange={(v) => v && go(v)}
        format={t('format.month')}
        style={{ width: 140 }}
      />
      <Button icon={<RightOutlined />} onClick={() => go(month.add(1, 'month'))} aria-label={t('calendar.next')} />
      <Button onClick={() => go(dayjs())}>{t('calendar.today')}</Button>
    </Space>
  );

  const weekdays = Array.from({ length: 7 }, (_, i) =>
    dayjs()
      .day((i + 1) % 7)
      .format('dd'),
  );

  const grid = (
    <section
      aria-label={month.format(t('format.month'))}
      style={{ border: '1px solid #f0f0f0', borderRadius: 8, overflow: 'hidden', background: '#fff' }}
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', background: '#fafafa' }}>
        {weekdays.map((w, i) => (
          <div
            key={w}
            style={{ padding: '6px 8px', fontWeight: 500, color: i >= 5 ? '#8c8c8c' : undefined, fontSize: 13 }}
          >
            {w}
          </div>
        ))}
      </div>
      {weeks.map((w) => {
        const shown = Math.min(w.laneCount, MAX_LANES);
        const from = w.days[0]!.format('YYYY-MM-DD');
        const to = w.days[6]!.format('YYYY-MM-DD');
        // Bars are grid items spanning their days within the week (one row per lane), drawn over the
        // day cells, so a project reads as one bar with its whole name.
        const bars = projects
          .filter((p) => p.endDate >= from && p.startDate <= to && (w.lanes.get(p.id) ?? MAX_LANES) < MAX_LANES)
          .map((p) => {
            const startIdx = p.startDate < from ? 0 : dayjs(p.startDate).diff(w.days[0]!, 'day');
            const endIdx = p.endDate > to ? 6 : dayjs(p.endDate).diff(w.days[0]!, 'day');
            return {
              p,
              startIdx,
              endIdx,
              lane: w.lanes.get(p.id)!,
              clipStart: p.startDate < from,
              clipEnd: p.endDate > to,
            };
          });
        return (
          <div
            key={from}
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
              gridTemplateRows: `26px ${shown ? `repeat(${shown}, 22px) ` : ''}minmax(22px, 1fr)`,
              minHeight: 118,
              borderTop: '1px solid #f0f0f0',
            }}
          >
            {w.days.map((d, di) => {
              const key = d.format('YYYY-MM-DD');
              const inMonth = d.month() === month.month();
              const hidden = projectsOn(key).filter((p) => (w.lanes.get(p.id) ?? 0) >= MAX_LANES).length;
              const daySessions = sessionsByDay.get(key) ?? [];
              return [
                <div
                  key={`bg-${key}`}
                  data-date={key}
                  style={{
                    gridColumn: di + 1,
                    gridRow: '1 / -1',
                    borderLeft: di ? '1px solid #f0f0f0' : undefined,
                    background: inMonth ? undefined : '#fafafa',
                  }}
                />,
                <button
                  key={`day-${key}`}
                  type="button"
                  style={{ ...dayButton, gridColumn: di + 1, gridRow: 1, zIndex: 1 }}
                  onClick={() => setOpenDay(key)}
                  aria-label={d.format(t('format.dateWeekday'))}
                >
                  <span
                    style={{
                      color: !inMonth ? '#bfbfbf' : key === today ? '#fff' : undefined,
                      background: key === today ? '#1f6feb' : undefined,
                      borderRadius: 10,
                      padding: key === today ? '0 6px' : undefined,
                      fontWeight: key === today ? 600 : undefined,
                    }}
                  >
                    {d.date()}
                  </span>
                  {daySessions.length > 0 && (
                    <Badge
                      count={t('calendar.sessionCount', { n: daySessions.length })}
                      style={{ background: '#f0f5ff', color: '#1d39c4', boxShadow: 'none', fontSize: 11 }}
                    />
                  )}
                </button>,
                hidden > 0 && (
                  <button
                    key={`more-${key}`}
                    type="button"
                    style={{
                      ...dayButton,
                      color: '#8c8c8c',
                      gridColumn: di + 1,
                      gridRow: shown + 2,
                      zIndex: 1,
                      alignItems: 'start',
                    }}
                    onClick={() => setOpenDay(key)}
                  >
                    {t('calendar.more', { n: hidden })}
                  </button>
                ),
              ];
            })}
            {bars.map(({ p, startIdx, endIdx, lane, clipStart, clipEnd }) => {
              const c = LEVEL_BAR[p.level];
              const r = (on: boolean) => (on ? 0 : 4);
              return (
                <Link
                  key={p.id}
                  to={`/projects/${p.id}`}
                  title={`${p.name}（${labels.level(p.level)}·${p.category}·${range(p.startDate, p.endDate)}）`}
                  style={{
                    gridColumn: `${startIdx + 1} / ${endIdx + 2}`,
                    gridRow: lane + 2,
                    zIndex: 1,
                    height: 20,
                    lineHeight: '20px',
                    margin: `1px ${clipEnd ? 0 : 4}px 1px ${clipStart ? 0 : 4}px`,
                    padding: '0 6px',
                    fontSize: 12,
                    background: c.bg,
                    color: c.fg,
                    borderLeft: clipStart ? undefined : `3px solid ${LEVEL_BORDER[p.level]}`,
                    borderRadius: `${r(clipStart)}px ${r(clipEnd)}px ${r(clipEnd)}px ${r(clipStart)}px`,
                    whiteSpace: 'nowrap',
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                    opacity: p.status === 'draft' ? 0.65 : 1,
                  }}
                >
                  {p.name}
                </Link>
              );
            })}
          </div>
        );
      })}
    </section>
  );

  // Phone: days that have something, as a list.
  const agendaDays = useMemo(() => {
    const out: string[] = [];
    let d = month.startOf('month');
    while (d.month() === month.month()) {
      const k = d.format('YYYY-MM-DD');
      if (sessionsByDay.has(k) || projects.some((p) => p.startDate === k || (p.startDate < k && d.date() === 1)))
        out.push(k);
      d = d.add(1, 'day');
    }
    return out;
  }, [month, projects, sessionsByDay]);

  const agenda = agendaDays.length ? (
    <div>
      {agendaDays.map((day) => (
        <div key={day} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong>{dayjs(day).format(t('format.dateWeekday'))}</Typography.Text>
          <DayContent
            day={day}
            projects={projects.filter((p) => p.startDate === day || (p.startDate < day && dayjs(day).date() === 1))}
            sessions={sessionsByDay.get(day) ?? []}
            compact
          />
        </div>
      ))}
    </div>
  ) : (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={filtered ? t('calendar.emptyFiltered') : t('calendar.empty')}
    />
  );

  return (
    <div>
      <PageHeader
        title={t('calendar.title')}
        sub={t('calendar.sub')}
        extra={
          <Button icon={<UnorderedListOutlined />} onClick={() => navigate(`/projects${listSearch()}`)}>
            {t('list.title')}
          </Button>
        }
      />
      <PlanFilters
        uq={uq}
        access={access}
        after={
          filtered && (
            <Button
              onClick={() =>
                uq.set({
                  level: undefined,
                  category: undefined,
                  mode: undefined,
                  status: undefined,
                  schoolId: undefined,
                })
              }
            >
              {t('common:action.reset')}
            </Button>
          )
        }
      />
      <Card
        size="small"
        title={<span style={{ fontSize: 16 }}>{month.format(t('format.month'))}</span>}
        extra={screens.sm ? header : undefined}
        styles={{ body: { padding: screens.md ? 12 : 8 } }}
      >
        {!screens.sm && <div style={{ marginBottom: 8 }}>{header}</div>}
        {cal.error && !cal.data ? (
          <PageError error={cal.error} onRetry={() => cal.refetch()} />
        ) : (
          <Spin spinning={cal.isFetching}>
            {screens.md ? grid : agenda}
            {screens.md && !cal.isLoading && projects.length === 0 && (
              <div style={{ textAlign: 'center', color: '#8c8c8c', marginTop: 12 }}>
                {filtered ? t('calendar.emptyFiltered') : t('calendar.empty')}
              </div>
            )}
          </Spin>
        )}
        <Space wrap size={4} style={{ marginTop: 12 }}>
          {(['国培', '省培', '市州培', '县培', '校培'] as const).map((l) => (
            <Tag key={l} color={LEVEL_COLOR[l]}>
              {labels.level(l)}
            </Tag>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('calendar.legendDraft')}
          </Typography.Text>
        </Space>
      </Card>
      <Drawer
        open={openDay !== null}
        onClose={() => setOpenDay(null)}
        title={openDay ? dayjs(openDay).format(t('format.dateWeekday')) : ''}
        size={screens.md ? 480 : '100%'}
      >
        {openDay && (
          <DayContent day={openDay} projects={projectsOn(openDay)} sessions={sessionsByDay.get(openDay) ?? []} />
        )}
      </Drawer>
    </div>
  );
}

function DayContent({
  day,
  projects,
  sessions,
  compact,
}: {
  day: string;
  projects: CalProject[];
  sessions: CalSession[];
  compact?: boolean;
}) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const range = useDateRange();
  if (!projects.length && !sessions.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calendar.dayEmpty')} />;
  return (
    <div data-day={day}>
      {projects.length > 0 && (
        <>
          {!compact && <Typography.Title level={5}>{t('calendar.projectsThatDay')}</Typography.Title>}
          {projects.map((p) => (
            <div key={p.id} style={{ padding: '6px 0', borderBottom: compact ? undefined : '1px solid #f5f5f5' }}>
              <Space size={4} wrap>
                <Tag color={LEVEL_COLOR[p.level]}>{labels.level(p.level)}</Tag>
                <Link to={`/projects/${p.id}`}>{p.name}</Link>
                <Tag color={STATUS_COLOR[p.status]}>{labels.status(p.status)}</Tag>
              </Space>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[p.category, labels.mode(p.mode), range(p.startDate, p.endDate), p.place, p.schoolName]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
              </div>
            </div>
          ))}
        </>
      )}
      {sessions.length > 0 && (
        <>
          {!compact && (
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('calendar.sessionsThatDay')}
            </Typography.Title>
          )}
          {sessions.map((s) => (
            <div key={s.id} style={{ padding: '4px 0', display: 'flex', gap: 8 }}>
              <Typography.Text code style={{ flex: 'none' }}>
                {s.start}–{s.end}
              </Typography.Text>
              <div style={{ minWidth: 0 }}>
                <div>{s.topic}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <Link to={`/projects/${s.projectId}`}>{s.projectName}</Link>
                  {[s.trainerName, s.room].filter(Boolean).map((x) => ` · ${x}`)}
                </Typography.Text>
              </div>
            </div>
          ))}
        </>
      )}
    </div>
  );
}
