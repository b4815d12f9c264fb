// The growth archive as one document: the same markup on screen (fluid, tables fold into label/value
// rows on a phone) and on paper (A4 portrait, sections never split mid-row).
import { AUDIT_LEVEL_KEYS, type GrowthArchive } from '@shixun/common';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtDate, fmtDateTime } from '../../components/format';

export const ARCHIVE_CSS = `
.arch-doc { color: #1f1f1f; background: #fff; font-size: 14px; line-height: 1.6; }
.arch-head { text-align: center; border-bottom: 2px solid #a5222a; padding-bottom: 10px; margin-bottom: 14px; }
.arch-head h1 { margin: 0; font-size: 24px; letter-spacing: 4px; color: #a5222a;
  font-family: "Noto Serif SC", "Source Han Serif SC", STSong, SimSun, serif; }
.arch-head .arch-meta { color: #666; font-size: 12px; margin-top: 4px; }
.arch-sec { margin: 0 0 18px; break-inside: auto; }
.arch-sec h2 { font-size: 16px; margin: 0 0 8px; padding-left: 8px; border-left: 4px solid #a5222a; break-after: avoid; }
.arch-empty { color: #8c8c8c; padding: 4px 0 4px 12px; }
.arch-kv { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); border: 1px solid #e5e5e5;
  border-right: 0; border-bottom: 0; }
.arch-kv > div { display: flex; border-right: 1px solid #e5e5e5; border-bottom: 1px solid #e5e5e5; min-width: 0; }
.arch-kv dt { flex: 0 0 84px; background: #fafafa; padding: 5px 8px; color: #555; margin: 0; }
.arch-kv dd { flex: 1; padding: 5px 8px; margin: 0; word-break: break-all; }
.arch-table { width: 100%; border-collapse: collapse; }
.arch-table th, .arch-table td { border: 1px solid #e5e5e5; padding: 5px 8px; text-align: left; vertical-align: top; }
.arch-table th { background: #fafafa; font-weight: 600; white-space: nowrap; }
.arch-table td.num, .arch-table th.num { text-align: right; white-space: nowrap; }
.arch-table tr { break-inside: avoid; }
.arch-table tfoot td { font-weight: 600; background: #fcfcfc; }
.arch-item { border: 1px solid #e5e5e5; padding: 8px 10px; margin-bottom: 8px; break-inside: avoid; }
.arch-item .arch-item-head { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-weight: 600; }
.arch-item .arch-item-sub { color: #666; font-size: 12px; }
.arch-item p { margin: 4px 0 0; white-space: pre-wrap; word-break: break-word; }
@media screen and (max-width: 640px) {
  .arch-doc { font-size: 13px; }
  .arch-head h1 { font-size: 20px; letter-spacing: 2px; }
  .arch-kv { grid-template-columns: 1fr; }
  .arch-table thead { display: none; }
  .arch-table, .arch-table tbody, .arch-table tfoot, .arch-table tr, .arch-table td { display: block; width: 100%; box-sizing: border-box; }
  .arch-table tr { border: 1px solid #e5e5e5; margin-bottom: 8px; }
  .arch-table td { border: 0; border-bottom: 1px dashed #eee; display: flex; justify-content: space-between; gap: 12px; text-align: right; }
  .arch-table td.num { text-align: right; }
  .arch-table td:last-child { border-bottom: 0; }
  .arch-table td::before { content: attr(data-label); color: #666; text-align: left; flex: 0 0 auto; font-weight: normal; }
}
@media print {
  .arch-doc { font-size: 10.5pt; }
  .arch-sec h2 { font-size: 12pt; }
}
`;

const n1 = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="arch-sec" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Empty({ text }: { text: string }) {
  return <div className="arch-empty">{text}</div>;
}

