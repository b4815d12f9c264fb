// The yearly plan table laid out for A4 landscape, as a county publishes it: title, summary, the
// level × category × month grid, then the list of projects on the following pages. The toolbar is
// not printed; on a narrow screen the sheet is scaled to the window.
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { LEVELS, PLAN_CELL_MAX, type PlanProject, type PlanTable, planCellSummary } from '@shixun/common';
import { Button } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtInt } from '../../components/format';
import { PageError, PageLoading } from '../../components/PageState';
import { useFitZoom } from '../../components/useFitZoom';
import { useProjectLabels } from './labels';
import { planSpan, usePlanTableQuery } from './PlanTablePage';
import { usePlanTable } from './projects.api';

const SHEET_W_PX = 1123; // 297 mm at 96 dpi
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

const CSS = `
@page { size: A4 landscape; margin: 10mm 8mm 12mm; }
.plan-screen { min-height: 100vh; background: #e9ecf1; padding: 72px 16px 32px; box-sizing: border-box; }
.plan-toolbar { position: fixed; top: 0; left: 0; right: 0; z-index: 10; display: flex; gap: 8px; align-items: center;
  justify-content: space-between; flex-wrap: wrap; padding: 10px 16px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.plan-sheet { width: 297mm; margin: 0 auto; background: #fff; padding: 10mm 8mm 12mm; box-sizing: border-box;
  box-shadow: 0 6px 28px rgba(0,0,0,.18); color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact;
  font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
.plan-title { text-align: center; font-size: 18pt; font-weight: 700; margin: 0 0 2mm; letter-spacing: 1pt; }
.plan-sub { display: flex; justify-content: space-between; font-size: 9pt; color: #333; margin-bottom: 3mm; }
.plan-grid, .plan-list { width: 100%; border-collapse: collapse; table-layout: fixed; }
.plan-grid th, .plan-grid td, .plan-list th, .plan-list td { border: 0.3mm solid #555; padding: 1.2mm 1mm; }
.plan-grid th, .plan-list th { background: #f0f2f5; font-size: 9pt; font-weight: 600; text-align: center; }
.plan-grid td { font-size: 7.5pt; line-height: 1.35; vertical-align: top; word-break: break-all; }
.plan-grid td.plan-head { font-size: 9pt; text-align: center; vertical-align: middle; font-weight: 600; }
.plan-grid td.plan-num { text-align: right; vertical-align: middle; font-size: 9pt; }
.plan-grid tr.plan-total td { font-weight: 700; font-size: 9pt; text-align: center; vertical-align: middle; }
.plan-item + .plan-item { margin-top: 1.2mm; padding-top: 1.2mm; border-top: 0.2mm dashed #aaa; }
.plan-item small { color: #555; }
.plan-list td { font-size: 8.5pt; line-height: 1.4; }
.plan-list td.c { text-align: center; }
.plan-list-title { font-size: 12pt; font-weight: 700; margin: 0 0 2mm; }
.plan-break { break-before: page; page-break-before: always; margin-top: 8mm; }
.plan-grid thead, .plan-list thead { display: table-header-group; }
.plan-grid tr, .plan-list tr { break-inside: avoid; page-break-inside: avoid; }
@media print {
  html, body, #root { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .plan-toolbar { display: none !important; }
  .plan-screen { padding: 0 !important; background: #fff !important; min-height: 0 !important; }
  .plan-sheet { width: auto; margin: 0; padding: 0; box-shadow: none; zoom: 1 !important; }
  .plan-break { margin-top: 0; }
}
`;

export default function PlanPrintPage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const { params } = usePlanTableQuery();
  const table = usePlanTable(params);
  const zoom = useFitZoom(SHEET_W_PX);
  const data = table.data;
  const title = data ? t('planTable.printTitle', { region: data.regionName, year: data.year }) : '';

  useEffect(() => {
    if (title) document.title = title;
  }, [title]);

  if (table.isLoading) return <PageLoading />;
  if (table.error || !data) return <PageError error={table.error ?? new Error(t('common:state.notFound'))} />;

  return (
    <div className="plan-screen">
      <style>{CSS}</style>
      <div className="plan-toolbar">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => (window.history.length > 1 ? navigate(-1) : window.close())}
        >
          {t('planTable.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="plan-print-now">
          {t('planTable.print')}
        </Button>
      </div>
      <div className="plan-sheet" style={{ zoom }} data-testid="plan-sheet">
        <PlanSheet data={data} title={title} />
      </div>
    </div>
  );
}

