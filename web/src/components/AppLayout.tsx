// The signed-in shell: side menu built from the routes array, header with user, language, sign-out.
// On a phone (< 992 px) the side menu collapses away and opens from the header button.
import { GlobalOutlined, LockOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import type { Me } from '@shixun/common';
import { Button, Dropdown, Grid, Layout, Menu, type MenuProps, Space, Typography } from 'antd';
import { type ReactNode, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { Access } from '../access';
import { useLogout } from '../features/auth/auth.api';
import { LANGUAGES, type Language, setLanguage } from '../lib/i18n';
import { routes } from '../router';
import { NotificationBell } from './NotificationBell';
import { PageLoading } from './PageState';

const { Header, Sider, Content } = Layout;

export function AppLayout({ me, access, children }: { me: Me; access: Access; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.lg;
  const [collapsed, setCollapsed] = useState(true);

  const items = useMemo<MenuProps['items']>(() => {
    const out: NonNullable<MenuProps['items']> = [];
    const groups = new Map<
      string,
      { key: string; label: string; icon: ReactNode; children: { key: string; label: string }[] }
    >();
    for (const r of routes) {
      if (!r.menu || !r.allow(access)) continue;
      if (r.group) {
        let g = groups.get(r.group.key);
        if (!g) {
          g = { key: r.group.key, label: t(r.group.label), icon: r.group.icon, children: [] };
          groups.set(r.group.key, g);
          out.push(g);
        }
        g.children.push({ key: r.path, label: t(r.menu) });
      } else {
        out.push({ key: r.path, label: t(r.menu), icon: r.icon });
      }
    }
    return out;
  }, [access, t]);

  const selected =
    routes
      .filter(
        (r) =>
          r.menu && (location.pathname === r.path || (r.path !== '/' && location.pathname.startsWith(`${r.path}/`))),
      )
      .map((r) => r.path)
      .at(-1) ?? location.pathname;

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
        <Menu
          mode="inline"
          // stay inline when the phone sider is hidden: a collapsed sider would pop the open group out over the page
          inlineCollapsed={false}
          selectedKeys={[selected]}
          defaultOpenKeys={['org']}
          items={items}
          onClick={({ key }) => {
            navigate(key);
            if (mobile) setCollapsed(true);
          }}
        />
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
            <Dropdown
              menu={{
                selectedKeys: [i18n.language],
                items: LANGUAGES.map((l) => ({ key: l.code, label: l.label })),
                onClick: ({ key }) => setLanguage(key as Language),
              }}
            >
              <Button type="text" icon={<GlobalOutlined />} aria-label={t('language')}>
                {mobile ? null : LANGUAGES.find((l) => l.code === i18n.language)?.label}
              </Button>
            </Dropdown>
            <Dropdown
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
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ padding: mobile ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<PageLoading />}>{children}</Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
