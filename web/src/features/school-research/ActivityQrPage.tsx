// The check-in screen of a research activity on the projector, on the generic QR screen: the
// activity's times and counters (every 5 s) and its rotating code while the window is open.
import { checkinWindow, windowState } from '@shixun/common';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { QrScreen } from '../run/QrScreen';
import { useNow } from '../run/time';
import { useActivity, useActivityQr } from './school-research.api';

export default function ActivityQrPage() {
  const { t } = useTranslation('research');
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const now = useNow(250);
  const info = useActivity(id, 5_000);
  const a = info.data;
  const w = a ? checkinWindow(a.startsAt, a.endsAt) : null;
  const state = a && w ? (a.status !== 'open' ? 'after' : windowState(w, new Date(now))) : null;
  const qr = useActivityQr(id, state === 'open');

  useEffect(() => {
    if (a) document.title = `${t('qr.docTitle')} · ${a.title}`;
  }, [a, t]);

  if (!Number.isInteger(id) || id <= 0) return <PageError error={new ApiError(404, 'NOT_FOUND', t('detail.badId'))} />;
  if (info.isLoading) return <PageLoading />;
  if (info.error || !a || !w || !state) return <PageError error={info.error} onRetry={() => info.refetch()} />;

  return (
    <QrScreen
      heading={`${a.schoolName} · ${a.type}`}
      title={a.title}
      startsAt={a.startsAt}
      endsAt={a.endsAt}
      place={a.place}
      window={{ opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString() }}
      state={state}
      now={now}
      qr={{ data: qr.data, dataUpdatedAt: qr.dataUpdatedAt, error: qr.error }}
      checkedIn={a.participants}
      expected={a.expected}
      closedCounts={[
        { key: 'checkedIn', label: t('qr.checkedIn'), value: a.participants, color: '#52c41a' },
        { key: 'expected', label: t('qr.expected'), value: a.expected },
      ]}
      listLabel={t('qr.list')}
      toListLabel={t('qr.toList')}
      onList={() => navigate(`/school-research/activities/${a.id}`)}
    />
  );
}
