// 签到表 on A4: a project's participants (or nominations awaiting review) with a blank signature
// column per session or per day; portrait up to four columns, landscape beyond, and a project with
// more than ten columns prints one sheet per stretch. The toolbar (back, columns, print) is not printed.
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import type { SignInSheet } from '@shixun/common';
import { Button, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { useFitZoom } from '../../components/useFitZoom';
import { useDateRange, useProjectLabels } from './labels';
import { useSignInSheet } from './projects.api';

/** Signature columns per sheet (as the .xlsx export). */
const PER_SHEET = 10;

const CSS = `
@page { size: A4 portrait; margin: 12mm 10mm; }
@page wide { size: A4 landscape; margin: 10mm 10mm; }
.si-screen { min-height: 100vh; background: #e9ecf1; padding: 72px 16px 32px; box-sizing: border-box; }
.si-toolbar { position: fixed; top: 0; left: 0; right: 0; z-index: 10; display: flex; gap: 8px; align-items: center;
  justify-content: space-between; flex-wrap: wrap; padding: 10px 16px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.si-sheet { margin: 0 auto 16px; background: #fff; padding: 12mm 10mm; box-sizing: border-box; color: #111;
  box-shadow: 0 6px 28px rgba(0,0,0,.18); -webkit-print-color-adjust: exact; print-color-adjust: exact;
  font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
.si-sheet.portrait { width: 210mm; }
.si-sheet.landscape { width: 297mm; page: wide; }
.si-title { text-align: center; font-size: 17pt; font-weight: 700; margin: 0 0 2mm; }
.si-facts { text-align: center; font-size: 9.5pt; color: #333; margin-bottom: 4mm; }
.si-facts span + span { margin-left: 4mm; }
.si-table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.si-table th, .si-table td { border: 0.3mm solid #444; padding: 1mm 1.5mm; font-size: 10pt; }
.si-table th { background: #f0f2f5; font-weight: 600; text-align: center; line-height: 1.3; }
.si-table th small { display: block; font-weight: 400; font-size: 8pt; color: #444; }
.si-table td { height: 9.5mm; }
.si-table td.c { text-align: center; }
.si-table thead { display: table-header-group; }
.si-table tr { break-inside: avoid; page-break-inside: avoid; }
.si-part { text-align: right; font-size: 8.5pt; color: #555; margin-top: 2mm; }
@media print {
  html, body, #root { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .si-toolbar { display: none !important; }
  .si-screen { padding: 0 !important; background: #fff !important; min-height: 0 !important; }
  .si-sheet { width: auto !important; margin: 0; padding: 0; box-shadow: none; zoom: 1 !important; }
  .si-sheet + .si-sheet { break-before: page; page-break-before: always; }
}
`;

export default function SignInPrintPage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const id = Number(useParams().id) || null;
  const [search, setSearch] = useSearchParams();
  const list = search.get('list') === 'nominated' ? 'nominated' : 'participants';
  const byParam = search.get('by');
  const by = byParam === 'session' || byParam === 'day' ? byParam : undefined;
  const sheet = useSignInSheet(id, { list, by });
  const s = sheet.data;
  const stretches: SignInSheet['columns'][] = [];
  for (let i = 0; i < Math.max(1, s?.columns.length ?? 0); i += PER_SHEET) {
    stretches.push(s?.columns.slice(i, i + PER_SHEET) ?? []);
  }
  const landscape = (s?.columns.length ?? 0) > 4;
  const zoom = useFitZoom(landscape ? 1123 : 794);
  const title = s ? t(list === 'nominated' ? 'signIn.titleNominated' : 'signIn.title', { name: s.project.name }) : '';

  useEffect(() => {
    if (title) document.title = title;
  }, [title]);

  if (sheet.isLoading) return <PageLoading />;
  if (sheet.error || !s) return <PageError error={sheet.error ?? new Error(t('common:state.notFound'))} />;

  return (
    <div className="si-screen">
      <style>{CSS}</style>
      <div className="si-toolbar">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => (window.history.length > 1 ? navigate(-1) : window.close())}
        >
          {t('signIn.back')}
        </Button>
        <Space wrap>
          <Segmented
            value={s.by}
            onChange={(v) =>
              setSearch((prev) => {
                const next = new URLSearchParams(prev);
                next.set('by', String(v));
                return next;
              })
            }
            options={[
              { value: 'session', label: t('signIn.bySession') },
              { value: 'day', label: t('signIn.byDay') },
            ]}
          />
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="sign-in-print">
            {t('signIn.print')}
          </Button>
        </Space>
      </div>
      {stretches.map((cols, part) => (
        <div
          key={cols[0]?.key ?? 'none'}
          className={`si-sheet ${landscape ? 'landscape' : 'portrait'}`}
          style={{ zoom }}
          data-testid="sign-in-sheet"
        >
          <Sheet s={s} title={title} cols={cols} />
          {stretches.length > 1 && (
            <div className="si-part">{t('signIn.part', { part: part + 1, parts: stretches.length })}</div>
          )}
        </div>
      ))}
    </div>
  );
}

function Sheet({ s, title, cols }: { s: SignInSheet; title: string; cols: SignInSheet['columns'] }) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const range = useDateRange();
  const p = s.project;
  const heading = (c: SignInSheet['columns'][number]) => {
    const day = dayjs(c.date);
    if (c.start) {
      return (
        <>
          {day.format(t('format.dateNoYear'))} {c.start}–{c.end}
          {c.topic && <small>{c.topic}</small>}
        </>
      );
    }
    return day.format(t('format.dateWeekday'));
  };
  return (
    <>
      <h1 className="si-title">{title}</h1>
      <div className="si-facts">
        <span>{t('signIn.dates', { dates: range(p.startDate, p.endDate) })}</span>
        {p.place && <span>{t('signIn.place', { place: p.place })}</span>}
        {p.organiser && <span>{t('signIn.organiser', { organiser: p.organiser })}</span>}
        <span>{t('signIn.count', { n: s.rows.length })}</span>
      </div>
      <table className="si-table">
        <colgroup>
          <col style={{ width: '7%' }} />
          <col style={{ width: cols.length > 6 ? '8%' : '11%' }} />
          <col style={{ width: cols.length > 6 ? '17%' : '24%' }} />
          <col style={{ width: cols.length > 6 ? '9%' : '12%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>{t('signIn.no')}</th>
            <th>{t('signIn.name')}</th>
            <th>{t('signIn.school')}</th>
            <th>{t('signIn.stageSubject')}</th>
            {cols.length ? cols.map((c) => <th key={c.key}>{heading(c)}</th>) : <th>{t('signIn.sign')}</th>}
          </tr>
        </thead>
        <tbody>
          {s.rows.length === 0 ? (
            <tr>
              <td colSpan={4 + Math.max(1, cols.length)} className="c">
                {t('signIn.empty')}
              </td>
            </tr>
          ) : (
            s.rows.map((r) => (
              <tr key={r.participationId}>
                <td className="c">{r.no}</td>
                <td>{r.teacherName}</td>
                <td>{r.schoolName}</td>
                <td>
                  {labels.enumLabel(r.stage)}
                  {labels.enumLabel(r.subject)}
                </td>
                {(cols.length ? cols : [{ key: 'sign' }]).map((c) => (
                  <td key={c.key} />
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </>
  );
}
