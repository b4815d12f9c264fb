// 我的学分: the teacher's own progress this cycle (or an earlier one), what is still missing, the
// entries with capped markers, and hours statements to issue and print. Phone first.
import { FormOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useCurrentCycle, useTeacherCredits } from './credits.api';
import { CycleSelect, ProgressView } from './ProgressView';
import { StatementsCard } from './StatementsCard';

export default function MyCreditsPage() {
  const { t } = useTranslation('credits');
  const navigate = useNavigate();
  const me = useMe();
  const uq = useUrlQuery();
  const cycle = uq.num('cycle');
  const teacherId = me.data?.teacherId ?? null;
  const p = useTeacherCredits(teacherId, cycle);
  const current = useCurrentCycle();

  const header = (
    <PageHeader
      title={t('progress.myTitle')}
      sub={t('progress.mySub')}
      extra={
        <Button icon={<FormOutlined />} onClick={() => navigate('/my/credit-applications')}>
          {t('progress.applyLink')}
        </Button>
      }
    />
  );
  if (me.isLoading || p.isLoading) return <PageLoading />;
  if (!p.data)
    return (
      <div>
        {header}
        <PageError error={p.error} onRetry={() => p.refetch()} />
      </div>
    );
  return (
    <div style={{ maxWidth: 760 }}>
      {header}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {current && (
          <CycleSelect
            value={p.data.cycle.start}
            current={current}
            onChange={(start) => uq.set({ cycle: start === current.start ? undefined : start })}
          />
        )}
        <ProgressView p={p.data} />
        {teacherId && <StatementsCard teacherId={teacherId} canIssue canRevoke={false} defaultYear={p.data.year} />}
      </Space>
    </div>
  );
}
