// Public verification of a 结业证书 (no login, no layout): what the QR code on a certificate opens,
// usually on a phone. Shows whether the certificate is valid or revoked, with the holder's name masked.
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { CertificateVerification } from '@shixun/common';
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { fmtDate } from '../../components/format';
import { VerifyBanner, VerifyShell } from '../../components/VerifyShell';
import { useVerify } from './run.api';

export default function VerifyPage() {
  const number = (useParams().number ?? '').trim();
  const query = useVerify(number);
  return (
    <VerifyShell ns="run" number={number} query={query} pathOf={(n) => `/verify/${encodeURIComponent(n)}`}>
      {(data) => <Verified c={data} />}
    </VerifyShell>
  );
}

function Verified({ c }: { c: CertificateVerification }) {
  const { t } = useTranslation('run');
  const dates = c.startDate === c.endDate ? fmtDate(c.startDate) : `${fmtDate(c.startDate)} – ${fmtDate(c.endDate)}`;
  return (
    <>
      {c.revoked ? (
        <VerifyBanner color="#cf1322" icon={<CloseCircleFilled />} title={t('verify.revoked')} testId="verify-revoked">
          <div>{t('verify.revokedAt', { date: fmtDate(c.revokedAt) })}</div>
          {c.revokeReason && <div>{t('verify.revokedReason', { reason: c.revokeReason })}</div>}
        </VerifyBanner>
      ) : (
        <VerifyBanner color="#389e0d" icon={<CheckCircleFilled />} title={t('verify.valid')} testId="verify-valid">
          <div>{t('verify.validHint')}</div>
        </VerifyBanner>
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
            children: <span style={{ fontFamily: 'monospace' }}>{c.number}</span>,
          },
          { key: 'name', label: t('verify.name'), children: c.name },
          { key: 'project', label: t('verify.project'), children: c.project },
          { key: 'level', label: t('verify.level'), children: t(`level.${c.level}`, { defaultValue: c.level }) },
          { key: 'hours', label: t('verify.hours'), children: t('verify.hoursValue', { n: c.hours }) },
          { key: 'dates', label: t('verify.dates'), children: dates },
          { key: 'issuer', label: t('verify.issuer'), children: c.issuer },
          { key: 'issued', label: t('verify.issuedAt'), children: fmtDate(c.issuedAt) },
        ]}
      />
    </>
  );
}
