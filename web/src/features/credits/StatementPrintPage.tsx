// The 继续教育学时证明 laid out for A4 portrait: the certifying sentence, totals by level and year,
// category requirements, the counted entries, issuer, date, number and a QR code to the public
// verification page. The toolbar (print, PDF) is not printed. The statement is a Chinese document:
// its wording does not follow the UI language.
import { ArrowLeftOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { CREDIT_SOURCE_LABELS, type CreditSource, chineseDate, statementPeriodLabel } from '@shixun/common';
import { Alert, Button, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { useFitZoom } from '../../components/useFitZoom';
import { QrCode } from '../run/QrCode';
import { chinaDay } from '../run/time';
import { statementPdfUrl, useStatement } from './credits.api';

const SHEET_W_PX = 794; // 210 mm at 96 dpi
const n1 = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

const CSS = `
@page { size: A4 portrait; margin: 0; }
.st-screen { min-height: 100vh; background: #e9ecf1; padding: 72px 16px 32px; box-sizing: border-box; }
.st-toolbar { position: fixed; top: 0; left: 0; right: 0; z-index: 10; display: flex; gap: 8px; align-items: center;
  justify-content: space-between; flex-wrap: wrap; padding: 10px 16px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.st-sheet { position: relative; width: 210mm; min-height: 297mm; margin: 0 auto; background: #fff; padding: 22mm 20mm 20mm;
  box-shadow: 0 6px 28px rgba(0,0,0,.18); box-sizing: border-box; color: #222; font-size: 3.9mm; line-height: 1.75;
  font-family: "Noto Serif SC", "Source Han Serif SC", "Songti SC", STSong, SimSun, "WenQuanYi Micro Hei", serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.st-title { text-align: center; font-size: 8mm; font-weight: 700; letter-spacing: 2mm; margin: 0; }
.st-no { text-align: center; color: #666; font-size: 3.2mm; margin-bottom: 8mm; font-family: "DejaVu Sans Mono", Menlo, monospace; }
.st-text { text-indent: 2em; font-size: 4.4mm; line-height: 2; margin: 0 0 6mm; text-align: justify; }
.st-h { font-weight: 700; margin: 5mm 0 1.5mm; border-bottom: 0.3mm solid #999; }
.st-table { width: 100%; border-collapse: collapse; font-size: 3.5mm; }
.st-table td, .st-table th { border: 0.2mm solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
.st-table th { background: #f4f4f4; font-weight: 600; }
.st-table td.num, .st-table th.num { text-align: right; white-space: nowrap; }
.st-foot { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 10mm; gap: 6mm; }
.st-qr { display: flex; gap: 3mm; align-items: flex-end; font-size: 3mm; color: #444; }
.st-issuer { text-align: center; font-size: 4.4mm; line-height: 1.9; }
.st-revoked { position: absolute; top: 40%; left: 50%; transform: translate(-50%, -50%) rotate(-14deg); color: rgba(207,19,34,.5);
  border: 1.4mm solid rgba(207,19,34,.5); border-radius: 4mm; padding: 2mm 10mm; font-size: 18mm; font-weight: 700;
  letter-spacing: 6mm; white-space: nowrap; }
@media print {
  html, body, #root { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .st-toolbar, .st-note { display: none !important; }
  .st-screen { padding: 0 !important; background: #fff !important; min-height: 0 !important; }
  .st-sheet { margin: 0 !important; box-shadow: none !important; zoom: 1 !important; }
}
`;

export default function StatementPrintPage() {
  const { t } = useTranslation('credits');
  const number = useParams().number ?? '';
  const navigate = useNavigate();
  const st = useStatement(number);
  const zoom = useFitZoom(SHEET_W_PX);

  useEffect(() => {
    if (st.data) document.title = `${t('statements.docTitle')} ${st.data.number} ${st.data.teacherName}`;
  }, [st.data, t]);

  if (st.isLoading) return <PageLoading />;
  if (st.error || !st.data) return <PageError error={st.error} onRetry={() => st.refetch()} />;
  const s = st.data;
  const snap = s.snapshot;
  const u = s.unit;
  const req =
    s.required == null ? '' : `（${s.period === 'cycle' ? '周期要求' : '年度最低要求'} ${n1(s.required)} ${u}）`;

  return (
    <div className="st-screen">
      <style>{CSS}</style>
      <div className="st-toolbar">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => (window.history.length > 1 ? navigate(-1) : window.close())}
        >
          {t('common:action.back')}
        </Button>
        <Space wrap>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            onClick={() => window.print()}
            data-testid="statement-print"
          >
            {t('statements.print')}
          </Button>
          <Button icon={<FilePdfOutlined />} href={statementPdfUrl(s.number)} target="_blank" rel="noopener">
            {t('statements.pdf')}
          </Button>
        </Space>
      </div>
      {s.revoked && (
        <Alert
          className="st-note"
          type="error"
          showIcon
          style={{ maxWidth: SHEET_W_PX * zoom, margin: '0 auto 12px' }}
          title={t('statements.revokedNote', {
            date: s.revokedAt ? chineseDate(chinaDay(s.revokedAt)) : '',
            reason: s.revokeReason ?? '',
          })}
        />
      )}
      <div className="st-sheet" style={{ zoom }} lang="zh-CN" data-testid="statement-sheet">
        <h1 className="st-title">继续教育学时证明</h1>
        <div className="st-no">编号：{s.number}</div>
        <p className="st-text" data-testid="statement-text">
          兹证明 <b>{s.teacherName}</b>（身份证号 {s.idMasked}），{s.schoolName}教师，{statementPeriodLabel(s)}
          参加继续教育，经审核累计计入 <b>{n1(s.counted)}</b> {u}
          {req}。
          {s.period === 'cycle' &&
            snap.cycleComplete != null &&
            (snap.cycleComplete ? '本周期学时要求已达到。' : '本周期学时要求尚未达到。')}
        </p>

        {snap.byLevel.length > 0 && (
          <>
            <div className="st-h">按培训级别</div>
            <table className="st-table">
              <tbody>
                <tr>
                  {snap.byLevel.map((l) => (
                    <th key={l.level}>{l.level}</th>
                  ))}
                  <th className="num">合计</th>
                </tr>
                <tr>
                  {snap.byLevel.map((l) => (
                    <td key={l.level} className="num">
                      {n1(l.counted)}
                    </td>
                  ))}
                  <td className="num">{n1(s.counted)}</td>
                </tr>
              </tbody>
            </table>
          </>
        )}
        {s.period === 'cycle' && snap.years.length > 0 && (
          <>
            <div className="st-h">按年度</div>
            <table className="st-table">
              <tbody>
                <tr>
                  {snap.years.map((y) => (
                    <th key={y.year}>{y.year}</th>
                  ))}
                </tr>
                <tr>
                  {snap.years.map((y) => (
                    <td key={y.year} className="num">
                      {n1(y.counted)}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </>
        )}
        {snap.byCategory.length > 0 && (
          <>
            <div className="st-h">分类要求</div>
            <table className="st-table">
              <tbody>
                {snap.byCategory.map((c) => (
                  <tr key={c.category}>
                    <td>{c.category}</td>
                    <td className="num">{n1(c.counted)}</td>
                    <td>
                      {c.min != null ? `最低 ${n1(c.min)}` : ''}
                      {c.cap != null ? `上限 ${n1(c.cap)}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <div className="st-h">学时明细</div>
        <table className="st-table">
          <thead>
            <tr>
              <th style={{ width: '22mm' }}>日期</th>
              <th>内容</th>
              <th style={{ width: '26mm' }}>级别 · 来源</th>
              <th className="num" style={{ width: '14mm' }}>
                {u}
              </th>
            </tr>
          </thead>
          <tbody>
            {snap.entries.length === 0 && (
              <tr>
                <td colSpan={4}>（无）</td>
              </tr>
            )}
            {snap.entries.map((e) => (
              <tr key={e.id}>
                <td>{e.occurredOn}</td>
                <td>{e.title}</td>
                <td>
                  {[e.level, CREDIT_SOURCE_LABELS[e.source as CreditSource] ?? e.source].filter(Boolean).join(' · ')}
                </td>
                <td className="num">{n1(e.counted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="st-foot">
          <div className="st-qr">
            <QrCode value={s.verifyUrl} size="24mm" margin={1} title={s.verifyUrl} />
            <div>
              <div>扫码验证真伪</div>
              <div style={{ fontSize: '2.5mm', color: '#777', wordBreak: 'break-all', maxWidth: '70mm' }}>
                {s.verifyUrl}
              </div>
            </div>
          </div>
          <div className="st-issuer">
            <div>{s.issuer}</div>
            <div>{chineseDate(chinaDay(s.issuedAt))}</div>
          </div>
        </div>
        {s.revoked && <div className="st-revoked">已撤销</div>}
      </div>
    </div>
  );
}
