// A training provider's account lands here: the projects the county commissioned from it, each
// opening the project's page where the provider arranges sessions, takes attendance and enters
// scores. Nothing else of the county is visible to it.
import type { ProviderProject } from '@shixun/common';
import { Card, Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useProjectLabels } from '../projects/labels';
import { useOwnProvider } from './providers.api';

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  published: 'blue',
  enrolling: 'cyan',
  running: 'green',
  assessing: 'orange',
  closed: 'default',
};

export default function ProviderHomePage() {
  const { t } = useTranslation('providers');
  const labels = useProjectLabels();
  const own = useOwnProvider();
  if (own.isLoading) return <PageLoading />;
  if (own.error || !own.data) return <PageError error={own.error} onRetry={() => own.refetch()} />;
  const p = own.data;
  return (
    <div>
      <PageHeader title={t('home.title')} sub={t('home.sub', { name: p.name })} />
      <Card>
        {p.projects.length === 0 ? (
          <Empty description={t('home.empty')} />
        ) : (
          <Table<ProviderProject>
            rowKey="id"
            size="middle"
            dataSource={p.projects}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 760 }}
            columns={[
              {
                title: t('project.name'),
                dataIndex: 'name',
                render: (v: string, x) => (
                  <span>
                    <Link to={`/projects/${x.id}`} data-testid={`provider-project-${x.id}`}>
                      {v}
                    </Link>
                    <br />
                    <Typography.Text type="secondary">
                      {[x.category, labels.level(x.level)].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  </span>
                ),
              },
              {
                title: t('project.dates'),
                key: 'dates',
                width: 230,
                render: (_, x) => `${fmtDate(x.startDate)} – ${fmtDate(x.endDate)}`,
              },
              { title: t('project.hours'), dataIndex: 'hours', width: 80 },
              { title: t('project.participants'), dataIndex: 'participants', width: 90 },
              { title: t('project.sessions'), dataIndex: 'sessions', width: 80 },
              {
                title: t('project.status'),
                dataIndex: 'status',
                width: 100,
                render: (s: ProviderProject['status']) => <Tag color={STATUS_COLORS[s]}>{labels.status(s)}</Tag>,
              },
            ]}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('home.hint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
