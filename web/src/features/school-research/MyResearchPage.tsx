// The teacher's school-based research on a 375-px phone: the year's activities as cards (what,
// where, when, how they were recorded, the hours posted), totals on top, a year switch, and how
// to check in. Light on purpose: plain markup and a few antd pieces, no tables or charts.
import { LeftOutlined, QrcodeOutlined, RightOutlined } from '@ant-design/icons';
import type { MyResearch } from '@shixun/common';
import { Button, Empty, Spin } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { bjSpan, bjYear, fmtHours } from './my-shared';
import { useMyResearch } from './school-research.api';

type Item = MyResearch['items'][number];

const card: CSSProperties = { background: '#fff', borderRadius: 8, padding: '14px 16px', border: '1px solid #eef0f3' };
const pill = (bg: string, fg: string): CSSProperties => ({
  display: 'inline-block',
  background: bg,
  color: fg,
  borderRadius: 4,
  padding: '0 6px',
  fontSize: 12,
  lineHeight: '20px',
  whiteSpace: 'nowrap',
});

export default function MyResearchPage() {
  const { t } = useTranslation('researchMy');
  const uq = useUrlQuery();
  const current = bjYear();
  const year = uq.num('year') ?? current;
  const mine = useMyResearch(year);

  return (
    <div style={{ maxWidth: 640 }}>
      <h1 style={{ fontSize: 20, margin: '0 0 4px' }}>{t('mine.title')}</h1>
      <div style={{ color: '#595959', marginBottom: 12 }}>{t('mine.sub')}</div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button
          icon={<LeftOutlined />}
          aria-label={t('mine.prevYear')}
          onClick={() => uq.set({ year: year - 1 })}
          disabled={year <= 2000}
        />
        <span
          style={{ fontSize: 17, fontWeight: 600, minWidth: 72, textAlign: 'center' }}
          data-testid="my-research-year"
        >
          {t('mine.year', { year })}
        </span>
        <Button
          icon={<RightOutlined />}
          aria-label={t('mine.nextYear')}
          onClick={() => uq.set({ year: year + 1 >= current ? undefined : year + 1 })}
          disabled={year >= current}
        />
      </div>
      {mine.error && !mine.data ? (
        <PageError error={mine.error} onRetry={() => mine.refetch()} />
      ) : !mine.data ? (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : (
        <>
          <div style={{ ...card, display: 'flex', gap: 12, marginBottom: 12 }} data-testid="my-research-totals">
            <Figure label={t('mine.hours')} value={fmtHours(mine.data.totalHours)} />
            <Figure label={t('mine.personTimes')} value={String(mine.data.personTimes)} />
            <Figure label={t('mine.activities')} value={String(mine.data.items.length)} />
          </div>
          <div style={{ ...card, background: '#f0f7ff', borderColor: '#d6e8ff', marginBottom: 12, fontSize: 14 }}>
            <QrcodeOutlined /> {t('mine.howTo')}
          </div>
          {mine.data.items.length === 0 ? (
            <div style={card}>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mine.empty', { year })} />
            </div>
          ) : (
            <div style={{ display: 'grid', gap: 10 }}>
              {mine.data.items.map((x) => (
                <ActivityCard key={x.activityId} x={x} />
              ))}
            </div>
          )}
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            <Link to="/my/reading">{t('mine.toReading')}</Link>
          </div>
        </>
      )}
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div style={{ flex: 1, textAlign: 'center', minWidth: 0 }}>
      <div style={{ fontSize: 24, fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}>{value}</div>
      <div style={{ color: '#595959', fontSize: 13 }}>{label}</div>
    </div>
  );
}

function ActivityCard({ x }: { x: Item }) {
  const { t, i18n } = useTranslation('researchMy');
  const status =
    x.status === 'closed' ? (
      <span style={pill('#f6ffed', '#237804')}>{t('mine.posted', { h: fmtHours(x.hours) })}</span>
    ) : x.status === 'withdrawn' ? (
      <span style={pill('#fff1f0', '#a8071a')}>{t('mine.withdrawn')}</span>
    ) : (
      <span style={pill('#e6f4ff', '#0950a0')}>{t('mine.open')}</span>
    );
  return (
    <div style={card} data-testid={`my-research-${x.activityId}`}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', justifyContent: 'space-between' }}>
        <div style={{ fontWeight: 600, fontSize: 16, overflowWrap: 'anywhere', minWidth: 0 }}>{x.title}</div>
        {status}
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, margin: '6px 0' }}>
        <span style={pill('#f5f5f5', '#434343')}>{x.type}</span>
        {x.role === 'trainer' && <span style={pill('#f9f0ff', '#531dab')}>{t('mine.trainer')}</span>}
        <span style={pill('#f5f5f5', '#434343')}>{t(x.method === 'qr' ? 'mine.byQr' : 'mine.byHost')}</span>
      </div>
      <div style={{ color: '#595959', fontSize: 14, lineHeight: 1.7 }}>
        <div>{x.schoolName}</div>
        <div>{bjSpan(x.startsAt, x.endsAt, i18n.language)}</div>
      </div>
    </div>
  );
}
