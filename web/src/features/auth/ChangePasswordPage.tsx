import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { PageLoading } from '../../components/PageState';
import { ApiError } from '../../lib/http';
import { useChangePassword, useMe } from './auth.api';
import { newPasswordRules } from './passwordPolicy';

export default function ChangePasswordPage() {
  const { t } = useTranslation('auth');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const change = useChangePassword();
  const [form] = Form.useForm();

  if (me.isLoading) return <PageLoading />;
  if (!me.data) return <Navigate to="/login" replace />;
  const forced = me.data.mustChangePassword;

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <Typography.Title level={4}>{t('changeTitle')}</Typography.Title>
        {forced && <Alert type="warning" showIcon title={t('changeForced')} style={{ marginBottom: 16 }} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { currentPassword: string; newPassword: string }) => {
            try {
              await change.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
              message.success(t('changed'));
              navigate(me.data?.role === 'teacher' ? '/me' : '/', { replace: true });
            } catch (e) {
              if (e instanceof ApiError && e.fields) {
                form.setFields(Object.entries(e.fields).map(([name, err]) => ({ name, errors: [err] })));
              } else if (e instanceof Error) message.error(e.message);
            }
          }}
        >
          <Form.Item name="currentPassword" label={t('current')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('next')}
            extra={t('rule')}
            rules={newPasswordRules(t('required'), () => ({ username: me.data?.username }))}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('confirmNext')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('required') },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  !v || v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={change.isPending}>
            {t('common:action.save')}
          </Button>
          {!forced && (
            <Button block type="link" onClick={() => navigate(-1)} style={{ marginTop: 8 }}>
              {t('common:action.back')}
            </Button>
          )}
        </Form>
      </Card>
    </div>
  );
}
