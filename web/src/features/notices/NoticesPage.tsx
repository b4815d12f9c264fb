// 通知公告: the notices I received (unread first; opening one marks it read) and, for the county and
// school admins, the notices published in their scope with read progress and a publish button.
import { NotificationOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import type { NoticeInboxItem, NoticeSentItem } from '@shixun/common';
import { Badge, Button, Card, Empty, Input, Pagination, Progress, Segmented, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { fmtNoticeTime } from '../my/shared';
import { NoticeFormDrawer } from './NoticeFormDrawer';
import { useNoticeInbox, useSentNotices } from './notices.api';

export default function NoticesPage() {
  const { t } = useTranslation('notices');
  const me = useMe();
  const access = accessOf(me.data);
  const uq = useUrlQuery();
  const canPublish = access.countyAdmin || access.schoolAdmin;
  const canSeeSent = canPublish || access.countyWide;
  const tab = canSeeSent && uq.str('tab') === 'sent' ? 'sent' : 'inbox';
  const [drawer, setDrawer] = useState(false);

  return (
    <div style={{ maxWidth: 1000 }}>
      <PageHeader
        title={t('title')}
        sub={t('sub')}
        extra={
          canPublish ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer(true)} data-testid="notice-new">
              {t('publish')}
            </Button>
          ) : undefined
        }
      />
      {canSeeSent ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => uq.set({ tab: k === 'sent' ? 'sent' : undefined, filter: undefined, q: undefined })}
          items={[
            { key: 'inbox', label: t('tabs.inbox'), children: tab === 'inbox' ? <Inbox /> : null },
            { key: 'sent', label: t('tabs.sent'), children: tab === 'sent' ? <Sent /> : null },
          ]}
        />
      ) : (
        <Inbox />
      )}
      {canPublish && me.data && (
        <NoticeFormDrawer
          open={drawer}
          me={me.data}
          onClose={() => setDrawer(false)}
          onDone={() => {
            setDrawer(false);
            uq.set({ tab: 'sent' });
          }}
        />
      )}
    </div>
  );
}

function Inbox() {
  const { t } = useTranslation('notices');
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const unread = uq.str('filter') === 'unread';
  const list = useNoticeInbox({ unread, page, pageSize });
  if (list.isLoading) return <PageLoading />;
  if (list.error && !list.data) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  const data = list.data ?? { items: [], total: 0, unread: 0 };
  return (
    <div>
      <Segmented
        style={{ marginBottom: 12 }}
        value={unread ? 'unread' : 'all'}
        options={[
          { value: 'all', label: t('filter.all') },
          { value: 'unread', label: `${t('filter.unread')}${data.unread ? ` ${data.unread}` : ''}` },
        ]}
        onChange={(v) => uq.set({ filter: v === 'unread' ? 'unread' : undefined })}
      />
      <Card styles={{ body: { padding: 0 } }}>
        {data.items.length === 0 ? (
          <Empty
            style={{ padding: 32 }}
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={unread ? t('emptyUnread') : t('empty')}
          />
        ) : (
          data.items.map((n) => <InboxRow key={n.id} n={n} />)
        )}
      </Card>
      {data.total > pageSize && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'right' }}
          current={page}
          pageSize={pageSize}
          total={data.total}
          size="small"
          showSizeChanger={false}
          onChange={(p) => uq.set({ page: p })}
        />
      )}
    </div>
  );
}

function InboxRow({ n }: { n: NoticeInboxItem }) {
  const { t } = useTranslation('notices');
  return (
    <Link
      to={`/notices/${n.id}`}
      data-testid={`notice-${n.id}`}
      style={{
        display: 'flex',
        gap: 12,
        padding: '14px 16px',
        borderBottom: '1px solid #f0f0f0',
        background: n.readAt ? undefined : '#f0f7ff',
        color: 'inherit',
      }}
    >
      <div style={{ paddingTop: 2 }}>
        <Badge status={n.readAt ? 'default' : 'processing'} />
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong={!n.readAt} style={{ overflowWrap: 'anywhere', display: 'block' }}>
          {n.title}
          {n.editedAt && (
            <Tag color="orange" style={{ marginInlineStart: 6 }} data-testid={`notice-edited-${n.id}`}>
              {t('edited')}
            </Tag>
          )}
        </Typography.Text>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 12px', marginTop: 4, fontSize: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <NotificationOutlined /> {n.sender}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fmtNoticeTime(n.publishedAt)}
          </Typography.Text>
          {n.attachmentCount > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <PaperClipOutlined /> {t('attachmentCount', { n: n.attachmentCount })}
            </Typography.Text>
          )}
          <Typography.Text type={n.readAt ? 'secondary' : undefined} style={{ fontSize: 12 }}>
            {n.readAt ? t('read') : t('unread')}
          </Typography.Text>
        </div>
      </div>
    </Link>
  );
}

function Sent() {
  const { t } = useTranslation('notices');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const q = uq.str('q');
  const list = useSentNotices({ q, page, pageSize });
  if (list.error && !list.data) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <div>
      <FilterBar>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('searchTitle')}
          style={{ width: 260, maxWidth: '100%' }}
          onSearch={(v) => uq.set({ q: v })}
        />
      </FilterBar>
      <Table<NoticeSentItem>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 720 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('emptySent')} /> }}
        onRow={(r) => ({ onClick: () => navigate(`/notices/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => tc('total', { total }),
          onChange: (p, ps) => uq.set({ page: p, pageSize: ps }),
        }}
        columns={[
          {
            title: t('form.title'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <span>
                <Link to={`/notices/${r.id}`} onClick={(e) => e.stopPropagation()}>
                  {v}
                </Link>
                {r.withdrawnAt ? (
                  <Tag style={{ marginInlineStart: 6 }}>{t('withdrawn')}</Tag>
                ) : (
                  r.editedAt && (
                    <Tag color="orange" style={{ marginInlineStart: 6 }}>
                      {t('edited')}
                    </Tag>
                  )
                )}
                {r.attachmentCount > 0 && (
                  <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                    <PaperClipOutlined />
                    {r.attachmentCount}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          { title: t('from'), dataIndex: 'sender', width: 160 },
          {
            title: t('publishedAt'),
            dataIndex: 'publishedAt',
            width: 130,
            render: (v: string) => fmtNoticeTime(v),
          },
          {
            title: t('receipts.rate'),
            key: 'rate',
            width: 200,
            render: (_: unknown, r) => (
              <div>
                <Progress
                  percent={r.recipientCount ? Math.round((r.readCount / r.recipientCount) * 100) : 0}
                  size="small"
                  style={{ margin: 0 }}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('readProgress', { read: r.readCount, total: r.recipientCount })}
                </Typography.Text>
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}
