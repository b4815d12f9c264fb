// One research activity: what, when, where, who it is for and the hours it gives; the host's tools
// (the projector's check-in QR, marks by hand, evidence, closing to the ledger), the receiving
// school's confirmation of a 送教下乡 stage, and spot checks (抽查) with their verdicts.
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, LockOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { ActivityFormDrawer } from './ActivityFormDrawer';
import { EvidenceCard } from './EvidenceCard';
import { ParticipantsCard } from './ParticipantsCard';
import { SpotChecksCard } from './SpotChecksCard';
import { useActivity, useCloseActivity, useConfirmStage, useDeleteActivity } from './school-research.api';
import { ActivityStatusTag, FlagTags, fmtStamp, fmtWhen } from './shared';

export default function ActivityDetailPage() {
  const { t, i18n } = useTranslation('research');
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = useActivity(id);
  const close = useCloseActivity(id);
  const remove = useDeleteActivity();
  const confirm = useConfirmStage(id);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');

  if (!Number.isInteger(id) || id <= 0) return <PageError error={new ApiError(404, 'NOT_FOUND', t('detail.badId'))} />;
  if (q.isLoading) return <PageLoading />;
  if (q.error || !q.data) return <PageError error={q.error} onRetry={() => q.refetch()} />;
  const a = q.data;
  const lang = i18n.language;
  const ended = Date.now() >= new Date(a.endsAt).getTime();
  const started = Date.now() >= new Date(a.startsAt).getTime();
  const open = a.status === 'open';

  const doClose = () =>
    modal.confirm({
      title: t('detail.closeTitle'),
      content: t('detail.closeBody', { n: a.participants, h: a.creditedHours }),
      okText: t('detail.close'),
      onOk: async () => {
        try {
          const r = await close.mutateAsync();
          message.success(r.closed ? t('detail.closed', { n: r.posted, h: r.hoursEach }) : t('detail.closedAlready'));
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });

  const doDelete = () =>
    modal.confirm({
      title: t('detail.deleteTitle'),
      content: t('detail.deleteBody'),
      okButtonProps: { danger: true },
      okText: t('common:action.delete'),
      onOk: async () => {
        try {
          await remove.mutateAsync(a.id);
          message.success(t('detail.deleted'));
          navigate('/school-research/activities');
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });

  const audience = [
    ...(a.subjects.length ? [a.subjects.join('、')] : []),
    ...(a.stages.length ? [a.stages.join('、')] : []),
  ];

  return (
    <div>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ padding: 0, marginBottom: 8 }}
        onClick={() => navigate(-1)}
      >
        {t('common:action.back')}
      </Button>
      <PageHeader
        title={
          <Space wrap size={8}>
            <span data-testid="activity-title">{a.title}</span>
            <ActivityStatusTag status={a.status} />
          </Space>
        }
        sub={
          <Space wrap size={4} style={{ marginTop: 4 }}>
            <Tag>{a.type}</Tag>
            {a.consortiumName && <Tag color="purple">{t('kind.showcase')}</Tag>}
            {a.outreachId && <Tag color="cyan">{t('kind.outreach')}</Tag>}
            <FlagTags flags={a.flags} />
          </Space>
        }
        extra={
          <>
            {a.can.manage && open && (
              <Button
                icon={<QrcodeOutlined />}
                onClick={() => window.open(`/school-research/activities/${a.id}/qr`, '_blank', 'noopener')}
                data-testid="activity-qr"
              >
                {t('detail.qr')}
              </Button>
            )}
            {a.can.manage && open && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common:action.edit')}
              </Button>
            )}
            {a.can.manage && open && a.participants === 0 && a.evidence === 0 && (
              <Button icon={<DeleteOutlined />} danger onClick={doDelete}>
                {t('common:action.delete')}
              </Button>
            )}
            {a.can.confirm && a.status !== 'withdrawn' && started && !a.confirmedAt && (
              <Button onClick={() => setConfirming(true)} data-testid="activity-confirm">
                {t('detail.confirm')}
              </Button>
            )}
            {a.can.manage && open && (
              <Button
                type="primary"
                icon={<LockOutlined />}
                disabled={!ended}
                title={ended ? undefined : t('detail.closeLater')}
                loading={close.isPending}
                onClick={doClose}
                data-testid="activity-close"
              >
                {t('detail.close')}
              </Button>
            )}
          </>
        }
      />
      {a.status === 'withdrawn' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('detail.withdrawn')}
          description={a.withdrawReason}
        />
      )}
      {a.status === 'closed' && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('detail.postedNote', { n: a.participants, h: a.creditedHours })}
        />
      )}
      {a.can.manage && open && !ended && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('detail.runHint')} />
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('col.school')}>{a.schoolName}</Descriptions.Item>
          <Descriptions.Item label={t('col.when')}>{fmtWhen(a.startsAt, a.endsAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('form.place')}>{a.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('form.host')}>{a.host ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('col.hours')}>
            <span data-testid="activity-hours">
              {a.creditedHours < a.hours
                ? t('detail.hoursCapped', { h: a.hours, c: a.creditedHours })
                : t('detail.hoursEach', { h: a.creditedHours })}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('detail.schools')}>{a.schoolNames.join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('detail.audience')}>
            {audience.length ? audience.join(' · ') : a.outreachId ? t('detail.receivingAll') : t('detail.everyone')}
            <Typography.Text type="secondary">{t('detail.expected', { n: a.expected })}</Typography.Text>
          </Descriptions.Item>
          {a.consortiumName && <Descriptions.Item label={t('detail.consortium')}>{a.consortiumName}</Descriptions.Item>}
          {a.outreachId && (
            <Descriptions.Item label={t('kind.outreach')}>
              <Link to={`/school-research/outreach/${a.outreachId}`}>{a.outreachTitle}</Link>
              {a.stageName && ` · ${a.stageName}`}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('detail.recorded')}>
            {fmtStamp(a.createdAt, lang)}
            {a.createdBy && ` · ${a.createdBy}`}
          </Descriptions.Item>
          {a.closedAt && (
            <Descriptions.Item label={t('detail.closedAt')}>{fmtStamp(a.closedAt, lang)}</Descriptions.Item>
          )}
          {a.outreachId && (
            <Descriptions.Item label={t('detail.confirmation')}>
              {a.confirmedAt ? (
                <span data-testid="activity-confirmed">
                  {t('detail.confirmedAt', { at: fmtStamp(a.confirmedAt, lang) })}
                  {a.confirmNote && ` · ${a.confirmNote}`}
                </span>
              ) : (
                t('detail.notConfirmed')
              )}
            </Descriptions.Item>
          )}
        </Descriptions>
        {a.description && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }}>
            {a.description}
          </Typography.Paragraph>
        )}
      </Card>
      <ParticipantsCard a={a} />
      <EvidenceCard a={a} />
      <SpotChecksCard a={a} />
      <ActivityFormDrawer
        open={editing}
        activity={a}
        onClose={() => setEditing(false)}
        onSaved={() => setEditing(false)}
      />
      <Modal
        open={confirming}
        title={t('detail.confirmTitle')}
        okText={t('detail.confirm')}
        confirmLoading={confirm.isPending}
        onCancel={() => setConfirming(false)}
        onOk={async () => {
          try {
            await confirm.mutateAsync(note.trim() || null);
            message.success(t('detail.confirmed'));
            setConfirming(false);
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        <Typography.Paragraph type="secondary">{t('detail.confirmHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={200}
          showCount
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('detail.confirmPlaceholder')}
        />
      </Modal>
    </div>
  );
}
