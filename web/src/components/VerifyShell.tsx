// The frame of a public verification page (no login, no layout), shared by certificates and hours
// statements: the loading, not-found and failure states, the language switch, a box to type a
// number, and the privacy note. Each page supplies its query, its i18n namespace (keys `verify.*`)
// and how a found document is shown.
import { QuestionCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Card, Input, Select, Spin, Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../lib/http';
import { LANGUAGES, type Language, setLanguage } from '../lib/i18n';

export function VerifyShell<T>({
  ns,
  number,
  query: v,
  pathOf,
  children,
}: {
  ns: string;
  number: string;
  query: UseQueryResult<T, Error>;
  /** The page of another number, typed into the search box. */
  pathOf: (number: string) => string;
  children: (data: T) => ReactNode;
}) {
  const { t, i18n } = useTranslation(ns);
  const navigate = useNavigate();

  useEffect(() => {
    document.title = t('verify.docTitle');
  }, [t]);

  let body: ReactNode;
  if (v.isLoading) {
    body = (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  } else if (v.data) {
    body = children(v.data);
  } else if (v.error instanceof ApiError && (v.error.status === 404 || v.error.status === 400)) {
    body = (
      <VerifyBanner
        color="#8c8c8c"
        icon={<QuestionCircleFilled />}
        title={t('verify.notFound')}
        testId="verify-notfound"
      >
        <div>{t('verify.notFoundHint', { number })}</div>
      </VerifyBanner>
    );
  } else if (v.error) {
    body = (
      <VerifyBanner color="#d48806" icon={<QuestionCircleFilled />} title={t('verify.failed')}>
        <div style={{ marginBottom: 12 }}>{v.error.message}</div>
        <Button onClick={() => v.refetch()}>{t('common:state.retry')}</Button>
      </VerifyBanner>
    );
  }

  return (
    <div style={{ minHeight: '100vh', background: '#f0f3f8', padding: '16px 12px 32px', boxSizing: 'border-box' }}>
      <div style={{ maxWidth: 560, margin: '0 auto' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 16 }}>
          <SafetyCertificateOutlined style={{ fontSize: 24, color: '#1f6feb' }} />
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ fontWeight: 600, fontSize: 17 }}>{t('verify.title')}</div>
            <div style={{ color: '#8c8c8c', fontSize: 12 }}>{t('common:appTitle')}</div>
          </div>
          <Select<Language>
            size="small"
            value={i18n.language as Language}
            onChange={setLanguage}
            options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
            style={{ width: 104 }}
            aria-label={t('common:language')}
          />
        </div>
        <Card styles={{ body: { padding: 0 } }} style={{ overflow: 'hidden' }}>
          {body}
        </Card>
        <Card size="small" style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('verify.manual')}</Typography.Text>
          <Input.Search
            key={number}
            defaultValue={number}
            placeholder={t('verify.placeholder')}
            enterButton={t('verify.search')}
            style={{ marginTop: 8 }}
            onSearch={(x) => {
              const n = x.trim().toUpperCase();
              if (n) navigate(pathOf(n));
            }}
            data-testid="verify-input"
          />
        </Card>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, textAlign: 'center' }}>
          {t('verify.privacy')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}

/** The coloured band at the top of the result: valid, revoked, not found. */
export function VerifyBanner({
  color,
  icon,
  title,
  children,
  testId,
}: {
  color: string;
  icon: ReactNode;
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div style={{ background: color, color: '#fff', padding: '20px 16px', textAlign: 'center' }} data-testid={testId}>
      <div style={{ fontSize: 44, lineHeight: 1 }}>{icon}</div>
      <div style={{ fontSize: 22, fontWeight: 700, margin: '8px 0 4px' }}>{title}</div>
      <div style={{ opacity: 0.92, fontSize: 14 }}>{children}</div>
    </div>
  );
}
