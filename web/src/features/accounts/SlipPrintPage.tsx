// Account slips (账号开通单) on A4 portrait, eight to a sheet with cut lines: name, school, the login
// name and the other ways to sign in, the one-time code, its expiry, where and how to activate, and a
// QR code of the activation address. The codes live only in this tab's memory (slipStore): a reload
// loses them, and printing again means issuing new codes (which voids these).
import { ArrowLeftOutlined, DeleteOutlined, PrinterOutlined } from '@ant-design/icons';
import type { Slip, SlipBatch } from '@shixun/common';
import { Alert, Button, Popconfirm, Result, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFitZoom } from '../../components/useFitZoom';
import { currentSlips, forgetSlips } from './slipStore';

const PER_SHEET = 8;
const SHEET_PX = 794; // 210 mm at 96 dpi

const CSS = `
@page { size: A4 portrait; margin: 0; }
.slip-screen { min-height: 100vh; background: #e9ecf1; padding: 0 12px 32px; box-sizing: border-box;
  /* the unzoomed first paint must not widen a phone's layout viewport (the zoom is measured from it) */
  overflow-x: clip; }
.slip-toolbar { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: 8px; margin: 0 -12px 12px;
  align-items: center; justify-content: space-between; padding: 10px 16px; background: #fff;
  box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.slip-sheet { width: 210mm; height: 297mm; margin: 0 auto 16px; background: #fff; box-sizing: border-box;
  padding: 8mm; display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: repeat(4, 1fr);
  box-shadow: 0 6px 28px rgba(0,0,0,.18); break-after: page; page-break-after: always;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; font-family: 'Noto Sans SC', 'WenQuanYi Micro Hei', sans-serif; }
.slip-sheet:last-child { break-after: auto; page-break-after: auto; }
.slip { border: 1px dashed #8c8c8c; margin: -0.5px; padding: 4mm 4.5mm; display: flex; flex-direction: column;
  gap: 1.2mm; font-size: 9pt; line-height: 1.35; color: #111; overflow: hidden; position: relative; }
.slip-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 3mm; }
.slip-title { font-size: 10.5pt; font-weight: 700; }
.slip-region { font-size: 8pt; color: #555; }
.slip-qr { width: 19mm; height: 19mm; flex: none; }
.slip-row { display: flex; gap: 2mm; }
.slip-label { color: #555; flex: none; }
.slip-name { font-size: 11pt; font-weight: 700; }
.slip-code { font-family: 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 15pt; font-weight: 700;
  letter-spacing: 1px; border: 1px solid #111; padding: 0.6mm 2mm; border-radius: 1mm; }
.slip-steps { margin: 0; padding-left: 4.2mm; font-size: 8pt; color: #222; }
.slip-foot { font-size: 7.5pt; color: #666; margin-top: auto; }
.slip-url { font-family: 'DejaVu Sans Mono', monospace; word-break: break-all; }
@media print {
  html, body, #root { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .slip-toolbar, .slip-notes { display: none !important; }
  .slip-screen { padding: 0 !important; background: #fff !important; min-height: 0 !important; overflow: visible !important; }
  .slip-zoom { zoom: 1 !important; }
  .slip-sheet { margin: 0; box-shadow: none; }
}
`;

