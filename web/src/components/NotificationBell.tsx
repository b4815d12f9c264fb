// The header's bell: unread count (polled every minute) and a dropdown of the latest unread
// messages, with "mark all read" and a link to the full list.
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotifications } from '../features/my/my.api';
import { LazyDropdown } from './LazyDropdown';

// The list loads when the bell is first opened: it is most of the bell's code.
const NotificationPanel = lazy(() => import('./NotificationPanel'));

const POLL_MS = 60_000;

export function NotificationBell() {
  const { t } = useTranslation('my');
  const [open, setOpen] = useState(false);
  const latest = useNotifications({ unread: true, page: 1, pageSize: 5 }, { refetchInterval: POLL_MS });
  const unread = latest.data?.unread ?? 0;
  const items = latest.data?.items ?? [];

  return (
    <LazyDropdown
      open={open}
      onOpenChange={setOpen}
      trigger={['click']}
      placement="bottomRight"
      // on a phone the bell is not at the screen's edge: slide the panel back inside
      align={{ overflow: { adjustY: true, shiftX: 8 } }}
      popupRender={() => (
        <Suspense
          fallback={
            <div
              style={{ width: 340, maxWidth: 'calc(100vw - 16px)', height: 120, background: '#fff', borderRadius: 8 }}
            />
          }
        >
          <NotificationPanel unread={unread} items={items} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    >
      <span style={{ display: 'inline-flex' }}>
        <Badge count={unread} size="small" overflowCount={99} offset={[-6, 6]}>
          <Button
            type="text"
            aria-label={
              unread
                ? `${t('notifications.bell')} (${t('notifications.unreadCount', { n: unread })})`
                : t('notifications.bell')
            }
            data-testid="notification-bell"
            icon={<BellOutlined style={{ fontSize: 16 }} />}
          />
        </Badge>
      </span>
    </LazyDropdown>
  );
}
