// Opened by scanning the trainer's rotating QR code with the phone's camera (the login guard sends
// a signed-out teacher to /login?next=… and back here). Checks in at once and answers big and
// plainly: success (late or not), an earlier check-in, or why not, in words a teacher acts on.
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import type { CheckinResult } from '@shixun/common';
import { Button, Card, Spin, Typography } from 'antd';
import { type ReactNode, useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/http';
import { useCheckin } from './my.api';
import { fmtClock, fmtDayTime } from './shared';

/** Codes with their own sentence; anything else shows the server's message. */
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

export default function CheckinPage() {
  const { t } = useTranslation('my');
  const navigate = useNavigate();
  const { sessionId } = useParams();
  const [params] = useSearchParams();
  const token = params.get('t')?.trim() ?? '';
  const id = Number(sessionId);
  const valid = Number.isInteger(id) && id > 0 && token !== '';
  const checkin = useCheckin();
  const { mutate } = checkin;
  const sent = useRef<string | null>(null);

  const send = useCallback(() => mutate({ sessionId: id, token }), [mutate, id, token]);

  // Once per scanned link (StrictMode runs effects twice; a second POST would read as "already").
  useEffect(() => {
    const key = `${id}:${token}`;
    if (!valid || sent.current === key) return;
    sent.current = key;
    send();
  }, [valid, id, token, send]);

  const mine = (
    <Button size="large" block onClick={() => navigate('/my/trainings')}>
      {t('checkin.myTrainings')}
    </Button>
  );

  let body: ReactNode;
  if (!valid) {
    body = <Outcome kind="error" title={t('checkin.failed')} detail={t('checkin.error.missingToken')} actions={mine} />;
  } else if (checkin.isPending || checkin.isIdle) {
    body = (
      <div style={{ padding: '48px 0', textAlign: 'center' }} data-testid="checkin-working">
        <Spin size="large" />
        <Typography.Paragraph style={{ marginTop: 24, fontSize: 20 }}>{t('checkin.working')}</Typography.Paragraph>
      </div>
    );
  } else if (checkin.data) {
    body = <Success r={checkin.data} actions={mine} />;
  } else {
    const e = checkin.error;
    const code = e instanceof ApiError ? e.code : 'INTERNAL';
    const title = KNOWN.includes(code) ? t(`checkin.error.${code}`) : t('checkin.failed');
    // The server's sentence adds what the code alone cannot say (e.g. the window's times).
    const server = e instanceof ApiError && e.message && e.message !== title ? e.message : null;
    // A new scan is what fixes the others (the token rotates every 30 s).
    const retryable = code === 'NETWORK' || code === 'INTERNAL';
    body = (
      <Outcome
        kind={code === 'CHECKIN_CLOSED' || code === 'TOO_MANY_ATTEMPTS' ? 'warning' : 'error'}
        title={title}
        detail={
          <>
            {server && <div>{server}</div>}
            {HINTED.includes(code) && <div style={{ marginTop: 8, fontSize: 15 }}>{t(`checkin.hint.${code}`)}</div>}
          </>
        }
        code={code}
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
    <div style={{ maxWidth: 480, margin: '0 auto' }}>
      <Card styles={{ body: { padding: '24px 20px' } }}>
        <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', fontSize: 15 }}>
          {t('checkin.title')}
        </Typography.Text>
        {body}
      </Card>
    </div>
  );
}

function Success({ r, actions }: { r: CheckinResult; actions: ReactNode }) {
  const { t, i18n } = useTranslation('my');
  const late = r.status === 'late';
  const clock = fmtClock(r.checkedAt, i18n.language);
  // "late" is spelled out in the details below; the title stays short enough for one line or two.
  const title = r.alreadyCheckedIn
    ? t(r.method === 'manual' ? 'checkin.alreadyManual' : 'checkin.already', { time: clock })
    : t(late ? 'checkin.successLate' : 'checkin.success');
  return (
    <Outcome
      kind={late ? 'late' : 'success'}
      title={title}
      code={r.alreadyCheckedIn ? 'ALREADY' : late ? 'LATE' : 'OK'}
      detail={
        <dl style={{ margin: '8px 0 0', display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '6px 12px' }}>
          <dt style={{ color: '#8c8c8c' }}>{t('checkin.time')}</dt>
          <dd style={{ margin: 0 }}>
            {fmtDayTime(r.checkedAt, i18n.language)}
            {late && <span style={{ color: '#d46b08' }}> · {t('att.late')}</span>}
          </dd>
          <dt style={{ color: '#8c8c8c' }}>{t('checkin.project')}</dt>
          <dd style={{ margin: 0 }}>{r.projectName}</dd>
          <dt style={{ color: '#8c8c8c' }}>{t('checkin.session')}</dt>
          <dd style={{ margin: 0 }}>{r.topic}</dd>
        </dl>
      }
      note={late ? t('checkin.lateNote') : undefined}
      actions={actions}
    />
  );
}

const ICONS = {
  success: <CheckCircleFilled style={{ color: '#52c41a' }} />,
  late: <CheckCircleFilled style={{ color: '#fa8c16' }} />,
  warning: <ExclamationCircleFilled style={{ color: '#faad14' }} />,
  error: <CloseCircleFilled style={{ color: '#ff4d4f' }} />,
};

function Outcome({
  kind,
  title,
  detail,
  note,
  code,
  actions,
}: {
  kind: keyof typeof ICONS;
  title: string;
  detail?: ReactNode;
  note?: string;
  code?: string;
  actions: ReactNode;
}) {
  return (
    <div style={{ textAlign: 'center', padding: '16px 0 0' }} data-testid="checkin-result" data-code={code}>
      <div style={{ fontSize: 80, lineHeight: 1, margin: '16px 0 20px' }} aria-hidden>
        {ICONS[kind]}
      </div>
      {/* the live region is a div: a heading may not take role="status" */}
      <div role="status">
        <Typography.Title level={2} style={{ margin: 0, fontSize: 26, lineHeight: 1.35 }}>
          {title}
        </Typography.Title>
      </div>
      {detail && <div style={{ marginTop: 16, fontSize: 17, textAlign: 'left', lineHeight: 1.6 }}>{detail}</div>}
      {note && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {note}
        </Typography.Paragraph>
      )}
      <div style={{ display: 'grid', gap: 12, marginTop: 28 }}>{actions}</div>
    </div>
  );
}
