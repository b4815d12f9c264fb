// antd's <App> without its weight on the first page: `App.useApp()` keeps returning message, modal
// and notification, but their code (dialogs, notices, motion: ~20 kB gzip) loads the first time a
// page calls one of them. Until then calls wait in a queue, so nothing is lost; a queued call returns
// a promise of what the real call returns (awaiting it works; `.destroy()` on it does not).

import type { useAppProps } from 'antd/es/app/context';
import AppContext from 'antd/es/app/context';
import theme from 'antd/es/theme';
import { lazy, type ReactNode, Suspense, useCallback, useMemo, useRef, useState } from 'react';

type Api = useAppProps;
const Holders = lazy(() => import('./AntAppHolders'));

const METHODS = {
  message: ['open', 'success', 'error', 'info', 'warning', 'loading', 'destroy'],
  modal: ['confirm', 'info', 'success', 'error', 'warning'],
  notification: ['open', 'success', 'error', 'info', 'warning', 'destroy'],
} as const;

export function LazyAntApp({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  const [wanted, setWanted] = useState(false);
  const api = useRef<Api | null>(null);
  const queue = useRef<((a: Api) => void)[]>([]);

  const onReady = useCallback((a: Api) => {
    api.current = a;
    for (const call of queue.current.splice(0)) call(a);
  }, []);

  const value = useMemo(() => {
    const proxy = {} as Record<keyof typeof METHODS, Record<string, (...args: unknown[]) => unknown>>;
    for (const [group, names] of Object.entries(METHODS) as [keyof typeof METHODS, readonly string[]][]) {
      proxy[group] = {};
      for (const name of names) {
        proxy[group][name] = (...args: unknown[]) => {
          const call = (a: Api) =>
            (a[group] as unknown as Record<string, (...x: unknown[]) => unknown>)[name]!(...args);
          if (api.current) return call(api.current);
          setWanted(true);
          // resolves to what the real call returns, so `await modal.confirm(…)` still works
          return new Promise((resolve) => queue.current.push((a) => resolve(call(a))));
        };
      }
    }
    return proxy as unknown as Api;
  }, []);

  return (
    <AppContext.Provider value={value}>
      {/* what antd's App sets on its wrapper */}
      <div
        style={{
          color: token.colorText,
          fontSize: token.fontSize,
          lineHeight: token.lineHeight,
          fontFamily: token.fontFamily,
        }}
      >
        {children}
      </div>
      {wanted && (
        <Suspense fallback={null}>
          <Holders onReady={onReady} />
        </Suspense>
      )}
    </AppContext.Provider>
  );
}
