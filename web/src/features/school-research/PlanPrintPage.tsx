// A plan or summary on A4 portrait: a toolbar (back, print) that is not printed, then the document
// at 210 mm wide; on a phone the sheet becomes the page width.
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { PLAN_DOC_CSS, PlanDocument } from './PlanDocument';
import { usePlan } from './school-research.api';

const PRINT_CSS = `
@page { size: A4 portrait; margin: 16mm 14mm; }
.pp-screen { min-height: 100vh; background: #e9ecf1; padding: 72px 12px 32px; box-sizing: border-box; }
.pp-toolbar { position: fixed; top: 0; left: 0; right: 0; z-index: 10; display: flex; gap: 8px; align-items: center;
  justify-content: space-between; padding: 10px 16px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.pp-sheet { max-width: 210mm; margin: 0 auto; background: #fff; padding: 16mm 14mm; box-sizing: border-box;
  box-shadow: 0 6px 28px rgba(0,0,0,.18); font-family: "Noto Serif SC", "Source Han Serif SC", "Songti SC", STSong, SimSun,
  "WenQuanYi Micro Hei", serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.pp-sign { display: flex; justify-content: flex-end; gap: 48px; margin-top: 32px; }
@media screen and (max-width: 640px) { .pp-sheet { padding: 14px; } }
@media print {
  html, body, #root { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .pp-toolbar { display: none !important; }
  .pp-screen { padding: 0 !important; background: #fff !important; min-height: 0 !important; }
  .pp-sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
}
`;

export default function PlanPrintPage() {
  const { t } = useTranslation('research');
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = usePlan(id);

  useEffect(() => {
    if (q.data) document.title = `${q.data.schoolName} ${q.data.theme}`;
  }, [q.data]);

  if (!Number.isInteger(id) || id <= 0) return <PageError error={new ApiError(404, 'NOT_FOUND', t('plan.badId'))} />;
  if (q.isLoading) return <PageLoading />;
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => q.refetch()} />;

  return (
    <div className="pp-screen">
      <style>{PLAN_DOC_CSS + PRINT_CSS}</style>
      <div className="pp-toolbar">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => (window.history.length > 1 ? navigate(-1) : window.close())}
        >
          {t('common:action.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="plan-print">
          {t('plans.print')}
        </Button>
      </div>
      <div className="pp-sheet">
        <PlanDocument p={q.data} />
        <div className="pp-sign">
          <span>学校（盖章）：</span>
          <span>日期：　　年　　月　　日</span>
        </div>
      </div>
    </div>
  );
}