/** One QR code of the activation address, drawn once and reused by every slip. */
function useQrSymbol(value: string) {
  return useMemo(() => {
    const qr = QRCode.create(value, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    let d = '';
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M${c + 1} ${r + 1}h1v1h-1z`;
    return { d, size: n + 2 };
  }, [value]);
}

function SlipCard({ s, batch }: { s: Slip; batch: SlipBatch }) {
  const { t } = useTranslation('accounts');
  const until = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' }).format(
    new Date(s.expiresAt),
  );
  const others = [
    s.phoneMasked ? t('slip.phone', { phone: s.phoneMasked }) : null,
    s.idNumberLogin ? t('slip.idNumber') : null,
  ].filter(Boolean);
  return (
    <div className="slip" data-testid="slip">
      <div className="slip-head">
        <div>
          <div className="slip-title">{t('slip.title')}</div>
          <div className="slip-region">{t('slip.platform', { region: batch.regionName })}</div>
          <div className="slip-name" style={{ marginTop: '1.5mm' }}>
            {s.displayName}
          </div>
          {s.schoolName && <div>{s.schoolName}</div>}
        </div>
        <svg className="slip-qr" role="img" aria-label={batch.activateUrl}>
          <use href="#slip-qr" width="100%" height="100%" />
        </svg>
      </div>
      <div className="slip-row">
        <span className="slip-label">{t('slip.username')}</span>
        <strong>{s.username}</strong>
      </div>
      {others.length > 0 && (
        <div style={{ fontSize: '8pt' }}>{t('slip.alsoLogin', { ways: others.join(t('slip.or')) })}</div>
      )}
      <div className="slip-row" style={{ alignItems: 'center' }}>
        <span className="slip-label">{t('slip.code')}</span>
        <span className="slip-code" data-testid="slip-code">
          {s.code}
        </span>
      </div>
      <div style={{ fontSize: '8pt' }}>{t('slip.expires', { date: until })}</div>
      <ol className="slip-steps">
        <li>
          {t('slip.step1')} <span className="slip-url">{batch.activateUrl}</span>
        </li>
        <li>{t('slip.step2')}</li>
        <li>{t('slip.step3')}</li>
      </ol>
      <div className="slip-foot">{t('slip.keep')}</div>
    </div>
  );
}

export default function SlipPrintPage() {
  const { t } = useTranslation('accounts');
  const navigate = useNavigate();
  const [batch, setBatch] = useState<SlipBatch | null>(() => currentSlips());
  const zoom = useFitZoom(SHEET_PX + 24);
  const qr = useQrSymbol(batch?.activateUrl ?? 'about:blank');

  useEffect(() => {
    document.title = t('slip.docTitle');
  }, [t]);

  const back = () => (window.history.length > 1 ? navigate(-1) : navigate('/accounts/slips'));

  if (!batch || batch.slips.length === 0) {
    return (
      <Result
        status="info"
        title={batch ? t('print.noneTitle') : t('print.goneTitle')}
        subTitle={batch ? t('print.noneHint') : t('print.goneHint')}
        extra={
          <Button type="primary" onClick={() => navigate('/accounts/slips')}>
            {t('print.toSlips')}
          </Button>
        }
      >
        {batch && batch.skipped.length > 0 && <SkippedNote batch={batch} />}
      </Result>
    );
  }

  const sheets: Slip[][] = [];
  for (let i = 0; i < batch.slips.length; i += PER_SHEET) sheets.push(batch.slips.slice(i, i + PER_SHEET));

  return (
    <div className="slip-screen">
      <style>{CSS}</style>
      <svg width="0" height="0" style={{ position: 'absolute' }} aria-hidden="true">
        <symbol id="slip-qr" viewBox={`0 0 ${qr.size} ${qr.size}`}>
          <rect width={qr.size} height={qr.size} fill="#fff" />
          <path d={qr.d} fill="#000" shapeRendering="crispEdges" />
        </symbol>
      </svg>
      <div className="slip-toolbar">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={back}>
            {t('common:action.back')}
          </Button>
          <Typography.Text>{t('print.count', { slips: batch.slips.length, sheets: sheets.length })}</Typography.Text>
        </Space>
        <Space wrap>
          <Popconfirm
            title={t('print.forgetTitle')}
            description={<div style={{ maxWidth: 260 }}>{t('print.forgetHint')}</div>}
            onConfirm={() => {
              forgetSlips();
              setBatch(null);
            }}
          >
            <Button icon={<DeleteOutlined />}>{t('print.forget')}</Button>
          </Popconfirm>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="slips-print">
            {t('print.print')}
          </Button>
        </Space>
      </div>
      <div className="slip-notes" style={{ maxWidth: SHEET_PX, margin: '0 auto 12px' }}>
        <Alert type="warning" showIcon title={t('print.once')} />
        {batch.skipped.length > 0 && <SkippedNote batch={batch} />}
      </div>
      <div className="slip-zoom" style={{ zoom }}>
        {sheets.map((list) => (
          <div className="slip-sheet" key={list[0]!.userId}>
            {list.map((s) => (
              <SlipCard key={s.userId} s={s} batch={batch} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

function SkippedNote({ batch }: { batch: SlipBatch }) {
  const { t } = useTranslation('accounts');
  const shown = batch.skipped.slice(0, 20);
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 8, textAlign: 'left' }}
      title={t('print.skipped', { n: batch.skipped.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {shown.map((s) => (
            <li key={s.userId}>
              {s.displayName}：{s.reason}
            </li>
          ))}
          {batch.skipped.length > shown.length && <li>…</li>}
        </ul>
      }
    />
  );
}
