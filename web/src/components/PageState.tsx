// Loading, error and empty states every page shows the same way.
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/http';

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
  const { t } = useTranslation();
  const e = error instanceof ApiError ? error : null;
  if (e?.status === 404) return <Result status="404" title={t('state.notFound')} subTitle={e.message} />;
  if (e?.status === 403) return <Result status="403" title={t('state.forbidden')} subTitle={e.message} />;
  return (
    <Result
      status="error"
      title={t('state.error')}
      subTitle={e?.message ?? String((error as Error)?.message ?? error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('state.retry')}</Button> : undefined}
    />
  );
}

export function Forbidden() {
  const { t } = useTranslation();
  return <Result status="403" title={t('state.forbidden')} />;
}

export function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('state.notFound')} />;
}