export function ArchiveDocument({ a }: { a: GrowthArchive }) {
  const { t } = useTranslation('archive');
  const en = (v: string | null | undefined) => (v ? t(`common:enum.${v}`, { defaultValue: v }) : t('none'));
  const p = a.teacher;
  const yearLabel = (y: number) => t('credits.yearLabel', { from: y, to: y + 1 });

  const profile: Array<[string, ReactNode]> = [
    [t('field.name'), p.name],
    [t('field.gender'), en(p.gender)],
    [
      t('field.idNumber'),
      <span key="id" style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
        {p.idNumberMasked}
      </span>,
    ],
    // The birth date only for who may see the full ID number; the year for everyone else.
    p.birthDate
      ? [t('field.birthDate'), fmtDate(p.birthDate)]
      : [t('field.birthYear'), p.birthYear ? String(p.birthYear) : t('none')],
    [t('field.school'), p.schoolName],
    [t('field.area'), p.areaName],
    [t('field.stage'), en(p.stage)],
    [t('field.subject'), en(p.subject)],
    [t('field.title'), en(p.title)],
    [t('field.degree'), en(p.degree)],
    [t('field.hireDate'), p.hireDate ? fmtDate(p.hireDate) : t('none')],
    [t('field.posts'), p.posts.length ? p.posts.map((x) => en(x)).join('、') : t('none')],
    [t('field.status'), en(p.status)],
  ];

  return (
    <article className="arch-doc" data-testid="archive-doc">
      <header className="arch-head">
        <h1>{t('title')}</h1>
        <div className="arch-meta">
          {p.name} · {p.schoolName} · {t('generatedAt', { at: fmtDateTime(a.generatedAt) })}
        </div>
      </header>

      <Section title={t('section.profile')} testId="arch-profile">
        <dl className="arch-kv" style={{ margin: 0 }}>
          {profile.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </Section>

      <Section title={t('section.honours')}>
        {a.honours.length ? (
          <div style={{ paddingLeft: 4 }}>
            {a.honours.map((h) => (
              <Tag key={h} color="gold">
                {en(h)}
              </Tag>
            ))}
          </div>
        ) : (
          <Empty text={t('none')} />
        )}
      </Section>

      <Section title={t('section.trainings')} testId="arch-trainings">
        {a.trainings.length ? (
          <table className="arch-table">
            <thead>
              <tr>
                <th>{t('training.project')}</th>
                <th>{t('training.level')}</th>
                <th>{t('training.category')}</th>
                <th>{t('training.dates')}</th>
                <th className="num">{t('training.hours')}</th>
                <th>{t('training.status')}</th>
                <th>{t('training.result')}</th>
              </tr>
            </thead>
            <tbody>
              {a.trainings.map((r) => (
                <tr key={r.participationId}>
                  <td data-label={t('training.project')}>{r.projectName}</td>
                  <td data-label={t('training.level')}>{t(`my:level.${r.level}`, { defaultValue: r.level })}</td>
                  <td data-label={t('training.category')}>{r.category}</td>
                  <td data-label={t('training.dates')}>
                    {r.startDate === r.endDate ? r.startDate : `${r.startDate} ~ ${r.endDate}`}
                  </td>
                  <td className="num" data-label={t('training.hours')}>
                    {n1(r.hours)}
                  </td>
                  <td data-label={t('training.status')}>{t(`my:pstatus.${r.status}`, { defaultValue: r.status })}</td>
                  <td data-label={t('training.result')}>
                    {r.result ? t(`my:result.${r.result}`, { defaultValue: r.result }) : '—'}
                    {r.score != null ? `（${n1(r.score)}）` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty text={t('training.empty')} />
        )}
      </Section>

      <Section
        title={`${t('section.credits')} · ${t('credits.total', { hours: n1(a.credits.total) })}`}
        testId="arch-credits"
      >
        {a.credits.years.length ? (
          <table className="arch-table">
            <thead>
              <tr>
                <th>{t('credits.year')}</th>
                {AUDIT_LEVEL_KEYS.map((k) => (
                  <th key={k} className="num">
                    {t(`credits.level.${k}`)}
                  </th>
                ))}
                <th className="num">{t('credits.sum')}</th>
              </tr>
            </thead>
            <tbody>
              {a.credits.years.map((y) => (
                <tr key={y.schoolYear}>
                  <td data-label={t('credits.year')}>{yearLabel(y.schoolYear)}</td>
                  {AUDIT_LEVEL_KEYS.map((k) => (
                    <td key={k} className="num" data-label={t(`credits.level.${k}`)}>
                      {n1(y.byLevel[k])}
                    </td>
                  ))}
                  <td className="num" data-label={t('credits.sum')}>
                    <strong>{n1(y.total)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty text={t('credits.empty')} />
        )}
      </Section>

      <Section title={t('section.certificates')}>
        {a.certificates.length ? (
          <table className="arch-table">
            <thead>
              <tr>
                <th>{t('certificate.number')}</th>
                <th>{t('certificate.project')}</th>
                <th className="num">{t('certificate.hours')}</th>
                <th>{t('certificate.issuer')}</th>
                <th>{t('certificate.issuedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {a.certificates.map((c) => (
                <tr key={c.number}>
                  <td data-label={t('certificate.number')} style={{ fontFamily: 'monospace' }}>
                    {c.number}
                    {c.revoked && (
                      <Tag color="red" style={{ marginInlineStart: 6 }}>
                        {t('certificate.revoked')}
                      </Tag>
                    )}
                  </td>
                  <td data-label={t('certificate.project')}>{c.projectName}</td>
                  <td className="num" data-label={t('certificate.hours')}>
                    {n1(c.hours)}
                  </td>
                  <td data-label={t('certificate.issuer')}>{c.issuer}</td>
                  <td data-label={t('certificate.issuedAt')}>{fmtDate(c.issuedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty text={t('certificate.empty')} />
        )}
      </Section>

      <Section title={t('section.ethics')} testId="arch-ethics">
        {a.ethics.length ? (
          <table className="arch-table">
            <thead>
              <tr>
                <th>{t('ethics.date')}</th>
                <th>{t('ethics.kind')}</th>
                <th>{t('ethics.note')}</th>
              </tr>
            </thead>
            <tbody>
              {a.ethics.map((e) => (
                <tr key={e.id}>
                  <td data-label={t('ethics.date')}>{e.occurredOn}</td>
                  <td data-label={t('ethics.kind')}>
                    <EthicsKindTag kind={e.kind} veto={e.veto} />
                  </td>
                  <td data-label={t('ethics.note')}>{e.note ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty text={t('ethics.empty')} />
        )}
      </Section>

      {a.reflections && (
        <Section title={t('section.reflections')}>
          {a.reflections.length ? (
            a.reflections.map((r) => (
              <div className="arch-item" key={r.id}>
                <div className="arch-item-head">
                  <span>{r.title ?? r.projectName ?? ''}</span>
                  {r.featured && <Tag color="gold">{t('reflection.featured')}</Tag>}
                </div>
                <div className="arch-item-sub">
                  {[r.projectName, fmtDate(r.createdAt), t(`reflection.status.${r.status}`, { defaultValue: r.status })]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
                <p>{r.body}</p>
              </div>
            ))
          ) : (
            <Empty text={t('reflection.empty')} />
          )}
        </Section>
      )}

      {a.reportBacks && (
        <Section title={t('section.reportBacks')}>
          {a.reportBacks.length ? (
            a.reportBacks.map((r) => (
              <div className="arch-item" key={r.id}>
                <div className="arch-item-head">
                  <span>{r.projectName ?? ''}</span>
                  <Tag>{t(`reportBack.status.${r.status}`, { defaultValue: r.status })}</Tag>
                  {r.form && <Tag color="blue">{r.form}</Tag>}
                </div>
                <div className="arch-item-sub">
                  {r.heldOn
                    ? t('reportBack.held', { date: r.heldOn, n: r.audience ?? 0 })
                    : r.dueOn
                      ? t('reportBack.due', { date: r.dueOn })
                      : ''}
                </div>
                {r.summary && <p>{r.summary}</p>}
              </div>
            ))
          ) : (
            <Empty text={t('reportBack.empty')} />
          )}
        </Section>
      )}
    </article>
  );
}

export function EthicsKindTag({ kind, veto }: { kind: 'pledge' | 'commendation' | 'violation'; veto: boolean }) {
  const { t } = useTranslation('archive');
  const color = kind === 'violation' ? 'red' : kind === 'commendation' ? 'gold' : 'blue';
  return (
    <span>
      <Tag color={color}>{t(`ethics.kinds.${kind}`)}</Tag>
      {veto && <Tag color="volcano">{t('ethics.veto')}</Tag>}
    </span>
  );
}
