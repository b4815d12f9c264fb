// In-app messages (站内消息), newest first: unread ones highlighted; opening one marks it read and
// follows its link; mark one or all as read; all / unread filter and the page kept in the URL.
import { CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Empty, Pagination, Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMarkRead, useNotifications } from './my.api';
import { fmtNoticeTime, useOpenNotification } from './shared';

export default function NotificationsPage() {
  const { t } = useTranslation('my');
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const unread = uq.str('filter') === 'unread';
  const list = useNotifications({ unread, page, pageSize });
  const mark = useMarkRead();
  const open = useOpenNotification();

  const unreadCount = list.data?.unread ?? 0;
  const header = (
    <PageHeader
      title={t('notifications.title')}
      sub={unreadCount ? t('notifications.unreadCount', { n: unreadCount }) : t('notifications.sub')}
      extra={
        <Button
          icon={<CheckOutlined />}
          disabled={!unreadCount}
          loading={mark.isPending}
          onClick={() => mark.mutate('all')}
        >
          {t('notifications.markAll')}
        </Button>
      }
    />
  );

  if (list.isLoading)
    return (
      <div>
        {header}
        <PageLoading />
      </div>
    );
  if (list.error && !list.data)
    return (
      <div>
        {header}
        <PageError error={list.error} onRetry={() => list.refetch()} />
      </div>
    );
  const data = list.data ?? { items: [], total: 0, unread: 0 };

  return (
    <div style={{ maxWidth: 860 }}>
      {header}
      <Segmented
        style={{ marginBottom: 16 }}
        value={unread ? 'unread' : 'all'}
        options={[
          { value: 'all', label: t('notifications.all') },
          { value: 'unread', label: `${t('notifications.unread')}${unreadCount ? ` ${unreadCount}` : ''}` },
        ]}
        onChange={(v) => uq.set({ filter: v === 'unread' ? 'unread' : undefined })}
      />
      <Card styles={{ body: { padding: 0 } }}>
        {data.items.length === 0 ? (
          <Empty
            style={{ padding: 32 }}
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={unread ? t('notifications.emptyUnread') : t('notifications.empty')}
          />
        ) : (
          data.items.map((n) => (
            <div
              key={n.id}
              data-testid={`notification-${n.id}`}
              style={{
                display: 'flex',
                gap: 12,
                padding: '14px 16px',
                borderBottom: '1px solid #f0f0f0',
                background: n.readAt ? undefined : '#f0f7ff',
              }}
            >
              <div style={{ paddingTop: 2 }}>
                <Badge status={n.readAt ? 'default' : 'processing'} />
              </div>
              <div style={{ flex: 1, minWidth: 0 }}>
                <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 4 }}>
                  {n.link ? (
                    <Typography.Link
                      strong={!n.readAt}
                      onClick={() => open(n)}
                      style={{ overflowWrap: 'anywhere', color: n.readAt ? 'rgba(0,0,0,.88)' : undefined }}
                    >
                      {n.title}
                    </Typography.Link>
                  ) : (
                    <Typography.Text strong={!n.readAt} style={{ overflowWrap: 'anywhere' }}>
                      {n.title}
                    </Typography.Text>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                    {fmtNoticeTime(n.createdAt)}
                  </Typography.Text>
                </div>
                {n.body && (
                  <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', overflowWrap: 'anywhere' }}>
                    {n.body}
                  </Typography.Paragraph>
                )}
                {(n.link || !n.readAt) && (
                  <div style={{ marginTop: 4, marginInlineStart: -8 }}>
                    {n.link && (
                      <Button type="link" size="small" onClick={() => open(n)}>
                        {t('notifications.open')}
                      </Button>
                    )}
                    {!n.readAt && (
                      <Button type="link" size="small" onClick={() => mark.mutate([n.id])}>
                        {t('notifications.markRead')}
                      </Button>
                    )}
                  </div>
                )}
              </div>
            </div>
          ))
        )}
      </Card>
      {data.total > 0 && (
        <Pagination
          style={{ marginTop: 16, justifyContent: 'flex-end' }}
          current={page}
          pageSize={pageSize}
          total={data.total}
          showSizeChanger
          pageSizeOptions={[20, 50, 100]}
          showTotal={(total) => t('common:total', { total: fmtInt(total) })}
          onChange={(p, ps) => uq.set({ page: p, pageSize: ps })}
        />
      )}
    </div>
  );
}
