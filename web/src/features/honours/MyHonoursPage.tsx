// A teacher's own honours on a phone: what the school entered and whether the county verified it,
// with the certificate scans. Read only: honours are entered by the school.
import type { HonourItem } from '@shixun/common';
import { Button, Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../../components/AttachmentList';
import { fmtDate, fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { InfoRow } from '../../components/PhoneFields';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useHonours } from './honours.api';
import { HonourStatusTag } from './shared';

export default function MyHonoursPage() {
  const { t } = useTranslation('honours');
  const uq = useUrlQuery();
  const page = usePaging(uq).page;
  const pageSize = 20;
  const list = useHonours({ page, pageSize });
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
        <div style={{ display: 'grid', gap: 12 }}>
          {data.items.map((h) => (
            <HonourCard key={h.id} h={h} />
          ))}
        </div>
      )}
      {data.total > pageSize && (
        // Two buttons, not antd's Pagination: that would bring its page-size Select to the phone.
        <div style={{ display: 'flex', gap: 8, justifyContent: 'center', alignItems: 'center', marginTop: 16 }}>
          <Button disabled={page <= 1} onClick={() => uq.set({ page: page - 1 })}>
            {t('my.prev')}
          </Button>
          <span>{t('my.page', { page, pages: Math.ceil(data.total / pageSize), total: fmtInt(data.total) })}</span>
          <Button disabled={page * pageSize >= data.total} onClick={() => uq.set({ page: page + 1 })}>
            {t('my.next')}
          </Button>
        </div>
      )}
    </div>
  );
}

function HonourCard({ h }: { h: HonourItem }) {
  const { t } = useTranslation('honours');
  return (
    <Card size="small" styles={{ body: { padding: 16 } }} data-testid={`my-honour-${h.id}`}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {h.title}
        </Typography.Text>
        <HonourStatusTag status={h.status} />
      </div>
      <div style={{ marginTop: 6 }}>
        <InfoRow label={t('col.level')}>{h.level}</InfoRow>
        <InfoRow label={h.awardedOn ? t('my.awardedOn') : t('col.year')}>
          {h.awardedOn ? fmtDate(h.awardedOn) : t('my.yearValue', { year: h.year })}
        </InfoRow>
        <InfoRow label={t('col.awardingBody')}>{h.awardingBody}</InfoRow>
        {h.rejectReason && <InfoRow label={t('my.rejectReason')}>{h.rejectReason}</InfoRow>}
      </div>
      {h.attachments.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <AttachmentList items={h.attachments} />
        </div>
      )}
    </Card>
  );
}
