// The check-in screen of a project session, on the generic QR screen: the session's times and
// counters (every 5 s, in every state) and its rotating code while the window is open.
import { windowState } from '@shixun/common';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { QrScreen } from './QrScreen';
import { useSessionAttendance, useSessionQr } from './run.api';
import { useNow } from './time';

const GREEN = '#52c41a';

export default function SessionQrPage() {
  const { t } = useTranslation('run');
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const now = useNow(250);
  const info = useSessionAttendance(id, { page: 1, pageSize: 1 }, 5_000);
  const s = info.data?.session;
  const state = s
    ? windowState({ opensAt: new Date(s.window.opensAt), closesAt: new Date(s.window.closesAt) }, new Date(now))
    : null;
  const qr = useSessionQr(id, state === 'open');

  useEffect(() => {
    if (s) document.title = `${t('qr.docTitle')} · ${s.topic}`;
  }, [s, t]);

  if (!Number.isInteger(id) || id <= 0) return <PageError error={new ApiError(404, 'NOT_FOUND', t('qr.badId'))} />;
  if (info.isLoading) return <PageLoading />;
  if (info.error || !info.data || !s || !state) return <PageError error={info.error} onRetry={() => info.refetch()} />;

  const counts = info.data.counts;
  const attendanceLink = `/projects/${s.projectId}?tab=attendance&session=${s.id}`;
  return (
    <QrScreen
      heading={s.projectName}
      title={s.topic}
      startsAt={s.startsAt}
      endsAt={s.endsAt}
      place={s.room}
      window={s.window}
      state={state}
      now={now}
      qr={{ data: qr.data, dataUpdatedAt: qr.dataUpdatedAt, error: qr.error }}
      checkedIn={counts.present + counts.late}
      expected={counts.expected}
      breakdown={t('qr.breakdown', { present: counts.present, late: counts.late, leave: counts.leave })}
      closedCounts={[
        { key: 'present', label: t('att.present'), value: counts.present, color: GREEN },
        { key: 'late', label: t('att.late'), value: counts.late, color: '#faad14' },
        { key: 'leave', label: t('att.leave'), value: counts.leave, color: '#69b1ff' },
        { key: 'absent', label: t('att.absent'), value: counts.absent + counts.none, color: '#ff7875' },
        { key: 'expected', label: t('qr.expectedLabel'), value: counts.expected },
      ]}
      listLabel={t('qr.attendanceList')}
      toListLabel={t('qr.toAttendance')}
      onList={() => navigate(attendanceLink)}
    />
  );
}
