// Opened by scanning a research activity's rotating QR code with the phone's camera (the login
// guard sends a signed-out teacher to /login?next=… and back here). Checks in at once and answers
// big and plainly, in words a teacher acts on: done (late or not), done before, or why not.
import type { ActivityCheckinResult } from '@shixun/common';
import { Button, Spin } from 'antd';
import { type ReactNode, useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/http';
import { Outcome } from '../my/CheckinOutcome';
import { bjDayTime, fmtHours } from './my-shared';
import { useActivityCheckin } from './school-research.api';

/** Codes with their own sentence and hint; anything else shows the server's message. */
const KNOWN = [
  'QR_EXPIRED',
  'CHECKIN_CLOSED',
  'NOT_PARTICIPANT',
  'TOO_MANY_ATTEMPTS',
  'NOT_FOUND',
  'FORBIDDEN',
  'NETWORK',
];
const HINTED = ['QR_EXPIRED', 'CHECKIN_CLOSED', 'NOT_PARTICIPANT', 'TOO_MANY_ATTEMPTS'];

export default function ResearchCheckinPage() {
  const { t } = useTranslation('researchMy');
  const navigate = useNavigate();
  const id = Number(useParams().activityId);
  const token = useSearchParams()[0].get('t')?.trim() ?? '';
  const valid = Number.isInteger(id) && id > 0 && token !== '';
  const checkin = useActivityCheckin();
  const { mutate } = checkin;
  const sent = useRef<string | null>(null);
  const send = useCallback(() => mutate({ activityId: id, token }), [mutate, id, token]);

  // Once per scanned link (StrictMode runs effects twice; a second POST would read as "already").
  useEffect(() => {
    const key = `${id}:${token}`;
    if (!valid || sent.current === key) return;
    sent.current = key;
    send();
  }, [valid, id, token, send]);

  const mine = (
    <Button size="large" block onClick={() => navigate('/my/research')}>
      {t('checkin.mine')}
    </Button>
  );

  let body: ReactNode;
  if (!valid) {
    body = <Outcome kind="error" title={t('checkin.failed')} detail={t('checkin.missingToken')} actions={mine} />;
  } else if (checkin.isPending || checkin.isIdle) {
    body = (
      <div style={{ padding: '48px 0', textAlign: 'center' }} data-testid="checkin-working">
        <Spin size="large" />
        <p style={{ marginTop: 24, fontSize: 20 }}>{t('checkin.working')}</p>
      </div>
    );
  } else if (checkin.data) {
    body = <Done r={checkin.data} actions={mine} />;
  } else {
    const e = checkin.error;
    const code = e instanceof ApiError ? e.code : 'INTERNAL';
    const title = KNOWN.includes(code) ? t(`checkin.error.${code}`) : t('checkin.failed');
    // The server's sentence says what the code cannot (the activity's name, its window).
    const server = e instanceof ApiError && e.message && e.message !== title ? e.message : null;
    const retryable = code === 'NETWORK' || code === 'INTERNAL';
    body = (
      <Outcome
        kind={code === 'CHECKIN_CLOSED' || code === 'TOO_MANY_ATTEMPTS' ? 'warning' : 'error'}
        title={title}
        code={code}
        detail={
          <>
            {server && <div>{server}</div>}
            {HINTED.includes(code) && <div style={{ marginTop: 8, fontSize: 15 }}>{t(`checkin.hint.${code}`)}</div>}
          </>
        }
        actions={
          <>
            {retryable && (
              <Button type="primary" size="large" block onClick={send}>
                {t('checkin.retry')}
              </Button>
            )}
            {mine}
          </>
        }
      />
    );
  }

  return (
    <div style={{ maxWidth: 480, margin: '0 auto', background: '#fff', borderRadius: 8, padding: '24px 20px' }}>
      <div style={{ textAlign: 'center', fontSize: 15, color: '#666' }}>{t('checkin.title')}</div>
      {body}
    </div>
  );
}

function Done({ r, actions }: { r: ActivityCheckinResult; actions: ReactNode }) {
  const { t, i18n } = useTranslation('researchMy');
  const late = r.status === 'late';
  const when = bjDayTime(r.checkedAt, i18n.language);
  const title = r.alreadyCheckedIn
    ? t(r.method === 'manual' ? 'checkin.alreadyManual' : 'checkin.already', { time: when })
    : t(late ? 'checkin.successLate' : 'checkin.success');
  const row = (label: string, value: ReactNode) => (
    <>
      <dt style={{ color: '#6b6b6b' }}>{label}</dt>
      <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>{value}</dd>
    </>
  );
  return (
    <Outcome
      kind={late ? 'late' : 'success'}
      title={title}
      code={r.alreadyCheckedIn ? 'ALREADY' : late ? 'LATE' : 'OK'}
      detail={
        <dl style={{ margin: '8px 0 0', display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '6px 12px' }}>
          {row(t('checkin.activity'), r.title)}
          {row(t('checkin.type'), r.type)}
          {row(t('checkin.host'), r.schoolName)}
          {row(
            t('checkin.time'),
            <>
              {when}
              {late && <span style={{ color: '#ad4e00' }}> · {t('checkin.late')}</span>}
            </>,
          )}
          {row(t('checkin.hours'), t('checkin.hoursValue', { h: fmtHours(r.hours) }))}
        </dl>
      }
      note={t('checkin.hoursNote')}
      actions={actions}
    />
  );
}
