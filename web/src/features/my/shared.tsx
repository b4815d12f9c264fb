// Small pieces the my-feature pages share: tags for the stored vocabularies and China-time formats.
import { type Level, type ParticipationStatus, PLAN_TIME_ZONE } from '@shixun/common';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtDate } from '../../components/format';
import { type Notification, useMarkRead } from './my.api';

const LEVEL_COLORS: Record<Level, string> = {
  国培: 'red',
  省培: 'volcano',
  市州培: 'orange',
  县培: 'blue',
  校培: 'green',
};

export function LevelTag({ level }: { level: Level }) {
  const { t } = useTranslation('my');
  return (
    <Tag color={LEVEL_COLORS[level]} style={{ marginInlineEnd: 0 }}>
      {t(`level.${level}`)}
    </Tag>
  );
}

export const STATUS_COLORS: Record<ParticipationStatus, string> = {
  nominated: 'gold',
  rejected: 'red',
  enrolled: 'blue',
  waitlisted: 'orange',
  withdrawn: 'default',
  completed: 'green',
  failed: 'red',
};

export function StatusTag({ status, position }: { status: ParticipationStatus; position?: number | null }) {
  const { t } = useTranslation('my');
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {status === 'waitlisted' && position ? t('trainings.waitlist', { n: position }) : t(`pstatus.${status}`)}
    </Tag>
  );
}

/** "2026年9月1日 – 2026年9月3日", one date when the project lasts a day. */
export function fmtRange(start: string, end: string): string {
  return start === end ? fmtDate(start) : `${fmtDate(start)} – ${fmtDate(end)}`;
}

const LOCALES: Record<string, string> = { 'zh-CN': 'zh-CN', en: 'en-US', 'zh-TW': 'zh-TW' };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Session times are Beijing wall-clock, wherever the phone is. */
function china(lang: string, kind: 'day' | 'time' | 'dayTime'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const day: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', weekday: 'short' };
    const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat(LOCALES[lang] ?? 'zh-CN', {
      timeZone: PLAN_TIME_ZONE,
      ...(kind === 'day' ? day : kind === 'time' ? time : { month: 'short', day: 'numeric', ...time }),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "10月10日周五 08:30–11:30" */
export function fmtSession(startsAt: string, endsAt: string, lang: string): string {
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  return `${china(lang, 'day').format(s)} ${china(lang, 'time').format(s)}–${china(lang, 'time').format(e)}`;
}

/** "09:02" in Beijing time. */
export function fmtClock(iso: string, lang: string): string {
  return china(lang, 'time').format(new Date(iso));
}

/** "10月10日 09:02" in Beijing time. */
export function fmtDayTime(iso: string, lang: string): string {
  return china(lang, 'dayTime').format(new Date(iso));
}

/** Today's date in Beijing as YYYY-MM-DD (to compare with project dates). */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: PLAN_TIME_ZONE }).format(now);
}

/** "11-03 09:30" this year, "2025-11-03 09:30" before. */
export function fmtNoticeTime(iso: string): string {
  const d = dayjs(iso);
  return d.format(d.year() === dayjs().year() ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm');
}

/** Marks the message read (when unread) and follows its link, if any. */
export function useOpenNotification() {
  const navigate = useNavigate();
  const mark = useMarkRead();
  return (n: Notification) => {
    if (!n.readAt) mark.mutate([n.id]);
    if (!n.link) return;
    if (/^https?:\/\//.test(n.link)) window.open(n.link, '_blank', 'noopener');
    else navigate(n.link);
  };
}
