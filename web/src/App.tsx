// Top-level routing: public pages, the forced password change, then the guarded layout.
import { ConfigProvider } from 'antd';
// antd/es/locale: the ES modules (antd/locale/* re-exports the CommonJS build, which bundles apart)
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import zhTW from 'antd/es/locale/zh_TW';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import type { Me } from '@shixun/common';
import { Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { type Access, accessOf } from './access';
import { AppLayout } from './components/AppLayout';
import { LazyAntApp } from './components/LazyAntApp';
import { Forbidden, NotFound, PageError, PageLoading } from './components/PageState';
import { useMe } from './features/auth/auth.api';
import { authEvents } from './lib/http';
import { publicRoutes, routes } from './router';

const antdLocales = { 'zh-CN': zhCN, en: enUS, 'zh-TW': zhTW } as const;
const dayjsLocales = { 'zh-CN': 'zh-cn', en: 'en', 'zh-TW': 'zh-tw' } as const;
/**
 * No animations for people whose system asks for less motion, nor under browser automation: on a
 * busy machine a click on an option or button that is still sliding in can be lost.
 */
const MOTION = !(navigator.webdriver || window.matchMedia?.('(prefers-reduced-motion: reduce)').matches);

function Guarded() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const access = useMemo(() => accessOf(me.data), [me.data]);

  useEffect(() => {
    // keep the query too: a scanned check-in link carries its QR token in ?t=
    authEvents.onUnauthenticated = () =>
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    authEvents.onPasswordChangeRequired = () => navigate('/password');
  }, [navigate, location.pathname, location.search]);

  if (me.isLoading) return <PageLoading />;
  if (me.error) return <PageError error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (me.data.mustChangePassword) return <Navigate to="/password" replace />;
  // A teacher lands on 我的培训: what to do today comes first (their record is one click away).
  const home = access.teacher ? '/my/trainings' : access.trainer ? '/teaching' : '/';
  const bare = routes.filter((r) => r.bare);

  return (
    <Routes>
      {bare.map((r) => (
        <Route key={r.path} path={r.path} element={r.allow(access) ? <r.page /> : <Forbidden />} />
      ))}
      <Route path="*" element={<LayoutRoutes me={me.data} access={access} home={home} />} />
    </Routes>
  );
}

function LayoutRoutes({ me, access, home }: { me: Me; access: Access; home: string }) {
  return (
    <AppLayout me={me} access={access}>
      <Routes>
        {routes
          .filter((r) => !r.bare)
          .map((r) => (
            <Route
              key={r.path}
              path={r.path}
              element={r.allow(access) ? <r.page /> : r.path === '/' ? <Navigate to={home} replace /> : <Forbidden />}
            />
          ))}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AppLayout>
  );
}

export function App() {
  const { i18n } = useTranslation();
  const lang = (i18n.language in antdLocales ? i18n.language : 'zh-CN') as keyof typeof antdLocales;
  dayjs.locale(dayjsLocales[lang]);
  return (
    <ConfigProvider
      locale={antdLocales[lang]}
      theme={{
        token: {
          colorPrimary: '#1f6feb',
          borderRadius: 6,
          motion: MOTION,
          // Secondary text (descriptions, hints, the header's school name) at 4.5:1 or more on white
          // and on the grey page background; antd's default (45% black) is 3.4:1.
          colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
          colorTextDescription: 'rgba(0, 0, 0, 0.6)',
        },
      }}
    >
      {/* Inside the ConfigProvider so message/modal/notification speak the chosen language. */}
      <LazyAntApp>
        <BrowserRouter>
          <Suspense fallback={<PageLoading />}>
            <Routes>
              <Route path="/login" element={<publicRoutes.login />} />
              <Route path="/password" element={<publicRoutes.password />} />
              <Route path="/activate" element={<publicRoutes.activate />} />
              <Route path="/verify/statement/:number" element={<publicRoutes.verifyStatement />} />
              <Route path="/verify/:number" element={<publicRoutes.verify />} />
              <Route path="/*" element={<Guarded />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </LazyAntApp>
    </ConfigProvider>
  );
}
