// Edit and withdraw on a notice's page, for its sender only (NoticeDetailPage loads this lazily,
// so readers do not download the forms).
import { EditOutlined, StopOutlined } from '@ant-design/icons';
import { type NoticeDetail, noticeWithdrawBody } from '@shixun/common';
import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../components/zodRule';
import { NoticeEditDrawer } from './NoticeEditDrawer';
import { useWithdrawNotice } from './notices.api';

/** Edit and withdraw, for the notice's sender (the server decides again). */
export default function NoticeSenderActions({ n }: { n: NoticeDetail }) {
  const { t } = useTranslation('notices');
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const withdraw = useWithdrawNotice(n.id);
  const [form] = Form.useForm<{ reason: string }>();
  if (!n.canEdit && !n.canWithdraw) return null;
  return (
    <Space wrap>
      {n.canEdit && (
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="notice-edit">
          {t('edit.button')}
        </Button>
      )}
      {n.canWithdraw && (
        <Button danger icon={<StopOutlined />} onClick={() => setWithdrawing(true)} data-testid="notice-withdraw">
          {t('withdraw.button')}
        </Button>
      )}
      <NoticeEditDrawer n={n} open={editing} onClose={() => setEditing(false)} />
      <Modal
        open={withdrawing}
        title={t('withdraw.title')}
        okText={t('withdraw.button')}
        okButtonProps={{ danger: true, loading: withdraw.isPending }}
        cancelText={t('common:action.cancel')}
        onCancel={() => setWithdrawing(false)}
        onOk={() =>
          form.validateFields().then(async (v) => {
            try {
              await withdraw.mutateAsync(v.reason);
              message.success(t('withdraw.done'));
              setWithdrawing(false);
            } catch (e) {
              message.error((e as Error).message);
            }
          })
        }
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('withdraw.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('withdraw.reason')} rules={[zodRule(noticeWithdrawBody.shape.reason)]}>
            <Input.TextArea rows={3} maxLength={200} placeholder={t('withdraw.placeholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
