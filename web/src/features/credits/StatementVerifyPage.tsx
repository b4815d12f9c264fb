// Public verification of a 继续教育学时证明 (no login, no layout): what the QR code on a statement
// opens, usually on a phone. Valid or revoked, the holder's name masked, the certified hours.
import {
  CheckCircleFilled,
  CloseCircleFilled,
  QuestionCircleFilled,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import type { StatementVerification } from '@shixun/common';
import { Button, Card, Descriptions, Input, Select, Spin, Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { fmtDate } from '../../components/format';
import { ApiError } from '../../lib/http';
import { LANGUAGES, type Language, setLanguage } from '../../lib/i18n';
import { useVerifyStatement } from './credits.api';

const n1 = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export default function StatementVerifyPage() {
  const { t, i18n } = useTranslation('credits');
  const navigate = useNavigate();
  const number = (useParams().number ?? '').trim();
  const v = useVerifyStatement(number);

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
    body = <Verified s={v.data} />;
  } else if (v.error instanceof ApiError && (v.error.status === 404 || v.error.status === 400)) {
    body = (
      <Banner color="#8c8c8c" icon={<QuestionCircleFilled />} title={t('verify.notFound')} testId="verify-notfound">
        <div>{t('verify.notFoundHint', { number })}</div>
      </Banner>
    );
  } else if (v.error) {
    body = (
      <Banner color="#d48806" icon={<QuestionCircleFilled />} title={t('verify.failed')}>
        <div style={{ marginBottom: 12 }}>{v.error.message}</div>
        <Button onClick={() => v.refetch()}>{t('common:state.retry')}</Button>
      </Banner>
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
              if (n) navigate(`/verify/statement/${encodeURIComponent(n)}`);
            }}
          />
        </Card>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, textAlign: 'center' }}>
          {t('verify.privacy')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}

function Verified({ s }: { s: StatementVerification }) {
  const { t } = useTranslation('credits');
  const unit = t(`unit.${s.unit}`, { defaultValue: s.unit });
  const period =
    s.period === 'cycle'
      ? t('statements.periodCycle', { start: s.startYear, end: s.endYear })
      : t('statements.periodYear', { year: s.startYear });
  return (
    <>
      {s.revoked ? (
        <Banner color="#cf1322" icon={<CloseCircleFilled />} title={t('verify.revoked')} testId="verify-revoked">
          <div>{t('verify.revokedAt', { date: fmtDate(s.revokedAt) })}</div>
        </Banner>
      ) : (
        <Banner color="#389e0d" icon={<CheckCircleFilled />} title={t('verify.valid')} testId="verify-valid">
          <div>{t('verify.validHint')}</div>
        </Banner>
      )}
      <Descriptions
        column={1}
        size="small"
        bordered
        style={{ padding: 12 }}
        styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}
        items={[
          {
            key: 'number',
            label: t('verify.number'),
            children: <span style={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>{s.number}</span>,
          },
          { key: 'name', label: t('verify.name'), children: s.name },
          { key: 'school', label: t('verify.school'), children: s.schoolName },
          { key: 'period', label: t('verify.period'), children: period },
          { key: 'counted', label: t('verify.counted'), children: `${n1(s.counted)} ${unit}` },
          ...(s.required == null
            ? []
            : [{ key: 'required', label: t('verify.required'), children: `${n1(s.required)} ${unit}` }]),
          { key: 'issuer', label: t('verify.issuer'), children: s.issuer },
          { key: 'issued', label: t('verify.issuedAt'), children: fmtDate(s.issuedAt) },
        ]}
      />
    </>
  );
}

function Banner({
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
