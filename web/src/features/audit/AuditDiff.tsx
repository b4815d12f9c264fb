// before → after of one audit entry, as a compact table of the keys that changed.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (Array.isArray(v)) return v.length ? v.map(show).join('、') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function changedKeys(before: unknown, after: unknown): string[] {
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  // Creation or deletion shows every field; an update only those whose values differ.
  if (!isObj(before) || !isObj(after)) return keys;
  return keys.filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null));
}

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation('audit');
  const keys = changedKeys(before, after);
  const val = (k: string, v: unknown) =>
    k === 'role' && typeof v === 'string' ? t(`common:role.${v}`, { defaultValue: v }) : show(v);
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  if (keys.length === 0) {
    // Not an object (a bare value) or nothing changed.
    if (!isObj(before) && !isObj(after) && (before != null || after != null))
      return (
        <Typography.Text code>
          {show(before)} → {show(after)}
        </Typography.Text>
      );
    return <Typography.Text type="secondary">{t('diff.none')}</Typography.Text>;
  }
  const cell = { padding: '4px 12px', borderBottom: '1px solid #f0f0f0', verticalAlign: 'top' as const };
  return (
    <div style={{ overflowX: 'auto' }}>
      <table
        style={{ borderCollapse: 'collapse', fontSize: 13, width: 'auto', minWidth: 360 }}
        data-testid="audit-diff"
      >
        <thead>
          <tr style={{ background: '#fafafa', textAlign: 'left' }}>
            <th style={cell}>{t('diff.field')}</th>
            <th style={cell}>{t('diff.before')}</th>
            <th style={cell}>{t('diff.after')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <td style={{ ...cell, color: '#666', whiteSpace: 'nowrap' }}>{t(`field.${k}`, { defaultValue: k })}</td>
              <td style={{ ...cell, color: '#cf1322', wordBreak: 'break-all' }}>
                {isObj(before) ? <del>{val(k, b[k])}</del> : '—'}
              </td>
              <td style={{ ...cell, color: '#389e0d', wordBreak: 'break-all' }}>{isObj(after) ? val(k, a[k]) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
