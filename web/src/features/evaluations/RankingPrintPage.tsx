// The ranking on A4 (/evaluations/:id/print): one table per group — rank, school, type, score,
// grade — under the evaluation's name, for the county's notice of results. A toolbar to print or
// go back that does not print.
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState';
import { useEvaluation, useResults } from './evaluations.api';

const cell: React.CSSProperties = { border: '1px solid #333', padding: '4px 8px', fontSize: 13 };

export default function RankingPrintPage() {
  const { t } = useTranslation('evaluations');
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const e = useEvaluation(id);
  const r = useResults(id, e.data?.status !== 'draft');
  if (e.isLoading || r.isLoading) return <PageLoading />;
  if (!e.data || !r.data) return <PageError error={e.error ?? r.error} />;
  const groups = [...new Set(r.data.items.map((x) => x.groupName))];
  return (
    <div style={{ background: '#fff', minHeight: '100vh' }}>
      <div
        className="no-print"
        style={{
          position: 'sticky',
          top: 0,
          display: 'flex',
          gap: 8,
          padding: 12,
          background: '#f5f7fa',
          borderBottom: '1px solid #e5e7eb',
        }}
      >
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/evaluations/${id}`)}>
          {t('common:action.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('page.print')}
        </Button>
      </div>
      <div
        style={{ maxWidth: 760, margin: '0 auto', padding: '24px 16px', fontFamily: 'serif' }}
        data-testid="ranking-print"
      >
        <h1 style={{ textAlign: 'center', fontSize: 22, margin: '0 0 4px' }}>{e.data.name}</h1>
        <p style={{ textAlign: 'center', margin: '0 0 16px' }}>
          {e.data.status === 'published' ? t('print.published') : t('print.draft')}
        </p>
        {groups.map((g) => (
          <section key={g} style={{ breakInside: 'avoid-page', marginBottom: 20 }}>
            <h2 style={{ fontSize: 16, margin: '12px 0 6px' }}>{g}</h2>
            <table style={{ borderCollapse: 'collapse', width: '100%' }}>
              <thead>
                <tr>
                  <th style={cell}>{t('col.rank')}</th>
                  <th style={{ ...cell, textAlign: 'left' }}>{t('col.school')}</th>
                  <th style={cell}>{t('col.type')}</th>
                  <th style={cell}>{t('col.score')}</th>
                  <th style={cell}>{t('col.grade')}</th>
                </tr>
              </thead>
              <tbody>
                {r.data.items
                  .filter((x) => x.groupName === g)
                  .map((x) => (
                    <tr key={x.schoolId}>
                      <td style={{ ...cell, textAlign: 'center', width: 56 }}>{x.rank}</td>
                      <td style={cell}>{x.schoolName}</td>
                      <td style={{ ...cell, textAlign: 'center' }}>
                        {t(`common:enum.${x.schoolType}`, { defaultValue: x.schoolType })}
                      </td>
                      <td style={{ ...cell, textAlign: 'right', width: 80 }}>{x.score.toFixed(2)}</td>
                      <td style={{ ...cell, textAlign: 'center', width: 72 }}>{t(`grade.${x.grade}`)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </div>
  );
}
