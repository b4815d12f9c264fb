// Links to attachments: PDFs and images open in a new tab, other files download.
import { DownloadOutlined, FileImageOutlined, FileOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { AttachmentDto } from '@shixun/common';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export const attachmentUrl = (id: number, inline = false) => `/api/attachments/${id}${inline ? '?inline=1' : ''}`;

const viewable = (mime: string) => mime === 'application/pdf' || mime.startsWith('image/');

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Icon({ mime }: { mime: string }) {
  if (mime === 'application/pdf') return <FilePdfOutlined aria-hidden />;
  if (mime.startsWith('image/')) return <FileImageOutlined aria-hidden />;
  return <FileOutlined aria-hidden />;
}

export function AttachmentList({
  items,
  empty,
}: {
  items: AttachmentDto[] | null | undefined;
  empty?: React.ReactNode;
}) {
  const { t } = useTranslation('files');
  if (!items?.length) return <Typography.Text type="secondary">{empty ?? t('none')}</Typography.Text>;
  return (
    <ul className="attachment-list" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="attachment-list">
      {items.map((a) => (
        <li key={a.id} style={{ padding: '2px 0', overflowWrap: 'anywhere' }}>
          <Space size={6} wrap>
            <Icon mime={a.mime} />
            <a
              href={attachmentUrl(a.id, viewable(a.mime))}
              target={viewable(a.mime) ? '_blank' : undefined}
              rel="noopener noreferrer"
              download={viewable(a.mime) ? undefined : a.filename}
            >
              {a.filename}
            </a>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatSize(a.size)}
            </Typography.Text>
            {viewable(a.mime) && (
              <a href={attachmentUrl(a.id)} download={a.filename} aria-label={`${t('download')} ${a.filename}`}>
                <DownloadOutlined />
              </a>
            )}
          </Space>
        </li>
      ))}
    </ul>
  );
}
