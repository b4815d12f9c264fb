// The check-in screen a host puts on the projector, for anything one checks in to (a project
// session, a school-based research activity): a QR code of the check-in URL that rotates every 30 s
// (so a photo sent to an absent colleague is useless half a minute later), live counters, and clear
// states before the window opens and after it closes. The page around it fetches the data.
import { CompressOutlined, ExpandOutlined, TeamOutlined } from '@ant-design/icons';
import { LATE_AFTER_MINUTES } from '@shixun/common';
import { Button, Tooltip } from 'antd';
import { type CSSProperties, type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/http';
import { QrCode } from './QrCode';
import { clock, countdown, span } from './time';

const BG = 'linear-gradient(135deg, #0b1f3a 0%, #12325c 100%)';
const GREEN = '#52c41a';
const DAY_MS = 86_400_000;

export interface QrScreenProps {
  /** The line above the title (a project's name, a host school). */
  heading: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place?: string | null;
  window: { opensAt: string; closesAt: string };
  state: 'before' | 'open' | 'after';
  now: number;
  /** The rotating code (the page polls it while the window is open). */
  qr: {
    data?: { url: string; expiresInMs: number; rotatesEverySeconds: number };
    dataUpdatedAt: number;
    error: unknown;
  };
  checkedIn: number;
  expected: number;
  /** Under the counter, e.g. present · late · leave. */
  breakdown?: string;
  /** The figures shown once the window has closed. */
  closedCounts: Array<{ key: string; label: string; value: number; color?: string }>;
  /** The list of who checked in. */
  listLabel: string;
  toListLabel: string;
  onList: () => void;
}

export function QrScreen(p: QrScreenProps) {
  const { t, i18n } = useTranslation('run');
  const fullscreen = useFullscreen();
  useWakeLock(p.state === 'open');
  const lateAfter = new Date(new Date(p.startsAt).getTime() + LATE_AFTER_MINUTES * 60_000).toISOString();

  let main: ReactNode;
  if (p.state === 'before') {
    const untilOpen = Math.max(0, new Date(p.window.opensAt).getTime() - p.now);
    main = (
      <Centered>
        <div style={{ fontSize: 'clamp(28px, 4.5vw, 56px)', fontWeight: 700 }}>{t('qr.notOpen')}</div>
        <div style={{ fontSize: 20, opacity: 0.8, marginTop: 12 }}>{t('qr.opensIn')}</div>
        <div
          style={{ fontSize: 'clamp(48px, 10vw, 128px)', fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}
          data-testid="qr-opens-in"
        >
          {untilOpen >= DAY_MS && `${t('qr.days', { n: Math.floor(untilOpen / DAY_MS) })} `}
          {countdown(untilOpen % DAY_MS)}
        </div>
        <div style={{ fontSize: 20, opacity: 0.85 }}>
          {t('qr.windowIs', { window: span(p.window.opensAt, p.window.closesAt, i18n.language) })}
        </div>
        <div style={{ fontSize: 18, opacity: 0.7, marginTop: 24 }}>{t('qr.expected', { n: p.expected })}</div>
      </Centered>
    );
  } else if (p.state === 'after') {
    main = (
      <Centered>
        <div style={{ fontSize: 'clamp(32px, 5vw, 64px)', fontWeight: 700 }} data-testid="qr-closed">
          {t('qr.closed')}
        </div>
        <div style={{ fontSize: 20, opacity: 0.85, marginTop: 8 }}>
          {t('qr.windowWas', { window: span(p.window.opensAt, p.window.closesAt, i18n.language) })}
        </div>
        <div style={{ display: 'flex', gap: 40, marginTop: 32, flexWrap: 'wrap', justifyContent: 'center' }}>
          {p.closedCounts.map((c) => (
            <div key={c.key}>
              <div style={{ fontSize: 48, fontWeight: 700, color: c.color, fontVariantNumeric: 'tabular-nums' }}>
                {c.value}
              </div>
              <div style={{ fontSize: 18, opacity: 0.8 }}>{c.label}</div>
            </div>
          ))}
        </div>
        <Button type="primary" size="large" icon={<TeamOutlined />} style={{ marginTop: 32 }} onClick={p.onList}>
          {p.toListLabel}
        </Button>
      </Centered>
    );
  } else {
    const data = p.qr.data;
    const rotateMs = (data?.rotatesEverySeconds ?? 30) * 1000;
    const left = data ? Math.max(0, p.qr.dataUpdatedAt + data.expiresInMs - p.now) : 0;
    const closedByServer = p.qr.error instanceof ApiError ? p.qr.error : null;
    main = (
      <div
        style={{
          flex: 1,
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'center',
          gap: 'clamp(24px, 5vw, 72px)',
          padding: '8px 24px',
        }}
      >
        <div
          style={{
            background: '#fff',
            borderRadius: 16,
            padding: 12,
            boxShadow: '0 12px 40px rgba(0,0,0,0.35)',
            width: 'min(68vh, 48vw)',
            minWidth: 240,
            aspectRatio: '1 / 1',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
          }}
          data-testid="qr-code"
        >
          {data ? (
            <QrCode value={`${window.location.origin}${data.url}`} size="100%" title={t('qr.alt')} />
          ) : closedByServer ? (
            <div style={{ color: '#cf1322', padding: 24, fontSize: 18, textAlign: 'center' }}>
              {closedByServer.message}
            </div>
          ) : (
            <div style={{ color: '#8c8c8c' }}>{t('qr.loading')}</div>
          )}
        </div>
        <div style={{ minWidth: 260, maxWidth: 420 }}>
          <div style={{ fontSize: 22, opacity: 0.9 }}>{t('qr.scanHint')}</div>
          <div style={{ marginTop: 24, fontSize: 20, opacity: 0.75 }}>{t('qr.checkedIn')}</div>
          <div style={{ fontVariantNumeric: 'tabular-nums', lineHeight: 1.1 }} data-testid="qr-counter">
            <span style={{ fontSize: 'clamp(56px, 8vw, 104px)', fontWeight: 700, color: GREEN }}>{p.checkedIn}</span>
            <span style={{ fontSize: 'clamp(28px, 4vw, 52px)', opacity: 0.8 }}> / {p.expected}</span>
          </div>
          <Bar value={p.expected ? p.checkedIn / p.expected : 0} />
          {p.breakdown && <div style={{ fontSize: 16, opacity: 0.75, marginTop: 8 }}>{p.breakdown}</div>}
          <div style={{ display: 'flex', alignItems: 'center', gap: 16, marginTop: 28 }}>
            <Ring fraction={data ? left / rotateMs : 0} label={data ? String(Math.ceil(left / 1000)) : '—'} />
            <div style={{ fontSize: 16, opacity: 0.85 }}>
              <div>{t('qr.rotates', { s: data?.rotatesEverySeconds ?? 30 })}</div>
              <div style={{ opacity: 0.75 }}>{t('qr.screenshotsExpire')}</div>
            </div>
          </div>
          <div style={{ fontSize: 16, opacity: 0.8, marginTop: 24 }}>
            <div>{t('qr.windowIs', { window: span(p.window.opensAt, p.window.closesAt, i18n.language) })}</div>
            <div>{t('qr.lateAfter', { time: clock(lateAfter) })}</div>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div style={{ minHeight: '100vh', background: BG, color: '#fff', display: 'flex', flexDirection: 'column' }}>
      <header style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '16px 24px', flexWrap: 'wrap' }}>
        <div style={{ minWidth: 0, flex: 1 }}>
          <div style={{ fontSize: 16, opacity: 0.75, ...ellipsis }}>{p.heading}</div>
          <div style={{ fontSize: 'clamp(22px, 2.6vw, 34px)', fontWeight: 700, ...ellipsis }} data-testid="qr-topic">
            {p.title}
          </div>
          <div style={{ fontSize: 15, opacity: 0.75 }}>
            {span(p.startsAt, p.endsAt, i18n.language)}
            {p.place ? ` · ${p.place}` : ''}
          </div>
        </div>
        {fullscreen.supported && (
          <Tooltip title={fullscreen.on ? t('qr.exitFullscreen') : t('qr.fullscreen')}>
            <Button
              ghost
              size="large"
              icon={fullscreen.on ? <CompressOutlined /> : <ExpandOutlined />}
              onClick={fullscreen.toggle}
              data-testid="qr-fullscreen"
            >
              {fullscreen.on ? t('qr.exitFullscreen') : t('qr.fullscreen')}
            </Button>
          </Tooltip>
        )}
        {!fullscreen.on && (
          <Button ghost size="large" onClick={p.onList}>
            {p.listLabel}
          </Button>
        )}
      </header>
      {main}
    </div>
  );
}

const ellipsis: CSSProperties = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' };

function Centered({ children }: { children: ReactNode }) {
  return (
    <div
      style={{
        flex: 1,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        textAlign: 'center',
        padding: 24,
      }}
    >
      {children}
    </div>
  );
}

function Bar({ value }: { value: number }) {
  return (
    <div style={{ height: 10, borderRadius: 5, background: 'rgba(255,255,255,0.18)', marginTop: 12 }}>
      <div
        style={{
          width: `${Math.min(100, Math.max(0, value * 100))}%`,
          height: '100%',
          borderRadius: 5,
          background: GREEN,
          transition: 'width 0.4s',
        }}
      />
    </div>
  );
}

/** The time left until the next code, as a ring that empties. */
function Ring({ fraction, label }: { fraction: number; label: string }) {
  const r = 26;
  const c = 2 * Math.PI * r;
  const f = Math.min(1, Math.max(0, fraction));
  return (
    <svg width={64} height={64} viewBox="0 0 64 64" aria-hidden data-testid="qr-ring">
      <circle cx={32} cy={32} r={r} fill="none" stroke="rgba(255,255,255,0.18)" strokeWidth={6} />
      <circle
        cx={32}
        cy={32}
        r={r}
        fill="none"
        stroke={f < 0.2 ? '#faad14' : GREEN}
        strokeWidth={6}
        strokeLinecap="round"
        strokeDasharray={c}
        strokeDashoffset={c * (1 - f)}
        transform="rotate(-90 32 32)"
      />
      <text x={32} y={38} textAnchor="middle" fontSize={18} fontWeight={700} fill="#fff">
        {label}
      </text>
    </svg>
  );
}

function useFullscreen() {
  const supported = typeof document !== 'undefined' && !!document.documentElement.requestFullscreen;
  const [on, setOn] = useState(() => typeof document !== 'undefined' && !!document.fullscreenElement);
  useEffect(() => {
    const onChange = () => setOn(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen().catch(() => undefined);
  }, []);
  return { supported, on, toggle };
}

/** Keeps a laptop driving the projector from dimming while check-in is open (where the browser allows). */
function useWakeLock(active: boolean) {
  useEffect(() => {
    if (!active || !('wakeLock' in navigator)) return;
    let lock: WakeLockSentinel | null = null;
    let cancelled = false;
    navigator.wakeLock
      .request('screen')
      .then((l) => {
        if (cancelled) void l.release();
        else lock = l;
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      void lock?.release();
    };
  }, [active]);
}
