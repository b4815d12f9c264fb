// A form field for attachments: uploads each chosen file to /api/attachments with its purpose and
// holds the uploaded files as its value (AttachmentDto[]); the owning form sends their ids.
import { UploadOutlined } from '@ant-design/icons';
import { type AttachmentDto, acceptFor, attachmentRule, FILE_KIND_LABELS } from '@shixun/common';
import { App, Button, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { attachmentUrl } from './AttachmentList';

type ErrorBody = { error?: { message?: string } };

const toFile = (a: AttachmentDto): UploadFile<AttachmentDto> => ({
  uid: `a${a.id}`,
  name: a.filename,
  size: a.size,
  type: a.mime,
  status: 'done',
  response: a,
  url: attachmentUrl(a.id, a.mime === 'application/pdf' || a.mime.startsWith('image/')),
});

export interface AttachmentsFieldProps {
  /** The owner kind the files are for (report_back, credit_application, expense, claim, notice …). */
  purpose: string;
  value?: AttachmentDto[];
  onChange?: (value: AttachmentDto[]) => void;
  maxCount?: number;
  disabled?: boolean;
}

export function AttachmentsField({ purpose, value, onChange, maxCount = 10, disabled }: AttachmentsFieldProps) {
  const { t } = useTranslation('files');
  const { message } = App.useApp();
  const rule = attachmentRule(purpose);
  const accept = useMemo(() => acceptFor(purpose), [purpose]);
  const types = rule.kinds.map((k) => FILE_KIND_LABELS[k]).join('、');
  const [files, setFiles] = useState<UploadFile<AttachmentDto>[]>(() => (value ?? []).map(toFile));

  // Follow the form when it is reset or loaded with a saved record.
  useEffect(() => {
    setFiles((cur) => {
      const done = cur.filter((f) => f.status === 'done').map((f) => f.response?.id);
      const ids = (value ?? []).map((a) => a.id);
      if (done.length === ids.length && done.every((id, i) => id === ids[i])) return cur;
      return [...(value ?? []).map(toFile), ...cur.filter((f) => f.status === 'uploading')];
    });
  }, [value]);

  const emit = (list: UploadFile<AttachmentDto>[]) =>
    onChange?.(list.filter((f) => f.status === 'done' && f.response).map((f) => f.response as AttachmentDto));

  return (
    <div data-testid={`attachments-${purpose}`}>
      <Upload<AttachmentDto>
        action="/api/attachments"
        name="file"
        data={{ purpose }}
        withCredentials
        accept={accept}
        multiple
        disabled={disabled}
        fileList={files}
        beforeUpload={(file) => {
          const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
          if (!accept.split(',').includes(`.${ext}`)) {
            message.error(t('badType', { name: file.name, types }));
            return Upload.LIST_IGNORE;
          }
          if (file.size > rule.maxMb * 1024 * 1024) {
            message.error(t('tooLarge', { name: file.name, max: rule.maxMb }));
            return Upload.LIST_IGNORE;
          }
          if (files.length >= maxCount) {
            message.error(t('maxCount', { count: maxCount }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        onChange={({ file, fileList }) => {
          let list = fileList;
          if (file.status === 'error') {
            const reason = (file.response as ErrorBody | undefined)?.error?.message ?? file.error?.message ?? '';
            message.error(t('failed', { name: file.name, reason }));
            list = fileList.filter((f) => f.uid !== file.uid);
          }
          setFiles(list);
          if (file.status === 'done' || file.status === 'removed' || file.status === 'error') emit(list);
        }}
      >
        <Button icon={<UploadOutlined />} disabled={disabled || files.length >= maxCount}>
          {t('upload')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
        {t('hint', { types, max: rule.maxMb })}
      </Typography.Text>
    </div>
  );
}
