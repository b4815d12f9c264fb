// The caller's recent imports of one kind, so an import cut off by a server stop (kill -9, power
// loss) shows as failed with the server's explanation instead of vanishing.
import type { JobListItem } from '@shixun/common';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ImportKind, useRecentJobs } from './imports.api';

const STATUS_COLOR: Record<JobListItem['status'], string> = { running: 'processing', done: 'success', failed: 'error' };

export function RecentJobs({ kind }: { kind: ImportKind }) {
  const { t, i18n } = useTranslation('imports');
  const jobs = useRecentJobs(kind);
  if (!jobs.data?.length) return null;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <div data-testid="recent-jobs">
      <Typography.Title level={5}>{t('recent.title')}</Typography.Title>
      <Table<JobListItem>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={jobs.data}
        columns={[
          {
            title: t('recent.when'),
            dataIndex: 'createdAt',
            render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{when.format(new Date(v))}</span>,
          },
          {
            title: t('recent.status'),
            dataIndex: 'status',
            render: (s: JobListItem['status']) => (
              <Tag color={STATUS_COLOR[s]} style={{ marginInlineEnd: 0 }}>
                {t(`recent.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('recent.detail'),
            key: 'detail',
            render: (_, j) =>
              j.message ?? (j.phase ? t(`phase.${j.phase}`, { defaultValue: j.phase }) : t('phase.uploading')),
          },
        ]}
      />
    </div>
  );
}
