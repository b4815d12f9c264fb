// 培训满意度 (/surveys/satisfaction): each project of the year (mean, 满意率, per dimension, NPS,
// how many answered of those asked) and each trainer (their per-trainer ratings across projects).
// The year and tab live in the URL; a project opens its results.

import { DownloadOutlined } from '@ant-design/icons';
import type { ProjectSatisfactionRow, TrainerSatisfactionRow } from '@shixun/common';
import { Button, Empty, Select, Table, type TableProps, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtDate, fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { ScoreCell } from './ScoreCell';
import {
  exportSatisfaction,
  useProjectsSatisfaction,
  useSatisfactionTemplate,
  useTrainerSatisfaction,
} from './surveys.api';

const thisYear = () => new Date().getFullYear();

export default function SatisfactionPage() {
  const { t } = useTranslation('surveys');
  const uq = useUrlQuery();
  const year = uq.num('year') ?? thisYear();
  const tab = uq.str('tab') === 'trainers' ? 'trainers' : 'projects';
  return (
    <div>
      <PageHeader
        title={t('satisfaction.title')}
        sub={t('satisfaction.sub')}
        extra={
          <>
            <Select
              value={year}
              aria-label={t('filter.year')}
              options={Array.from({ length: 6 }, (_, i) => thisYear() - i).map((y) => ({
                value: y,
                label: t('results.year', { year: y }),
              }))}
              onChange={(v) => uq.set({ year: v === thisYear() ? undefined : v })}
              style={{ width: 120 }}
            />
            <Button icon={<DownloadOutlined />} onClick={() => exportSatisfaction(tab, year)}>
              {t('common:action.export')}
            </Button>
          </>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => uq.set({ tab: k === 'projects' ? undefined : k })}
        items={[
          {
            key: 'projects',
            label: t('satisfaction.projects'),
            children: tab === 'projects' && <Projects year={year} />,
          },
          {
            key: 'trainers',
            label: t('satisfaction.trainers'),
            children: tab === 'trainers' && <Trainers year={year} />,
          },
        ]}
      />
    </div>
  );
}

function Projects({ year }: { year: number }) {
  const { t } = useTranslation('surveys');
  const list = useProjectsSatisfaction(year);
  const template = useSatisfactionTemplate();
  const templateId = template.data?.template?.id;
  const dim = (r: ProjectSatisfactionRow, d: string) => r.dimensions.find((x) => x.dimension === d);
  const columns: TableProps<ProjectSatisfactionRow>['columns'] = [
    {
      title: t('satisfaction.project'),
      dataIndex: 'projectName',
      fixed: 'left',
      render: (v: string, r) =>
        templateId ? <Link to={`/surveys/${templateId}/results?projectId=${r.projectId}`}>{v}</Link> : v,
    },
    { title: t('satisfaction.level'), dataIndex: 'level' },
    { title: t('satisfaction.endDate'), dataIndex: 'endDate', render: fmtDate },
    {
      title: t('satisfaction.responses'),
      key: 'responses',
      align: 'right',
      render: (_, r) => `${fmtInt(r.responses)} / ${fmtInt(r.invited)}`,
    },
    {
      title: t('satisfaction.overall'),
      key: 'overall',
      sorter: (a, b) => (a.mean ?? 0) - (b.mean ?? 0),
      render: (_, r) => <ScoreCell s={r} />,
    },
    { title: t('dimension.trainer'), key: 'trainer', render: (_, r) => <ScoreCell s={dim(r, 'trainer')} /> },
    { title: t('dimension.content'), key: 'content', render: (_, r) => <ScoreCell s={dim(r, 'content')} /> },
    {
      title: t('dimension.organisation'),
      key: 'organisation',
      render: (_, r) => <ScoreCell s={dim(r, 'organisation')} />,
    },
    {
      title: t('satisfaction.nps'),
      dataIndex: 'nps',
      align: 'right',
      render: (v: number | null) => (v == null ? '—' : Math.round(v)),
    },
  ];
  if (list.error && !list.data) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('satisfaction.hint')}</Typography.Paragraph>
      <Table<ProjectSatisfactionRow>
        rowKey="projectId"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('satisfaction.empty')} /> }}
      />
    </>
  );
}

function Trainers({ year }: { year: number }) {
  const { t } = useTranslation('surveys');
  const list = useTrainerSatisfaction(year);
  const columns: TableProps<TrainerSatisfactionRow>['columns'] = [
    { title: t('satisfaction.trainer'), dataIndex: 'name', fixed: 'left' },
    { title: t('satisfaction.projectsTaught'), dataIndex: 'projects', align: 'right' },
    { title: t('satisfaction.responses'), dataIndex: 'responses', align: 'right', render: fmtInt },
    {
      title: t('satisfaction.overall'),
      key: 'overall',
      defaultSortOrder: 'descend',
      sorter: (a, b) => (a.mean ?? 0) - (b.mean ?? 0),
      render: (_, r) => <ScoreCell s={r} />,
    },
  ];
  if (list.error && !list.data) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Table<TrainerSatisfactionRow>
      rowKey="trainerId"
      size="middle"
      loading={list.isFetching}
      columns={columns}
      dataSource={list.data?.items}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('satisfaction.empty')} /> }}
    />
  );
}
