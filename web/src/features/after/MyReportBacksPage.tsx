// The teacher's report-back tasks (成果汇报/二次培训) as cards, phone first: what is owed, by when,
// and the form to record it (form, date, audience, summary, slides/photos/sign-in sheet).
import type { ReportBack } from '@shixun/common';
import { Alert, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../../components/AttachmentList';
import { fmtDate } from '../../components/format';
import { CardList, CardRow, cardButtonStyle, ListCard } from '../../components/list/CardList';
import { fmtRange, LevelTag } from '../my/shared';
import { useReportBack, useReportBacks } from './after.api';
import { ReportBackFormDrawer } from './ReportBackFormDrawer';
import { DueText, ReportBackStatusTag } from './shared';

export default function MyReportBacksPage() {
  const { t } = useTranslation('after');
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <CardList<ReportBack>
      title={t('my.title')}
      sub={t('my.sub')}
      useList={useReportBacks}
      rowKey={(r) => r.id}
      renderItem={(r) => <TaskCard r={r} onRecord={() => setEditing(r.id)} />}
      empty={{ description: t('my.empty') }}
    >
      <ReportBackFormDrawer id={editing} onClose={() => setEditing(null)} />
    </CardList>
  );
}

function TaskCard({ r, onRecord }: { r: ReportBack; onRecord: () => void }) {
  const { t } = useTranslation('after');
  const [open, setOpen] = useState(false);
  const editable = r.status !== 'verified';
  return (
    <ListCard
      title={r.projectName}
      tag={
        <Space size={4} wrap style={{ justifyContent: 'flex-end' }}>
          <LevelTag level={r.level as never} />
          <ReportBackStatusTag status={r.status} />
        </Space>
      }
      data-testid={`report-back-${r.id}`}
      actions={
        (editable || r.attachmentCount > 0) && (
          <>
            {editable && (
              <Button
                size="large"
                type={r.status === 'submitted' ? 'default' : 'primary'}
                style={cardButtonStyle}
                onClick={onRecord}
              >
                {r.status === 'pending' ? t('my.record') : t('my.edit')}
              </Button>
            )}
            {r.attachmentCount > 0 && (
              <Button size="large" style={cardButtonStyle} onClick={() => setOpen((v) => !v)}>
                {open ? t('my.hideFiles') : t('my.showFiles', { n: r.attachmentCount })}
              </Button>
            )}
          </>
        )
      }
    >
      <div style={{ marginTop: 8 }}>
        <CardRow label={t('field.training')}>{fmtRange(r.projectStart, r.projectEnd)}</CardRow>
        <CardRow label={t('field.due')}>
          <DueText r={r} />
        </CardRow>
        {r.heldOn && (
          <CardRow label={t('field.held')}>
            {`${t(`form.${r.form}`)} · ${fmtDate(r.heldOn)} · ${t('field.audienceValue', { n: r.audience })}`}
          </CardRow>
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
    </ListCard>
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
