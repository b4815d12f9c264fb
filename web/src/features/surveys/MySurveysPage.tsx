// 我的问卷 on a teacher's phone: the surveys waiting for an answer (needs surveys, self-assessments,
// the satisfaction survey of a finished training, with its deadline and whether the certificate
// waits for it) and those already answered. Cards and links only: no tables, no charts.
import type { MySurvey } from '@shixun/common';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtUntil } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useMySurveys } from './surveys.api';

const linkOf = (s: MySurvey) => `/my/surveys/${s.surveyId}${s.projectId ? `?projectId=${s.projectId}` : ''}`;

export default function MySurveysPage() {
  const { t } = useTranslation('surveyForm');
  const list = useMySurveys();
  const header = <PageHeader title={t('mine.title')} sub={t('mine.sub')} />;
  if (list.isLoading) return <PageLoading />;
  if (!list.data)
    return (
      <div>
        {header}
        <PageError error={list.error} onRetry={() => list.refetch()} />
      </div>
    );
  const { pending, answered } = list.data;
  return (
    <div style={{ maxWidth: 640 }}>
      {header}
      <h2 style={{ fontSize: 16, margin: '0 0 8px' }}>{t('mine.pending', { n: pending.length })}</h2>
      {pending.length === 0 ? (
        <p style={{ color: '#595959', margin: '0 0 16px' }} data-testid="my-surveys-none">
          {t('mine.none')}
        </p>
      ) : (
        pending.map((s) => <SurveyCard key={`${s.surveyId}-${s.projectId ?? 0}`} s={s} />)
      )}
      {answered.length > 0 && (
        <>
          <h2 style={{ fontSize: 16, margin: '20px 0 8px' }}>{t('mine.answered')}</h2>
          {answered.map((s) => (
            <SurveyCard key={`${s.surveyId}-${s.projectId ?? 0}`} s={s} />
          ))}
        </>
      )}
    </div>
  );
}

function SurveyCard({ s }: { s: MySurvey }) {
  const { t } = useTranslation('surveyForm');
  return (
    <div
      style={{
        background: '#fff',
        border: '1px solid #e5e7eb',
        borderRadius: 8,
        padding: 16,
        marginBottom: 12,
        display: 'flex',
        gap: 12,
        alignItems: 'center',
        flexWrap: 'wrap',
      }}
      data-testid={`my-survey-${s.surveyId}-${s.projectId ?? 0}`}
    >
      <div style={{ flex: '1 1 200px', minWidth: 0 }}>
        <div style={{ fontSize: 16, fontWeight: 600, overflowWrap: 'anywhere' }}>{s.title}</div>
        <div style={{ color: '#595959', fontSize: 13, marginTop: 4 }}>
          {t(`kind.${s.kind}`)}
          {s.projectName ? ` · 《${s.projectName}》` : ''}
          {!s.answered && s.closesAt ? ` · ${t('closes', { date: fmtUntil(s.closesAt) })}` : ''}
        </div>
        {!s.answered && s.requiredForCertificate && (
          <div style={{ color: '#ad4e00', fontSize: 13, marginTop: 4 }}>{t('beforeCertificate')}</div>
        )}
      </div>
      <Link to={linkOf(s)} style={{ flex: '0 0 auto' }}>
        <Button size="large" type={s.answered ? 'default' : 'primary'}>
          {s.answered ? t('mine.view') : t('mine.answer')}
        </Button>
      </Link>
    </div>
  );
}