/** A month's projects; past PLAN_CELL_MAX one line sums them up (the list below has them all). */
function PrintCell({ cell }: { cell: PlanProject[] }) {
  const { t } = useTranslation('projects');
  if (cell.length > PLAN_CELL_MAX) {
    const s = planCellSummary(cell);
    const dates = planSpan({ startDate: s.from, endDate: s.to });
    return (
      <div className="plan-item">
        {s.planned
          ? t('planTable.manyPlanned', { n: s.count, dates, planned: fmtInt(s.planned) })
          : t('planTable.many', { n: s.count, dates })}
        <br />
        <small>{t('planTable.seeDetail')}</small>
      </div>
    );
  }
  return (
    <>
      {cell.map((p) => (
        <div key={p.id} className="plan-item">
          {p.name}
          <br />
          <small>
            {planSpan(p)}{' '}
            {p.planned != null
              ? t('planTable.hoursPlanned', { hours: p.hours, planned: p.planned })
              : t('planTable.hoursOnly', { hours: p.hours })}
          </small>
        </div>
      ))}
    </>
  );
}

function PlanSheet({ data, title }: { data: PlanTable; title: string }) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const all = data.rows
    .flatMap((r) => r.months.flat())
    .sort((a, b) => a.month - b.month || a.startDate.localeCompare(b.startDate) || a.id - b.id);
  const summary = (
    <div className="plan-sub">
      <span>
        {t('planTable.summary', {
          projects: fmtInt(data.totals.projects),
          planned: fmtInt(data.totals.planned),
          hours: fmtInt(data.totals.hours),
        })}
      </span>
      <span>{t('planTable.printedAt', { date: dayjs().format(t('format.date')) })}</span>
    </div>
  );
  return (
    <>
      <h1 className="plan-title">{title}</h1>
      {summary}
      <table className="plan-grid">
        <colgroup>
          <col style={{ width: '4.5%' }} />
          <col style={{ width: '7.5%' }} />
          {MONTHS.map((m) => (
            <col key={m} style={{ width: '6.4%' }} />
          ))}
          <col style={{ width: '5%' }} />
          <col style={{ width: '6.2%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>{t('planTable.level')}</th>
            <th>{t('planTable.category')}</th>
            {MONTHS.map((m) => (
              <th key={m}>{t('planTable.month', { m })}</th>
            ))}
            <th>{t('planTable.projects')}</th>
            <th>{t('planTable.planned')}</th>
          </tr>
        </thead>
        <tbody>
          {LEVELS.flatMap((level) => {
            const group = data.rows.filter((r) => r.level === level);
            return group.map((r, i) => (
              <tr key={`${r.level}|${r.category}`}>
                {i === 0 && (
                  <td className="plan-head" rowSpan={group.length}>
                    {labels.level(level)}
                  </td>
                )}
                <td className="plan-head">{r.category}</td>
                {r.months.map((cell, m) => (
                  <td key={MONTHS[m]}>
                    <PrintCell cell={cell} />
                  </td>
                ))}
                <td className="plan-num">{r.projects}</td>
                <td className="plan-num">{fmtInt(r.planned)}</td>
              </tr>
            ));
          })}
          <tr className="plan-total">
            <td colSpan={2}>{t('planTable.total')}</td>
            {data.monthTotals.map((n, i) => (
              <td key={MONTHS[i]}>{n || ''}</td>
            ))}
            <td>{data.totals.projects}</td>
            <td>{fmtInt(data.totals.planned)}</td>
          </tr>
        </tbody>
      </table>
      <div className="plan-break">
        <div className="plan-list-title">{t('planTable.detail')}</div>
        <table className="plan-list">
          <colgroup>
            <col style={{ width: '4%' }} />
            <col style={{ width: '5%' }} />
            <col style={{ width: '6%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '25%' }} />
            <col style={{ width: '8%' }} />
            <col style={{ width: '13%' }} />
            <col style={{ width: '5%' }} />
            <col style={{ width: '6%' }} />
            <col style={{ width: '18%' }} />
          </colgroup>
          <thead>
            <tr>
              <th>{t('planTable.col.no')}</th>
              <th>{t('planTable.col.month')}</th>
              <th>{t('planTable.level')}</th>
              <th>{t('planTable.category')}</th>
              <th>{t('planTable.col.name')}</th>
              <th>{t('planTable.col.mode')}</th>
              <th>{t('planTable.col.dates')}</th>
              <th>{t('planTable.col.hours')}</th>
              <th>{t('planTable.col.planned')}</th>
              <th>{t('planTable.col.organiser')}</th>
            </tr>
          </thead>
          <tbody>
            {all.map((p, i) => (
              <tr key={p.id}>
                <td className="c">{i + 1}</td>
                <td className="c">{t('planTable.month', { m: p.month })}</td>
                <td className="c">{labels.level(p.level)}</td>
                <td>{p.category}</td>
                <td>{p.name}</td>
                <td className="c">{labels.mode(p.mode)}</td>
                <td className="c">{p.startDate === p.endDate ? p.startDate : `${p.startDate} ~ ${p.endDate}`}</td>
                <td className="c">{p.hours}</td>
                <td className="c">{p.planned ?? ''}</td>
                <td>{p.organiser ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
