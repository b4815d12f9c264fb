// First sign-in with an account slip (账号开通单): login name + the one-time code + one's own new
// password, in one step, on a phone as well as at a desk. Reached from the login page (a code typed
// as a password lands here with both filled in) or from the address printed on the slip.
import { GlobalOutlined, KeyOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { normaliseActivationCode } from '@shixun/common';
import { Alert, Button, Card, Dropdown, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { applyFieldErrors } from '../../components/zodRule';
import { ApiError } from '../../lib/http';
import { LANGUAGES, type Language, setLanguage } from '../../lib/i18n';
import { useActivate } from './auth.api';
import { newPasswordRules } from './passwordPolicy';

interface Values {
  username: string;
  code: string;
  newPassword: string;
  confirm: string;
}

export default function ActivatePage() {
  const { t, i18n } = useTranslation('auth');
  const navigate = useNavigate();
  const location = useLocation();
  const carried = (location.state ?? {}) as { username?: string; code?: string };
  const activate = useActivate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #e8f0fe 0%, #f5f7fa 60%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 420 }} variant="borderless">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start' }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('activate.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('activate.subtitle')}</Typography.Text>
          </div>
          <Dropdown
            menu={{
              selectedKeys: [i18n.language],
              items: LANGUAGES.map((l) => ({ key: l.code, label: l.label })),
              onClick: ({ key }) => setLanguage(key as Language),
            }}
          >
            <Button type="text" icon={<GlobalOutlined />} aria-label={t('common:language')} />
          </Dropdown>
        </div>
        <ol style={{ paddingInlineStart: 20, margin: '16px 0', color: 'rgba(0,0,0,.65)', lineHeight: 1.8 }}>
          <li>{t('activate.step1')}</li>
          <li>{t('activate.step2')}</li>
          <li>{t('activate.step3')}</li>
        </ol>
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ username: carried.username ?? '', code: carried.code?.toUpperCase() ?? '' }}
          onFinish={async (v) => {
            setError(null);
            try {
              const res = await activate.mutateAsync({
                username: v.username.trim(),
                code: normaliseActivationCode(v.code),
                newPassword: v.newPassword,
              });
              navigate(res.user.role === 'teacher' ? '/me' : '/', { replace: true });
            } catch (e) {
              if (!(e instanceof ApiError && applyFieldErrors(form, e.fields))) setError((e as Error).message);
            }
          }}
        >
          {error && (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="activate-error" />
          )}
          <Form.Item
            name="username"
            label={t('username')}
            extra={t('activate.usernameHint')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" size="large" />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('activate.code')}
            rules={[{ required: true, message: t('required') }]}
            normalize={(v: string) => v.toUpperCase()}
          >
            <Input
              prefix={<KeyOutlined />}
              placeholder="ABCDE-FGHJK"
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              size="large"
              style={{ fontFamily: 'monospace', letterSpacing: 1 }}
            />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('next')}
            extra={t('rule')}
            rules={newPasswordRules(t('required'), () => ({ username: form.getFieldValue('username') }))}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" size="large" />
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
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={activate.isPending}>
            {t('activate.submit')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t('activate.help')} <Link to="/login">{t('activate.toLogin')}</Link>
          </Typography.Paragraph>
        </Form>
      </Card>
    </div>
  );
}
