// The signed-in shell: side menu built from the routes array, header with user, language, sign-out.
// On a phone (< 992 px) the side menu collapses away and opens from the header button; the menu
// itself (SideMenu.tsx) loads when it is first on screen.
import { GlobalOutlined, LockOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import type { Me } from '@shixun/common';
import { Button, Grid, Layout, Space, Typography } from 'antd';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Access } from '../access';
import { useLogout } from '../features/auth/auth.api';
import { LANGUAGES, type Language, setLanguage } from '../lib/i18n';
import { LazyDropdown } from './LazyDropdown';
import { NotificationBell } from './NotificationBell';
import { PageLoading } from './PageState';

const SideMenu = lazy(() => import('./SideMenu'));

const { Header, Sider, Content } = Layout;

export function AppLayout({ me, access, children }: { me: Me; access: Access; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.lg;
  const [collapsed, setCollapsed] = useState(true);
  // the menu loads the first time it is on screen, and then stays (keeps its open groups)
  const [menuShown, setMenuShown] = useState(false);
  if (!menuShown && (!mobile || !collapsed)) setMenuShown(true);

  const scopeLabel = me.schoolName ?? me.consortiumName ?? me.areaName ?? me.regionName;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        width={220}
        breakpoint="lg"
        collapsedWidth={0}
        collapsed={mobile ? collapsed : false}
        onCollapse={(c) => setCollapsed(c)}
        trigger={null}
        theme="light"
        style={{
          borderRight: '1px solid #f0f0f0',
          ...(mobile ? { position: 'fixed', zIndex: 100, height: '100vh', left: 0, top: 0 } : {}),
        }}
      >
        <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 8, padding: '0 20px' }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Typography.Text strong style={{ fontSize: 16 }}>
            {t('appName')}
          </Typography.Text>
        </div>
        {menuShown && (
          <Suspense fallback={null}>
            <SideMenu access={access} onNavigate={() => mobile && setCollapsed(true)} />
          </Suspense>
        )}
      </Sider>
      {mobile && !collapsed && (
        <button
          type="button"
          aria-label={t('action.close')}
          onClick={() => setCollapsed(true)}
          style={{ position: 'fixed', inset: 0, background: 'rgba(0,0,0,.25)', zIndex: 99, border: 0, padding: 0 }}
        />
      )}
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: mobile ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
            height: 56,
            lineHeight: '56px',
          }}
        >
          <Space align="center" style={{ lineHeight: 'normal', minWidth: 0 }}>
            {mobile && (
              <Button type="text" icon={<MenuOutlined />} aria-label="menu" onClick={() => setCollapsed(false)} />
            )}
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: mobile ? 140 : 400 }}>
              {scopeLabel}
            </Typography.Text>
          </Space>
          <Space size={mobile ? 0 : 8} align="center" style={{ lineHeight: 'normal' }}>
            <NotificationBell />
            <LazyDropdown
              menu={{
                selectedKeys: [i18n.language],
                items: LANGUAGES.map((l) => ({ key: l.code, label: l.label })),
                onClick: ({ key }) => setLanguage(key as Language),
              }}
            >
              <Button type="text" icon={<GlobalOutlined />} aria-label={t('language')}>
                {mobile ? null : LANGUAGES.find((l) => l.code === i18n.language)?.label}
              </Button>
            </LazyDropdown>
            <LazyDropdown
              menu={{
                items: [
                  { key: 'role', label: t(`role.${me.role}`), disabled: true },
                  { type: 'divider' },
                  { key: 'password', icon: <LockOutlined />, label: t('menu.password') },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('menu.logout') },
                ],
                onClick: async ({ key }) => {
                  if (key === 'password') navigate('/password');
                  if (key === 'logout') {
                    await logout.mutateAsync();
                    navigate('/login');
                  }
                },
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {mobile ? null : me.displayName}
              </Button>
            </LazyDropdown>
          </Space>
        </Header>
        <Content style={{ padding: mobile ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<PageLoading />}>{children}</Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
