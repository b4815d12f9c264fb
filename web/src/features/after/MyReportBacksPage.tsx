// The teacher's report-back tasks (成果汇报/二次培训) as cards, phone first: what is owed, by when,
// and the form to record it (form, date, audience, summary, slides/photos/sign-in sheet).
import type { ReportBack } from '@shixun/common';
import { Alert, Button, Card, Empty, Pagination, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../../components/AttachmentList';
import { fmtDate, fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { fmtRange, LevelTag } from '../my/shared';
import { useReportBack, useReportBacks } from './after.api';
import { ReportBackFormDrawer } from './ReportBackFormDrawer';
import { DueText, ReportBackStatusTag } from './shared';

export default function MyReportBacksPage() {
  const { t } = useTranslation('after');
  const uq = useUrlQuery();
  const page = usePaging(uq).page;
  const pageSize = 10;
  const list = useReportBacks({ page, pageSize });
  const [editing, setEditing] = useState<number | null>(null);

  const header = <PageHeader title={t('my.title')} sub={t('my.sub')} />;
  if (list.isLoading) return <PageLoading />;
  if (list.error && !list.data)
    return (
      <div>
        {header}
        <PageError error={list.error} onRetry={() => list.refetch()} />
      </div>
    );
  const data = list.data ?? { items: [], total: 0 };

  return (
    <div style={{ maxWidth: 760 }}>
      {header}
      {data.items.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.empty')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {data.items.map((r) => (
            <TaskCard key={r.id} r={r} onRecord={() => setEditing(r.id)} />
          ))}
        </Space>
      )}
      {data.total > pageSize && (
        <Pagination
          style={{ marginTop: 16, justifyContent: 'center' }}
          current={page}
          pageSize={pageSize}
          total={data.total}
          showSizeChanger={false}
          showTotal={(total) => t('common:total', { total: fmtInt(total) })}
          onChange={(p) => uq.set({ page: p })}
        />
      )}
      <ReportBackFormDrawer id={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

function TaskCard({ r, onRecord }: { r: ReportBack; onRecord: () => void }) {
  const { t } = useTranslation('after');
  const [open, setOpen] = useState(false);
  const row = (label: string, value: React.ReactNode) => (
    <div style={{ display: 'flex', gap: 8, lineHeight: 1.8 }}>
      <Typography.Text type="secondary" style={{ flex: '0 0 auto', minWidth: 64 }}>
        {label}
      </Typography.Text>
      <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{value}</span>
    </div>
  );
  const editable = r.status !== 'verified';
  return (
    <Card size="small" styles={{ body: { padding: 16 } }} data-testid={`report-back-${r.id}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {r.projectName}
        </Typography.Text>
        <Space size={4} wrap style={{ justifyContent: 'flex-end' }}>
          <LevelTag level={r.level as never} />
          <ReportBackStatusTag status={r.status} />
        </Space>
      </div>
      <div style={{ marginTop: 8 }}>
        {row(t('field.training'), fmtRange(r.projectStart, r.projectEnd))}
        {row(t('field.due'), <DueText r={r} />)}
        {r.heldOn &&
          row(
            t('field.held'),
            `${t(`form.${r.form}`)} · ${fmtDate(r.heldOn)} · ${t('field.audienceValue', { n: r.audience })}`,
          )}
      </div>
      {r.status === 'returned' && r.returnReason && (
        <Alert style={{ marginTop: 8 }} type="warning" showIcon title={t('my.returned')} description={r.returnReason} />
      )}
      {r.status === 'verified' && (
        <Typography.Paragraph type="success" style={{ margin: '8px 0 0' }}>
          {t('my.verifiedOn', { date: fmtDate(r.verifiedAt), name: r.verifiedByName ?? '' })}
        </Typography.Paragraph>
      )}
      {open && <CardFiles id={r.id} />}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 }}>
        {editable && (
          <Button
            size="large"
            type={r.status === 'submitted' ? 'default' : 'primary'}
            style={{ flex: '1 1 140px' }}
            onClick={onRecord}
          >
            {r.status === 'pending' ? t('my.record') : t('my.edit')}
          </Button>
        )}
        {r.attachmentCount > 0 && (
          <Button size="large" style={{ flex: '1 1 140px' }} onClick={() => setOpen((v) => !v)}>
            {open ? t('my.hideFiles') : t('my.showFiles', { n: r.attachmentCount })}
          </Button>
        )}
      </div>
    </Card>
  );
}

function CardFiles({ id }: { id: number }) {
  const one = useReportBack(id);
  if (!one.data) return null;
  return (
    <div style={{ marginTop: 8 }}>
      <AttachmentList items={one.data.attachments} />
    </div>
  );
}
