// Editing a published notice: its title, text and attachments (the recipients stay those it was
// sent to). The notice is then marked 已修改 and its recipients are told again.
import { type AttachmentDto, type NoticeDetail, noticeUpdateBody } from '@shixun/common';
import { App, Button, Drawer, Form, Grid, Input, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentsField } from '../../components/AttachmentsField';
import { applyFieldErrors, zodRule } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useEditNotice } from './notices.api';

interface Values {
  title: string;
  body: string;
  attachments?: AttachmentDto[];
}

const shape = noticeUpdateBody.shape;

export function NoticeEditDrawer({ n, open, onClose }: { n: NoticeDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('notices');
  const { message } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  const save = useEditNotice(n.id);
  useEffect(() => {
    if (open) form.setFieldsValue({ title: n.title, body: n.body, attachments: n.attachments });
  }, [open, n, form]);

  const submit = async (v: Values) => {
    try {
      await save.mutateAsync({
        title: v.title,
        body: v.body,
        attachmentIds: (v.attachments ?? []).map((a) => a.id),
      });
      message.success(t('edit.saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('edit.title')}
      size={mobile ? '100%' : 560}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="notice-edit-save">
            {t('edit.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('edit.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="title" label={t('form.title')} rules={[zodRule(shape.title)]}>
          <Input maxLength={100} showCount />
        </Form.Item>
        <Form.Item name="body" label={t('form.body')} rules={[zodRule(shape.body)]}>
          <Input.TextArea rows={10} maxLength={20000} />
        </Form.Item>
        <Form.Item name="attachments" label={t('attachments')}>
          <AttachmentsField purpose="notice" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
