// 学时申报 for the teacher (phone first): my applications as cards with status and history, and the
// form to apply, edit a pending one, or correct and resubmit a returned one; withdraw while undecided.
import { PlusOutlined } from '@ant-design/icons';
import { type CreditApplication, EDITABLE, WITHDRAWABLE } from '@shixun/common';
import { App, Button, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../../components/AttachmentList';
import { fmtDate } from '../../components/format';
import { CardList, cardButtonStyle, ListCard } from '../../components/list/CardList';
import { ApplicationFormDrawer } from './ApplicationFormDrawer';
import { useApplications, useWithdrawApplication } from './credit-applications.api';
import { ApplicationTimeline, StatusTag, useKindLabel } from './shared';

export default function MyApplicationsPage() {
  const { t } = useTranslation('creditApplications');
  const { message } = App.useApp();
  const [editing, setEditing] = useState<CreditApplication | null | undefined>(undefined);
  return (
    <CardList<CreditApplication>
      title={t('my.title')}
      sub={t('my.sub')}
      actions={
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
      useList={useApplications}
      rowKey={(a) => a.id}
      renderItem={(a) => <ApplicationCard a={a} onEdit={() => setEditing(a)} />}
      empty={{ description: t('my.empty'), hint: t('my.emptyHint') }}
    >
      <ApplicationFormDrawer
        open={editing !== undefined}
        application={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          message.success(t('form.submitted'));
        }}
      />
    </CardList>
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
    <ListCard title={a.title} tag={<StatusTag status={a.status} />} data-testid={`application-${a.id}`}>
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
              style={cardButtonStyle}
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
              <Button size="large" danger style={cardButtonStyle} loading={withdraw.isPending}>
                {t('my.withdraw')}
              </Button>
            </Popconfirm>
          )}
        </div>
      )}
    </ListCard>
  );
}
