// The year-end summary on A4 (/reports/year-summary/print?year=&schoolId=&source=): the title and
// the draft (or the saved edit), headings flush, paragraphs indented two characters, as the county
// office's documents are set. A toolbar that does not print.
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useYearSummary } from './reports.api';

export default function YearSummaryPrintPage() {
  const { t } = useTranslation('reports');
  const uq = useUrlQuery();
  const navigate = useNavigate();
  const year = uq.num('year') ?? new Date().getFullYear();
  const schoolId = uq.num('schoolId');
  const q = useYearSummary({ year, schoolId });
  if (q.isLoading) return <PageLoading />;
  if (!q.data) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;
  const text = uq.str('source') === 'edited' && s.edited ? s.edited.text : s.text;
  return (
    <div style={{ background: '#fff', minHeight: '100vh' }}>
      <div
        className="no-print"
        style={{ position: 'sticky', top: 0, display: 'flex', gap: 8, padding: 12, background: '#f5f7fa' }}
      >
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('common:action.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('summary.print')}
        </Button>
      </div>
      <article
        style={{
          maxWidth: 700,
          margin: '0 auto',
          padding: '32px 20px',
          fontFamily: 'serif',
          fontSize: 16,
          lineHeight: 2,
        }}
        data-testid="summary-print"
      >
        <h1 style={{ textAlign: 'center', fontSize: 22, margin: '0 0 24px' }}>{s.title}</h1>
        {text
          .split(/\n+/)
          .filter((p) => p.trim())
          .map((p, i) => {
            const heading = /^[一二三四五六七八九十]+、/.test(p.trim());
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one fixed text
              <p key={i} style={{ margin: 0, textIndent: heading ? 0 : '2em', fontWeight: heading ? 700 : 400 }}>
                {p.trim()}
              </p>
            );
          })}
      </article>
    </div>
  );
}
