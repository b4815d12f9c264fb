// Public verification of a 继续教育学时证明 (no login, no layout): what the QR code on a statement
// opens, usually on a phone. Valid or revoked, the holder's name masked, the certified hours.
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { StatementVerification } from '@shixun/common';
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { fmtDate } from '../../components/format';
import { VerifyBanner, VerifyShell } from '../../components/VerifyShell';
import { useVerifyStatement } from './credits.api';

const n1 = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export default function StatementVerifyPage() {
  const number = (useParams().number ?? '').trim();
  const query = useVerifyStatement(number);
  return (
    <VerifyShell
      ns="credits"
      number={number}
      query={query}
      pathOf={(n) => `/verify/statement/${encodeURIComponent(n)}`}
    >
      {(data) => <Verified s={data} />}
    </VerifyShell>
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
        <VerifyBanner color="#cf1322" icon={<CloseCircleFilled />} title={t('verify.revoked')} testId="verify-revoked">
          <div>{t('verify.revokedAt', { date: fmtDate(s.revokedAt) })}</div>
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
