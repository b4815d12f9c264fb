// The side menu built from the routes array. AppLayout loads it lazily and renders it only when the
// menu is on screen, so a phone page that never opens the menu does not download antd's Menu.
import type { MenuProps } from 'antd';
import { Menu } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { Access } from '../access';
import { routes } from '../router';

export default function SideMenu({ access, onNavigate }: { access: Access; onNavigate: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();

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

  return (
    <Menu
      mode="inline"
      // stay inline when the phone sider is hidden: a collapsed sider would pop the open group out over the page
      inlineCollapsed={false}
      selectedKeys={[selected]}
      defaultOpenKeys={['org']}
      items={items}
      onClick={({ key }) => {
        navigate(key);
        onNavigate();
      }}
    />
  );
}
