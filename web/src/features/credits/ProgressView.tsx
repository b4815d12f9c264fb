// A teacher's progress for one cycle, phone first: the total against the requirement, this year
// against the annual minimum, the plain list of what is missing, each category against its
// minimum and cap, and the entries with what each counts (capped entries say by which rule).
import { CheckCircleFilled, ExclamationCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import type { CreditProgress, ProgressEntry, ProgressStatus } from '@shixun/common';
import { Card, Empty, Progress, Select, Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../components/format';

export const STATUS_COLOR: Record<ProgressStatus, string> = {
  complete: 'green',
  on_track: 'blue',
  behind_year: 'orange',
  behind_cycle: 'volcano',
  not_met: 'red',
};

const n1 = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const pct = (have: number, need: number) => (need > 0 ? Math.min(100, Math.round((have / need) * 100)) : 100);

/** The gaps as sentences in the reader's language (the API also sends them in Chinese as `missing`). */
export function gapSentences(t: TFunction, p: Pick<CreditProgress, 'gaps' | 'unit' | 'cycle'>): string[] {
  const unit = t(`unit.${p.unit}`);
  return p.gaps.map((g) => {
    const v = { short: n1(g.short), have: n1(g.have), need: n1(g.need), unit };
    switch (g.kind) {
      case 'total':
        return t('gap.total', { ...v, start: p.cycle.start, end: p.cycle.end });
      case 'category':
        return t('gap.category', { ...v, label: g.label });
      case 'annual':
        return t('gap.annual', { ...v, year: g.year });
      default:
        return t(g.practical ? 'gap.practical' : 'gap.induction', v);
    }
  });
}

export function entryTitle(t: TFunction, e: ProgressEntry): string {
  if (e.projectName) return e.projectName;
  const kind = e.category ? t(`kind.${e.category}`, { defaultValue: '' }) : '';
  return e.note || kind || e.category || t(`source.${e.source}`, { defaultValue: e.source });
}

/** Cycle choice: the current one and the four before. */
export function CycleSelect({
  value,
  current,
  onChange,
}: {
  value: number;
  current: { start: number; end: number };
  onChange: (start: number) => void;
}) {
  const { t } = useTranslation('credits');
  const len = current.end - current.start + 1;
  const options = [0, 1, 2, 3].map((i) => {
    const start = current.start - i * len;
    return { value: start, label: t('progress.cycle', { start, end: start + len - 1 }) };
  });
  if (!options.some((o) => o.value === value))
    options.push({ value, label: t('progress.cycle', { start: value, end: value + len - 1 }) });
  return (
    <Select
      value={value}
      options={options}
      onChange={onChange}
      style={{ width: 180 }}
      aria-label={t('progress.cycleSelect')}
      data-testid="cycle-select"
    />
  );
}

export function ProgressView({
  p,
  entryAction,
  extraTop,
}: {
  p: CreditProgress;
  /** Per-entry action (the county's reversal button). */
  entryAction?: (e: ProgressEntry) => ReactNode;
  extraTop?: ReactNode;
}) {
  const { t } = useTranslation('credits');
  const unit = t(`unit.${p.unit}`);
  const gaps = gapSentences(t, p);
  const yearRow = p.years.find((y) => y.year === p.year);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { padding: 16 } }} data-testid="progress-summary">
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
          <Typography.Text type="secondary">
            {t('progress.cycle', { start: p.cycle.start, end: p.cycle.end })} ·{' '}
            {t('progress.rule', { name: p.ruleName })}
          </Typography.Text>
          <Tag color={STATUS_COLOR[p.status]} style={{ marginInlineEnd: 0 }} data-testid="progress-status">
            {t(`status.${p.status}`)}
          </Tag>
        </div>
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 8, marginTop: 8, flexWrap: 'wrap' }}>
          <span style={{ fontSize: 34, fontWeight: 700, lineHeight: 1.1 }} data-testid="progress-counted">
            {n1(p.counted)}
          </span>
          <Typography.Text type="secondary">{t('progress.required', { n: n1(p.required), unit })}</Typography.Text>
        </div>
        <Progress
          percent={pct(p.counted, p.required)}
          status={p.cycleComplete ? 'success' : 'active'}
          showInfo={false}
          style={{ margin: '6px 0 2px' }}
        />
        {!p.cycleComplete && p.expected > 0 && (
          <Typography.Text
            type={p.behind > 0 ? 'danger' : 'secondary'}
            style={{ fontSize: 12, display: 'block' }}
            data-testid="progress-pace"
          >
            {t('progress.pace', { n: n1(p.expected), unit })}
            {p.behind > 0 && ` · ${t('progress.behind', { n: n1(p.behind), unit })}`}
          </Typography.Text>
        )}
        {p.earned !== p.counted && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('progress.earned', { n: n1(p.earned), unit, counted: n1(p.counted) })}
          </Typography.Text>
        )}
        <div style={{ marginTop: 8, display: 'flex', gap: 6, flexWrap: 'wrap' }}>
          {p.readyForRegistration ? (
            <Tag icon={<SafetyCertificateOutlined />} color="success" data-testid="ready-tag">
              {t('progress.ready')}
            </Tag>
          ) : (
            <Tag>{t('progress.notReady')}</Tag>
          )}
          {!p.ethicsClean && <Tag color="red">{t('progress.ethicsViolation')}</Tag>}
        </div>
        {extraTop}
      </Card>

      <Card size="small" title={t('progress.missingTitle')} data-testid="progress-missing">
        {gaps.length === 0 ? (
          <Typography.Text type="success">
            <CheckCircleFilled /> {t('progress.allMet')}
          </Typography.Text>
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 18, lineHeight: 1.9 }}>
            {gaps.map((s) => (
              <li key={s}>
                <ExclamationCircleFilled style={{ color: '#d46b08', marginInlineEnd: 6 }} />
                {s}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card size="small" title={t('progress.thisYear', { year: p.year })}>
        {p.annualMinimum == null ? (
          <div>
            <span style={{ fontSize: 20, fontWeight: 600 }}>{n1(p.thisYear)}</span> {unit}
            <div>
              <Typography.Text type="secondary">{t('progress.noAnnual')}</Typography.Text>
            </div>
          </div>
        ) : (
          <div>
            <span style={{ fontSize: 20, fontWeight: 600 }} data-testid="progress-this-year">
              {n1(p.thisYear)}
            </span>{' '}
            <Typography.Text type="secondary">
              {t('progress.annualMinimum', { n: n1(p.annualMinimum), unit })}
            </Typography.Text>
            <Progress
              percent={pct(p.thisYear, p.annualMinimum)}
              status={yearRow?.met ? 'success' : 'active'}
              showInfo={false}
            />
          </div>
        )}
        <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', marginTop: 8 }}>
          {p.years.map((y) => (
            <Tag key={y.year} color={y.met === false ? 'orange' : y.met ? 'green' : undefined}>
              {y.year}：{n1(y.counted)}
            </Tag>
          ))}
        </div>
      </Card>

      <Card size="small" title={t('progress.categories')}>
        {p.byCategory.length === 0 ? (
          <Typography.Text type="secondary">{t('progress.noCategories')}</Typography.Text>
        ) : (
          <Space orientation="vertical" size={10} style={{ width: '100%' }}>
            {p.byCategory.map((c) => {
              const label = c.key.startsWith('induction') ? t(`cat.${c.key}`) : c.category;
              const limit = c.min ?? c.cap;
              const reachedCap = c.cap != null && c.counted >= c.cap;
              return (
                <div key={c.key} data-testid={`category-${c.key}`}>
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                    <span>{label}</span>
                    <span>
                      <b>{n1(c.counted)}</b>
                      {c.min != null && (
                        <Typography.Text type="secondary"> · {t('progress.min', { n: n1(c.min) })}</Typography.Text>
                      )}
                      {c.cap != null && (
                        <Typography.Text type="secondary"> · {t('progress.cap', { n: n1(c.cap) })}</Typography.Text>
                      )}
                    </span>
                  </div>
                  {limit != null && (
                    <Progress
                      percent={pct(c.counted, limit)}
                      showInfo={false}
                      size="small"
                      status={c.min != null ? (c.counted >= c.min ? 'success' : 'active') : undefined}
                      strokeColor={reachedCap && c.min == null ? '#d46b08' : undefined}
                    />
                  )}
                </div>
              );
            })}
          </Space>
        )}
      </Card>

      <Card size="small" title={t('progress.entries')} styles={{ body: { padding: 0 } }}>
        {p.entries.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('progress.noEntries')} style={{ padding: 16 }} />
        ) : (
          p.entries.map((e) => <EntryRow key={e.id} e={e} unit={unit} action={entryAction?.(e)} />)
        )}
      </Card>
    </Space>
  );
}

