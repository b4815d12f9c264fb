// Sets a new password for an account; the user must change it at the next sign-in.
import type { Account } from '@shixun/common';
import { Alert, App, Form, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { useResetPassword } from './accounts.api';
import { PasswordField, passwordRules } from './PasswordField';
import { generatePassword } from './password';

export function ResetPasswordModal({ account, onClose }: { account: Account | null; onClose: () => void }) {
  const { t } = useTranslation('accounts');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();

  useEffect(() => {
    if (account) form.setFieldsValue({ password: generatePassword() });
  }, [account, form]);

  return (
    <Modal
      open={account !== null}
      title={account ? t('reset.title', { name: account.displayName, username: account.username }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('reset.ok')}
      confirmLoading={reset.isPending}
      forceRender
    >
      <Alert type="info" showIcon title={t('reset.hint')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          if (!account) return;
          try {
            await reset.mutateAsync({ id: account.id, password: v.password });
            message.success(t('reset.done'));
            onClose();
          } catch (e) {
            if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) message.error((e as Error).message);
          }
        }}
      >
        <Form.Item
          name="password"
          label={t('reset.password')}
          extra={t('password.rule')}
          rules={passwordRules(t, () => account?.username)}
        >
          <PasswordField defaultVisible />
        </Form.Item>
      </Form>
    </Modal>
  );
}
