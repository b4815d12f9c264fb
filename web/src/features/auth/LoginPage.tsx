import { GlobalOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Dropdown, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/http';
import { LANGUAGES, type Language, setLanguage } from '../../lib/i18n';
import { useLogin, useMe } from './auth.api';

export default function LoginPage() {
  const { t, i18n } = useTranslation('auth');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe();
  const login = useLogin();
  const next = params.get('next');
  const target = next?.startsWith('/') && !next.startsWith('//') ? next : '/';

  if (me.data && !login.isPending) return <Navigate to={me.data.mustChangePassword ? '/password' : target} replace />;

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
      <Card style={{ width: '100%', maxWidth: 400 }} variant="borderless">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start' }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('common:appName')} · {t('title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('subtitle')}</Typography.Text>
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
        <Form
          layout="vertical"
          style={{ marginTop: 24 }}
          requiredMark={false}
          onFinish={async (v: { username: string; password: string }) => {
            try {
              const res = await login.mutateAsync(v);
              navigate(res.user.mustChangePassword ? '/password' : target, { replace: true });
            } catch (e) {
              // The slip's code typed as a password: the activation page takes it from here.
              if (e instanceof ApiError && e.code === 'ACTIVATION_REQUIRED') {
                navigate('/activate', { state: { username: v.username, code: v.password } });
              }
              /* other errors are shown below */
            }
          }}
        >
          {login.error && (
            <Alert
              type="error"
              showIcon
              title={login.error.message}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            {t('submit')}
          </Button>
          <Button
            block
            size="large"
            style={{ marginTop: 12 }}
            onClick={() => navigate('/activate')}
            data-testid="to-activate"
          >
            {t('activate.link')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t('hint')}
          </Typography.Paragraph>
        </Form>
      </Card>
    </div>
  );
}