function EntryRow({ e, unit, action }: { e: ProgressEntry; unit: string; action?: ReactNode }) {
  const { t } = useTranslation('credits');
  const dim = e.cancelled != null;
  return (
    <div
      style={{ padding: '10px 16px', borderBottom: '1px solid #f0f0f0', opacity: dim ? 0.65 : 1 }}
      data-testid={`entry-${e.id}`}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          <Typography.Text delete={e.cancelled === 'reversed'}>{entryTitle(t, e)}</Typography.Text>
        </div>
        <div style={{ flex: '0 0 auto', textAlign: 'right', fontWeight: 600 }}>
          {n1(e.value)} {unit}
        </div>
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4, alignItems: 'center' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 4 }}>
          {fmtDate(e.occurredOn)}
        </Typography.Text>
        <Tag style={{ marginInlineEnd: 0 }}>{t(`source.${e.source}`, { defaultValue: e.source })}</Tag>
        {e.level && <Tag style={{ marginInlineEnd: 0 }}>{t(`level.${e.level}`, { defaultValue: e.level })}</Tag>}
        {e.cancelled === 'reversed' && <Tag color="default">{t('progress.reversed')}</Tag>}
        {e.cancelled === 'reversal' && <Tag color="default">{t('progress.reversal')}</Tag>}
        {e.capped.map((c) => (
          <Tag key={c.rule} color="orange" style={{ marginInlineEnd: 0 }} data-testid="capped-tag">
            {t('progress.cappedBy', { label: c.label, cut: n1(c.cut) })}
          </Tag>
        ))}
        {e.capped.length > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('progress.countedOf', { counted: n1(e.counted), value: n1(e.value) })}
          </Typography.Text>
        )}
        {action && <span style={{ marginInlineStart: 'auto' }}>{action}</span>}
      </div>
    </div>
  );
}
