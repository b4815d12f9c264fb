// The growth archive on A4 portrait sheets: a toolbar (back, print) that is not printed, then the
// document at 210 mm wide; on a narrow screen the sheet simply becomes the page width.
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { ARCHIVE_CSS, ArchiveDocument } from './ArchiveDocument';
import { useArchive } from './archive.api';

const PRINT_CSS = `
@page { size: A4 portrait; margin: 14mm 12mm; }
.arch-screen { min-height: 100vh; background: #e9ecf1; padding: 72px 12px 32px; box-sizing: border-box; }
.arch-toolbar { position: fixed; top: 0; left: 0; right: 0; z-index: 10; display: flex; gap: 8px; align-items: center;
  justify-content: space-between; padding: 10px 16px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.arch-sheet { max-width: 210mm; margin: 0 auto; background: #fff; padding: 14mm 12mm; box-sizing: border-box;
  box-shadow: 0 6px 28px rgba(0,0,0,.18); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media screen and (max-width: 640px) { .arch-sheet { padding: 12px; } }
@media print {
  html, body, #root { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .arch-toolbar { display: none !important; }
  .arch-screen { padding: 0 !important; background: #fff !important; min-height: 0 !important; }
  .arch-sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
}
`;

export default function ArchivePrintPage() {
  const { t } = useTranslation('archive');
  const navigate = useNavigate();
  const param = useParams().id ?? '';
  const id = /^\d+$/.test(param) ? Number(param) : null;
  const archive = useArchive(id);

  useEffect(() => {
    if (archive.data) document.title = `${t('title')} ${archive.data.teacher.name}`;
  }, [archive.data, t]);

  if (archive.isLoading) return <PageLoading />;
  if (archive.error || !archive.data)
    return <PageError error={archive.error ?? new Error(t('common:state.notFound'))} />;

  return (
    <div className="arch-screen">
      <style>{ARCHIVE_CSS + PRINT_CSS}</style>
      <div className="arch-toolbar">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => (window.history.length > 1 ? navigate(-1) : window.close())}
        >
          {t('common:action.back')}
        </Button>
        <Space>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="archive-print">
            {t('print')}
          </Button>
        </Space>
      </div>
      <div className="arch-sheet">
        <ArchiveDocument a={archive.data} />
      </div>
    </div>
  );
}
