// 学时申报 for the teacher (phone first): my applications as cards with status and history, and the
// form to apply, edit a pending one, or correct and resubmit a returned one; withdraw while undecided.
import { PlusOutlined } from '@ant-design/icons';
import { type CreditApplication, EDITABLE, WITHDRAWABLE } from '@shixun/common';
import { App, Button, Card, Empty, Pagination, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../../components/AttachmentList';
import { fmtDate, fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { ApplicationFormDrawer } from './ApplicationFormDrawer';
import { useApplications, useWithdrawApplication } from './credit-applications.api';
import { ApplicationTimeline, StatusTag, useKindLabel } from './shared';

export default function MyApplicationsPage() {
  const { t } = useTranslation('creditApplications');
  const { message } = App.useApp();
  const uq = useUrlQuery();
  const { page } = usePaging(uq);
  const pageSize = 10;
  const list = useApplications({ page, pageSize });
  const [editing, setEditing] = useState<CreditApplication | null | undefined>(undefined);

  const header = (
    <PageHeader
      title={t('my.title')}
      sub={t('my.sub')}
      extra={
        <Button
          type="primary"
          size="large"
          icon={<PlusOutlined />}
          onClick={() => setEditing(null)}
          data-testid="apply"
        >
          {t('my.apply')}
        </Button>
      }
    />
  );
  const drawer = (
    <ApplicationFormDrawer
      open={editing !== undefined}
      application={editing}
      onClose={() => setEditing(undefined)}
      onSaved={() => {
        setEditing(undefined);
        message.success(t('form.submitted'));
      }}
    />
  );
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
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('my.empty')}>
            <Typography.Text type="secondary">{t('my.emptyHint')}</Typography.Text>
          </Empty>
        </Card>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {data.items.map((a) => (
            <ApplicationCard key={a.id} a={a} onEdit={() => setEditing(a)} />
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
      {drawer}
    </div>
  );
}

function ApplicationCard({ a, onEdit }: { a: CreditApplication; onEdit: () => void }) {
  const { t } = useTranslation('creditApplications');
  const { message } = App.useApp();
  const kindLabel = useKindLabel();
  const withdraw = useWithdrawApplication();
  const hours =
    a.status === 'approved' ? t('my.granted', { hours: a.grantedHours }) : t('my.claimed', { hours: a.claimedHours });
  return (
    <Card size="small" styles={{ body: { padding: 16 } }} data-testid={`application-${a.id}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ fontSize: 16, minWidth: 0, overflowWrap: 'anywhere' }}>
          {a.title}
        </Typography.Text>
        <StatusTag status={a.status} />
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
        {kindLabel(a.kind)} · {fmtDate(a.occurredOn)} ·{' '}
        <Typography.Text strong type={a.status === 'approved' ? 'success' : undefined}>
          {hours}
        </Typography.Text>
      </Typography.Paragraph>
      {a.attachments.length > 0 && (
        <div style={{ marginBottom: 8 }}>
          <AttachmentList items={a.attachments} />
        </div>
      )}
      <ApplicationTimeline a={a} />
      {(EDITABLE.includes(a.status) || WITHDRAWABLE.includes(a.status)) && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {EDITABLE.includes(a.status) && (
            <Button
              size="large"
              type={a.status === 'returned' ? 'primary' : 'default'}
              style={{ flex: '1 1 140px' }}
              onClick={onEdit}
              data-testid="application-edit"
            >
              {a.status === 'returned' ? t('my.resubmit') : t('my.edit')}
            </Button>
          )}
          {WITHDRAWABLE.includes(a.status) && (
            <Popconfirm
              title={t('my.withdrawConfirm')}
              onConfirm={async () => {
                try {
                  await withdraw.mutateAsync(a.id);
                  message.success(t('my.withdrawn'));
                } catch (e) {
                  message.error((e as Error).message);
                }
              }}
            >
              <Button size="large" danger style={{ flex: '1 1 140px' }} loading={withdraw.isPending}>
                {t('my.withdraw')}
              </Button>
            </Popconfirm>
          )}
        </div>
      )}
    </Card>
  );
}
