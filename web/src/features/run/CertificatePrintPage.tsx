// A 结业证书 laid out for A4 landscape: one sheet of exactly 297 × 210 mm with no printer margin,
// a decorative border, the wording, issuer and date, the number and a QR code to the public
// verification page. The toolbar (print, PDF) is not printed.
import { ArrowLeftOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { chineseDate } from '@shixun/common';
import { Alert, Button, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { useFitZoom } from '../../components/useFitZoom';
import { QrCode } from './QrCode';
import { certificatePdfUrl, useCertificate } from './run.api';
import { chinaDay } from './time';

const SHEET_W_PX = 1123; // 297 mm at 96 dpi

const CSS = `
@page { size: A4 landscape; margin: 0; }
.cert-screen { min-height: 100vh; background: #e9ecf1; padding: 72px 16px 32px; box-sizing: border-box; }
.cert-toolbar { position: fixed; top: 0; left: 0; right: 0; z-index: 10; display: flex; gap: 8px; align-items: center;
  justify-content: space-between; flex-wrap: wrap; padding: 10px 16px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.cert-sheet { position: relative; width: 297mm; height: 210mm; margin: 0 auto; background: #fffdf6; overflow: hidden;
  box-shadow: 0 6px 28px rgba(0,0,0,.18); box-sizing: border-box; color: #222;
  font-family: "Noto Serif SC", "Source Han Serif SC", "Songti SC", STSong, SimSun, "WenQuanYi Micro Hei", serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.cert-frame { position: absolute; inset: 8mm; border: 2.2mm solid #b8892f; }
.cert-frame::after { content: ""; position: absolute; inset: 2.4mm; border: 0.4mm solid #b8892f; }
.cert-corner { position: absolute; width: 16mm; height: 16mm; border: 0.8mm solid #a5222a; }
.cert-corner.tl { top: 14mm; left: 14mm; border-right: none; border-bottom: none; }
.cert-corner.tr { top: 14mm; right: 14mm; border-left: none; border-bottom: none; }
.cert-corner.bl { bottom: 14mm; left: 14mm; border-right: none; border-top: none; }
.cert-corner.br { bottom: 14mm; right: 14mm; border-left: none; border-top: none; }
.cert-band { position: absolute; left: 50%; transform: translateX(-50%); top: 17mm; width: 90mm; height: 1.2mm;
  background: linear-gradient(90deg, transparent, #b8892f 20%, #b8892f 80%, transparent); }
.cert-title { position: absolute; top: 27mm; left: 0; right: 0; text-align: center; font-size: 19mm; line-height: 1;
  font-weight: 700; color: #a5222a; letter-spacing: 8mm; text-indent: 8mm; }
.cert-body { position: absolute; top: 62mm; left: 36mm; right: 36mm; font-size: 7mm; line-height: 2; }
.cert-name { font-size: 8mm; font-weight: 700; }
.cert-name b { border-bottom: 0.4mm solid #444; padding: 0 2mm; }
.cert-text { text-indent: 2em; margin: 2mm 0 0; text-align: justify; }
.cert-issuer { position: absolute; right: 36mm; bottom: 30mm; text-align: center; font-size: 6mm; line-height: 1.8; }
.cert-qr { position: absolute; left: 30mm; bottom: 24mm; display: flex; gap: 4mm; align-items: flex-end; }
.cert-qr-text { font-size: 3.2mm; line-height: 1.7; color: #444; font-family: inherit; }
.cert-number { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 3.6mm; color: #222; }
.cert-revoked { position: absolute; top: 50%; left: 50%; transform: translate(-50%, -50%) rotate(-14deg); color: rgba(207,19,34,.5);
  border: 1.6mm solid rgba(207,19,34,.5); border-radius: 4mm; padding: 2mm 10mm; font-size: 22mm; font-weight: 700;
  letter-spacing: 6mm; white-space: nowrap; }
@media print {
  html, body, #root { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .cert-toolbar, .cert-note { display: none !important; }
  .cert-screen { padding: 0 !important; background: #fff !important; min-height: 0 !important; }
  .cert-sheet { margin: 0 !important; box-shadow: none !important; zoom: 1 !important; page-break-after: avoid; break-after: avoid; }
}
`;

export default function CertificatePrintPage() {
  const { t } = useTranslation('run');
  const number = useParams().number ?? '';
  const navigate = useNavigate();
  const cert = useCertificate(number);
  const zoom = useFitZoom(SHEET_W_PX);

  useEffect(() => {
    if (cert.data) document.title = `${t('print.docTitle')} ${cert.data.number} ${cert.data.teacherName}`;
  }, [cert.data, t]);

  if (cert.isLoading) return <PageLoading />;
  if (cert.error || !cert.data) return <PageError error={cert.error} onRetry={() => cert.refetch()} />;
  const c = cert.data;

  return (
    <div className="cert-screen">
      <style>{CSS}</style>
      <div className="cert-toolbar">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => (window.history.length > 1 ? navigate(-1) : window.close())}
        >
          {t('common:action.back')}
        </Button>
        <Space wrap>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="cert-print">
            {t('print.print')}
          </Button>
          <Button icon={<FilePdfOutlined />} href={certificatePdfUrl(c.number)} target="_blank" rel="noopener">
            {t('print.pdf')}
          </Button>
        </Space>
      </div>
      {c.revoked && (
        <Alert
          className="cert-note"
          type="error"
          showIcon
          style={{ maxWidth: SHEET_W_PX * zoom, margin: '0 auto 12px' }}
          title={t('print.revokedNote', {
            date: c.revokedAt ? chineseDate(chinaDay(c.revokedAt)) : '',
            reason: c.revokeReason ?? '',
          })}
        />
      )}
      <div className="cert-sheet" style={{ zoom }} data-testid="cert-sheet">
        <div className="cert-frame" />
        <div className="cert-corner tl" />
        <div className="cert-corner tr" />
        <div className="cert-corner bl" />
        <div className="cert-corner br" />
        <div className="cert-band" />
        {/* The certificate itself is a Chinese document: its wording does not follow the UI language. */}
        <div className="cert-title" lang="zh-CN">
          结业证书
        </div>
        <div className="cert-body" lang="zh-CN">
          <div className="cert-name">
            <b>{c.teacherName}</b> 同志：
          </div>
          <p className="cert-text" data-testid="cert-text">
            {c.text}
          </p>
        </div>
        <div className="cert-issuer" lang="zh-CN">
          <div>{c.issuer}</div>
          <div>{chineseDate(chinaDay(c.issuedAt))}</div>
        </div>
        <div className="cert-qr">
          <QrCode value={c.verifyUrl} size="24mm" margin={1} title={c.verifyUrl} />
          <div className="cert-qr-text" lang="zh-CN">
            <div>扫码验证真伪</div>
            <div>
              证书编号：<span className="cert-number">{c.number}</span>
            </div>
            <div style={{ fontSize: '2.6mm', color: '#777' }}>{c.verifyUrl}</div>
          </div>
        </div>
        {c.revoked && <div className="cert-revoked">已撤销</div>}
      </div>
    </div>
  );
}
