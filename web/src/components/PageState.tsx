// Loading, error and empty states every page shows the same way. The error states load on demand
// (PageResult.tsx), so a page that loads fine does not download them.
import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageResultProps } from './PageResult';

const PageResult = lazy(() => import('./PageResult'));

function Result(props: PageResultProps) {
  return (
    <Suspense fallback={null}>
      <PageResult {...props} />
    </Suspense>
  );
}

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spin description={t('state.loading')} size="large">
        <div style={{ minHeight: 40 }} />
      </Spin>
    </div>
  );
}

export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return <Result kind="error" error={error} onRetry={onRetry} />;
}

export function Forbidden() {
  return <Result kind="forbidden" />;
}

export function NotFound() {
  return <Result kind="notFound" />;
}
