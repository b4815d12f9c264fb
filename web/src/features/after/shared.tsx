// Small pieces the after-training pages share: status tags and the due-date text.
import { PLAN_TIME_ZONE, type ReflectionStatus, type ReportBack, type ReportBackStatus } from '@shixun/common';
import { Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../components/format';

const STATUS_COLORS: Record<ReportBackStatus, string> = {
  pending: 'blue',
  submitted: 'gold',
  verified: 'green',
  returned: 'red',
};

export function ReportBackStatusTag({ status }: { status: ReportBackStatus }) {
  const { t } = useTranslation('after');
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}

/** The status, and for a submission waiting for the school: "待审核 N 天" (the school's delay, not the teacher's). */
export function ReportBackStatusCell({ r }: { r: Pick<ReportBack, 'status' | 'reviewWaitDays'> }) {
  const { t } = useTranslation('after');
  if (r.status !== 'submitted' || r.reviewWaitDays == null) return <ReportBackStatusTag status={r.status} />;
  return (
    <Tag color={STATUS_COLORS.submitted} style={{ marginInlineEnd: 0 }}>
      {t('status.waitingDays', { days: r.reviewWaitDays })}
    </Tag>
  );
}

export function ReflectionStatusTag({ status, featured }: { status: ReflectionStatus; featured: boolean }) {
  const { t } = useTranslation('after');
  return (
    <>
      <Tag color={status === 'reviewed' ? 'green' : 'gold'} style={{ marginInlineEnd: 0 }}>
        {t(`rstatus.${status}`)}
      </Tag>
      {featured && (
        <Tag color="magenta" style={{ marginInlineEnd: 0, marginInlineStart: 4 }}>
          {t('reflection.featured')}
        </Tag>
      )}
    </>
  );
}

/** The county's date today, YYYY-MM-DD. */
export const countyToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: PLAN_TIME_ZONE });

/**
 * "2026年12月8日（还剩 3 天）" / "（已逾期 5 天）" while unsubmitted; once submitted, whether the teacher
 * was on time ("按期提交" / "逾期 6 天提交"): the school's review time is never the teacher's delay.
 */
export function DueText({
  r,
}: {
  r: Pick<ReportBack, 'dueOn' | 'status' | 'overdue' | 'overdueDays' | 'submittedOn'>;
}) {
  const { t } = useTranslation('after');
  const days = dayjs(r.dueOn).diff(dayjs(countyToday()), 'day');
  if (r.submittedOn) {
    return (
      <span>
        {fmtDate(r.dueOn)}{' '}
        {r.overdue ? (
          <Typography.Text type="danger">{t('due.submittedLate', { days: r.overdueDays })}</Typography.Text>
        ) : (
          <Typography.Text type="success">{t('due.submittedOnTime')}</Typography.Text>
        )}
      </span>
    );
  }
  if (r.status === 'verified') return <span>{fmtDate(r.dueOn)}</span>;
  return (
    <span>
      {fmtDate(r.dueOn)}{' '}
      {r.overdue ? (
        <Typography.Text type="danger">{t('due.overdue', { days: r.overdueDays })}</Typography.Text>
      ) : days === 0 ? (
        <Typography.Text type="warning">{t('due.today')}</Typography.Text>
      ) : (
        <Typography.Text type="secondary">{t('due.left', { days })}</Typography.Text>
      )}
    </span>
  );
}
