// An activity's evidence against 虚假式研修: photos, sign-in sheets and documents, each stamped with
// who uploaded it and when (late uploads marked); the host (or, for a 送教下乡 stage, the receiving
// school) adds more. Files once added stay: the record is the point.
import { FileImageOutlined, FileOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { ActivityDetail, AttachmentDto } from '@shixun/common';
import { App, Button, Card, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { attachmentUrl, formatSize } from '../../components/AttachmentList';
import { AttachmentsField } from '../../components/AttachmentsField';
import { useAddEvidence } from './school-research.api';
import { fmtStamp } from './shared';

const viewable = (mime: string) => mime === 'application/pdf' || mime.startsWith('image/');

function Icon({ mime }: { mime: string }) {
  if (mime === 'application/pdf') return <FilePdfOutlined aria-hidden />;
  if (mime.startsWith('image/')) return <FileImageOutlined aria-hidden />;
  return <FileOutlined aria-hidden />;
}

export function EvidenceCard({ a }: { a: ActivityDetail }) {
  const { t, i18n } = useTranslation('research');
  const { message } = App.useApp();
  const [pending, setPending] = useState<AttachmentDto[]>([]);
  const [key, setKey] = useState(0);
  const add = useAddEvidence(a.id);
  const canAdd = (a.can.manage || a.can.confirm) && a.status !== 'withdrawn';

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={t('evidence.title', { n: a.evidenceFiles.length })}
      data-testid="evidence-card"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('evidence.hint')}
      </Typography.Paragraph>
      {a.evidenceFiles.length === 0 ? (
        <Typography.Text type="secondary">{t('evidence.empty')}</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {a.evidenceFiles.map((f) => (
            <li key={f.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Space wrap size={6} style={{ minWidth: 0 }}>
                <Icon mime={f.mime} />
                <a
                  href={attachmentUrl(f.id, viewable(f.mime))}
                  target={viewable(f.mime) ? '_blank' : undefined}
                  rel="noopener noreferrer"
                  download={viewable(f.mime) ? undefined : f.filename}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {f.filename}
                </a>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatSize(f.size)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="evidence-stamp">
                  {t('evidence.stamp', { who: f.uploadedBy, at: fmtStamp(f.uploadedAt, i18n.language) })}
                </Typography.Text>
                {f.late && <Tag color="warning">{t('evidence.late')}</Tag>}
              </Space>
            </li>
          ))}
        </ul>
      )}
      {canAdd && (
        <div style={{ marginTop: 12, display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-start' }}>
          <AttachmentsField key={key} purpose="research_activity" value={pending} onChange={setPending} maxCount={20} />
          <Button
            type="primary"
            disabled={pending.length === 0}
            loading={add.isPending}
            data-testid="evidence-save"
            onClick={async () => {
              try {
                await add.mutateAsync(pending.map((p) => p.id));
                message.success(t('evidence.saved', { n: pending.length }));
                setPending([]);
                setKey((k) => k + 1);
              } catch (e) {
                message.error((e as Error).message);
              }
            }}
          >
            {t('evidence.save', { n: pending.length })}
          </Button>
        </div>
      )}
    </Card>
  );
}
