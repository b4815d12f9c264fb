// Pieces both 学时申报 pages show: the status tag, the kind label and the detail with its history.
import type { ApplicationStatus, CreditApplication } from '@shixun/common';
import { Descriptions, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../../components/AttachmentList';
import { fmtDate } from '../../components/format';

const STATUS_COLOR: Record<ApplicationStatus, string> = {
  pending: 'gold',
  school_passed: 'blue',
  approved: 'green',
  returned: 'red',
  withdrawn: 'default',
};

export function StatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation('creditApplications');
  return (
    <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }} data-testid={`status-${status}`}>
      {t(`status.${status}`)}
    </Tag>
  );
}

export function useKindLabel() {
  const { t } = useTranslation('creditApplications');
  return (kind: string) => t(`kind.${kind}`, { defaultValue: kind });
}

const local = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/** What happened so far, oldest first (times shown in the browser's zone). */
export function ApplicationTimeline({ a }: { a: CreditApplication }) {
  const { t } = useTranslation('creditApplications');
  const items: { color: string; content: string; time?: string }[] = [
    { color: 'blue', content: t('review.submittedBy', { name: a.teacherName }), time: local(a.submittedAt) },
  ];
  if (a.schoolReviewedAt && a.schoolReviewerName && !(a.status === 'returned' && a.returnedBy === 'school')) {
    items.push({
      color: 'blue',
      content: t('review.schoolPassed', { name: a.schoolReviewerName }),
      time: local(a.schoolReviewedAt),
    });
  }
  if (a.status === 'approved') {
    items.push({
      color: 'green',
      content: t('review.decidedBy', { name: a.deciderName ?? '', hours: a.grantedHours }),
      time: local(a.decidedAt),
    });
  } else if (a.status === 'returned') {
    const byCounty = a.returnedBy === 'county';
    items.push({
      color: 'red',
      content: t('review.returnedStep', {
        name: (byCounty ? a.deciderName : a.schoolReviewerName) ?? '',
        reason: a.returnReason ?? '',
      }),
      time: local(byCounty ? a.decidedAt : a.schoolReviewedAt),
    });
  } else if (a.status === 'withdrawn') {
    items.push({ color: 'gray', content: t('review.withdrawnStep'), time: local(a.updatedAt) });
  } else {
    items.push({ color: 'gray', content: t(a.status === 'pending' ? 'review.waitingSchool' : 'review.waitingCounty') });
  }
  return (
    <Timeline
      items={items.map((i) => ({
        color: i.color,
        content: (
          <div>
            <div style={{ overflowWrap: 'anywhere' }}>{i.content}</div>
            {i.time && <Typography.Text type="secondary">{i.time}</Typography.Text>}
          </div>
        ),
      }))}
    />
  );
}

export function ApplicationDetail({ a }: { a: CreditApplication }) {
  const { t } = useTranslation('creditApplications');
  const kindLabel = useKindLabel();
  return (
    <>
      <Descriptions
        column={1}
        size="small"
        bordered
        styles={{ label: { width: 104, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'teacher', label: t('field.teacher'), children: `${a.teacherName}（${a.schoolName}）` },
          { key: 'kind', label: t('field.kind'), children: kindLabel(a.kind) },
          { key: 'title', label: t('field.title'), children: a.title },
          { key: 'date', label: t('field.occurredOn'), children: fmtDate(a.occurredOn) },
          ...(a.level ? [{ key: 'level', label: t('field.level'), children: a.level }] : []),
          ...(a.quantity != null ? [{ key: 'quantity', label: t('field.quantity'), children: a.quantity }] : []),
          { key: 'claimed', label: t('field.claimedHours'), children: a.claimedHours },
          ...(a.grantedHours != null
            ? [{ key: 'granted', label: t('field.grantedHours'), children: <strong>{a.grantedHours}</strong> }]
            : []),
          ...(a.description
            ? [
                {
                  key: 'desc',
                  label: t('field.description'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.description}</span>,
                },
              ]
            : []),
          {
            key: 'files',
            label: t('field.attachments'),
            children: a.attachments.length ? (
              <AttachmentList items={a.attachments} />
            ) : (
              <Typography.Text type="secondary">{t('review.noAttachments')}</Typography.Text>
            ),
          },
          { key: 'status', label: t('field.status'), children: <StatusTag status={a.status} /> },
        ]}
      />
      <div style={{ marginTop: 16 }}>
        <ApplicationTimeline a={a} />
      </div>
    </>
  );
}
