// The bell's dropdown: the latest unread messages, "mark all read" and a link to the full list.
// Loaded when the bell is first opened (NotificationBell.tsx).
import { Button, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Notification, useMarkRead } from '../features/my/my.api';
import { fmtNoticeTime, useOpenNotification } from '../features/my/shared';

export default function NotificationPanel({
  unread,
  items,
  onClose,
}: {
  unread: number;
  items: Notification[];
  onClose: () => void;
}) {
  const { t } = useTranslation('my');
  const navigate = useNavigate();
  const mark = useMarkRead();
  const openNotice = useOpenNotification();
  return (
    <div
      style={{
        width: 340,
        maxWidth: 'calc(100vw - 16px)',
        background: '#fff',
        borderRadius: 8,
        boxShadow: '0 6px 16px rgba(0,0,0,.08), 0 3px 6px -4px rgba(0,0,0,.12), 0 9px 28px 8px rgba(0,0,0,.05)',
      }}
      data-testid="bell-panel"
    >
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          padding: '10px 12px',
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        <Typography.Text strong>
          {t('notifications.title')}
          {unread > 0 && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8 }}>
              {t('notifications.unreadCount', { n: unread })}
            </Typography.Text>
          )}
        </Typography.Text>
        <Button type="link" size="small" disabled={!unread} loading={mark.isPending} onClick={() => mark.mutate('all')}>
          {t('notifications.markAll')}
        </Button>
      </div>
      {items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('notifications.emptyUnread')}
          style={{ margin: '16px 0' }}
        />
      ) : (
        <div style={{ maxHeight: 360, overflowY: 'auto' }}>
          {items.map((n) => (
            <button
              key={n.id}
              type="button"
              onClick={() => {
                onClose();
                if (n.link) openNotice(n);
                else {
                  mark.mutate([n.id]);
                  navigate('/notifications');
                }
              }}
              style={{
                display: 'block',
                width: '100%',
                textAlign: 'left',
                padding: '10px 12px',
                border: 0,
                borderBottom: '1px solid #f5f5f5',
                background: '#f0f7ff',
                cursor: 'pointer',
                font: 'inherit',
              }}
            >
              <Typography.Text strong ellipsis style={{ display: 'block' }}>
                {n.title}
              </Typography.Text>
              {n.body && (
                <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 13 }}>
                  {n.body}
                </Typography.Text>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fmtNoticeTime(n.createdAt)}
              </Typography.Text>
            </button>
          ))}
        </div>
      )}
      <div style={{ textAlign: 'center', padding: 4 }}>
        <Button
          type="link"
          onClick={() => {
            onClose();
            navigate('/notifications');
          }}
        >
          {t('notifications.seeAll')}
        </Button>
      </div>
    </div>
  );
}
