// The error states of PageState, loaded only when a page shows one: antd's Result with its
// illustrations is ~10 kB gzip that a page which loads fine never needs.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/http';

export type PageResultProps =
  | { kind: 'error'; error: unknown; onRetry?: () => void }
  | { kind: 'forbidden' }
  | { kind: 'notFound' };

export default function PageResult(props: PageResultProps) {
  const { t } = useTranslation();
  if (props.kind === 'forbidden') return <Result status="403" title={t('state.forbidden')} />;
  if (props.kind === 'notFound') return <Result status="404" title={t('state.notFound')} />;
  const { error, onRetry } = props;
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
