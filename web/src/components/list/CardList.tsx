// The teacher's "my …" pages (certificates, applications, claims, report-backs, reflections): one
// card per item, phone first, paged in the URL, with the same loading / error / empty states; and
// the card's shell (title, tag, label–value rows, big buttons) so the pages do not repeat it.
import type { UseQueryResult } from '@tanstack/react-query';
import { Card, Empty, Pagination, Space, Typography } from 'antd';
import type { Key, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtInt } from '../format';
import { PageHeader } from '../PageHeader';
import { PageError, PageLoading } from '../PageState';
import { useListUrl } from './useListUrl';

export interface CardListProps<T> {
  title: ReactNode;
  sub?: ReactNode;
  /** Buttons in the header (apply, new claim …). */
  actions?: ReactNode;
  /** The feature's hook for the list, called with the page (from the URL) and page size. */
  useList: (p: { page: number; pageSize: number }) => UseQueryResult<{ items: T[]; total: number }>;
  renderItem: (item: T) => ReactNode;
  rowKey: (item: T) => Key;
  empty: { description: ReactNode; hint?: ReactNode };
  pageSize?: number;
  /** Drawers and modals the cards open. */
  children?: ReactNode;
}

export function CardList<T>({
  title,
  sub,
  actions,
  useList,
  renderItem,
  rowKey,
  empty,
  pageSize = 10,
  children,
}: CardListProps<T>) {
  const { t } = useTranslation('list');
  const url = useListUrl();
  const page = Math.max(1, Number(url.get('page')) || 1);
  const list = useList({ page, pageSize });
  const header = <PageHeader title={title} sub={sub} extra={actions} />;
  if (list.isLoading) {
    return (
      <div style={{ maxWidth: 760 }}>
        {header}
        <PageLoading />
      </div>
    );
  }
  const data = list.data;
  return (
    <div style={{ maxWidth: 760 }}>
      {header}
      {list.error && !data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty.description}>
            {empty.hint && <Typography.Text type="secondary">{empty.hint}</Typography.Text>}
          </Empty>
        </Card>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {data.items.map((item) => (
            <div key={rowKey(item)}>{renderItem(item)}</div>
          ))}
        </Space>
      )}
      {data && data.total > pageSize && (
        <Pagination
          style={{ marginTop: 16, justifyContent: 'center' }}
          current={page}
          pageSize={pageSize}
          total={data.total}
          showSizeChanger={false}
          showTotal={(total) => t('total', { total: fmtInt(total) })}
          onChange={(p) => url.set({ page: p === 1 ? undefined : p })}
        />
      )}
      {children}
    </div>
  );
}

/** One item's card: a bold title with a tag on the right, the body, and full-width buttons below. */
export function ListCard({
  title,
  tag,
  children,
  actions,
  muted,
  'data-testid': testId,
}: {
  title: ReactNode;
  tag?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  /** Greyed (revoked, withdrawn …). */
  muted?: boolean;
  'data-testid'?: string;
}) {
  return (
    <Card
      size="small"
      styles={{ body: { padding: 16 } }}
      style={muted ? { background: '#fafafa' } : undefined}
      data-testid={testId}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text
          strong
          style={{ fontSize: 16, minWidth: 0, overflowWrap: 'anywhere', opacity: muted ? 0.6 : 1 }}
        >
          {title}
        </Typography.Text>
        {tag}
      </div>
      {children}
      {actions && <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 }}>{actions}</div>}
    </Card>
  );
}

/** A label–value line inside a card. */
export function CardRow({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 8, lineHeight: 1.8 }}>
      <Typography.Text type="secondary" style={{ flex: '0 0 auto', minWidth: 64 }}>
        {label}
      </Typography.Text>
      <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</span>
    </div>
  );
}

/** A card's button: large, sharing the row with its neighbours. */
export const cardButtonStyle = { flex: '1 1 140px' } as const;
