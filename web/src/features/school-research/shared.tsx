// Small pieces the school-research pages share: tags for status, flags and spot checks, the time
// of an activity, Beijing wall-clock → instant, and the year choices.
import type { ActivityFlag, ActivityStatus, ResearchPlanStatus, SpotCheckVerdict } from '@shixun/common';
import { Tag, Tooltip } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export const STATUS_COLORS: Record<ActivityStatus, string> = {
  open: 'processing',
  closed: 'success',
  withdrawn: 'error',
};

export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  const { t } = useTranslation('research');
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="activity-status">
      {t(`status.${status}`)}
    </Tag>
  );
}

export function FlagTags({ flags }: { flags: ActivityFlag[] }) {
  const { t } = useTranslation('research');
  if (!flags.length) return null;
  return (
    <>
      {flags.map((f) => (
        <Tooltip key={f} title={t(`flagHint.${f}`)}>
          <Tag color="warning" style={{ marginInlineEnd: 4 }}>
            {t(`flag.${f}`)}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}

const VERDICT_COLORS: Record<SpotCheckVerdict, string> = { pending: 'default', passed: 'success', failed: 'error' };

export function VerdictTag({ verdict }: { verdict: SpotCheckVerdict | null }) {
  const { t } = useTranslation('research');
  if (!verdict) return <span style={{ color: '#bfbfbf' }}>—</span>;
  return <Tag color={VERDICT_COLORS[verdict]}>{t(`verdict.${verdict}`)}</Tag>;
}

const PLAN_COLORS: Record<ResearchPlanStatus, string> = {
  none: 'default',
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  accepted: 'success',
};

export function PlanStatusTag({ status }: { status: ResearchPlanStatus }) {
  const { t } = useTranslation('research');
  return <Tag color={PLAN_COLORS[status]}>{t(`planStatus.${status}`)}</Tag>;
}

const BJ = 'Asia/Shanghai';
const fmtCache = new Map<string, Intl.DateTimeFormat>();
function bj(lang: string, kind: 'day' | 'time'): Intl.DateTimeFormat {
  const key = `${lang}|${kind}`;
  let f = fmtCache.get(key);
  if (!f) {
    const locale = lang === 'en' ? 'en-CA' : lang;
    f =
      kind === 'day'
        ? new Intl.DateTimeFormat(locale, {
            timeZone: BJ,
            year: 'numeric',
            month: lang === 'en' ? '2-digit' : 'long',
            day: lang === 'en' ? '2-digit' : 'numeric',
          })
        : new Intl.DateTimeFormat('en-GB', { timeZone: BJ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    fmtCache.set(key, f);
  }
  return f;
}

/** A day in Beijing time: "2026年3月5日" in Chinese, "2026-03-05" in English. */
export const fmtDay = (iso: string, lang: string) => bj(lang, 'day').format(new Date(iso));
/** "14:00" in Beijing time. */
export const fmtClock = (iso: string) => bj('en', 'time').format(new Date(iso));

/** "2026年3月5日 14:00–16:00" (the day repeated when it spans days), in Beijing time (the county's). */
export function fmtWhen(startsAt: string, endsAt: string, lang: string): string {
  const a = fmtDay(startsAt, lang);
  const b = fmtDay(endsAt, lang);
  return a === b
    ? `${a} ${fmtClock(startsAt)}–${fmtClock(endsAt)}`
    : `${a} ${fmtClock(startsAt)}–${b} ${fmtClock(endsAt)}`;
}

/** "2026年3月5日 14:00" in Beijing time. */
export const fmtStamp = (iso: string, lang: string) => `${fmtDay(iso, lang)} ${fmtClock(iso)}`;

/** A date and a time of day in Beijing time as an instant (ISO 8601 with +08:00). */
export const toInstant = (date: Dayjs, time: Dayjs) => `${date.format('YYYY-MM-DD')}T${time.format('HH:mm')}:00+08:00`;

export const thisYear = () => new Date().getFullYear();
export const yearOptions = (back = 4) =>
  Array.from({ length: back + 1 }, (_, i) => thisYear() - i).map((y) => ({ value: y, label: String(y) }));

/** The school year under way (September starts a new one). */
export const thisSchoolYear = () => {
  const d = new Date();
  return d.getMonth() >= 8 ? d.getFullYear() : d.getFullYear() - 1;
};
export const schoolYearOptions = () =>
  Array.from({ length: 4 }, (_, i) => thisSchoolYear() + 1 - i).map((y) => ({ value: y, label: `${y}—${y + 1}` }));
