// The teacher's completion certificates as cards (phone first): number, project, hours, dates,
// whether revoked; print page and PDF for the valid ones.
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import type { Certificate } from '@shixun/common';
import { Button, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtDate } from '../../components/format';
import { CardList, CardRow, cardButtonStyle, ListCard } from '../../components/list/CardList';
import { certificatePdfUrl, certificatePrintPath, useMyCertificates } from './my.api';
import { fmtRange, LevelTag } from './shared';

const useMine = ({ page, pageSize }: { page: number; pageSize: number }) => useMyCertificates(page, pageSize);

export default function MyCertificatesPage() {
  const { t } = useTranslation('my');
  return (
    <CardList<Certificate>
      title={t('certificates.title')}
      sub={t('certificates.sub')}
      useList={useMine}
      rowKey={(c) => c.id}
      renderItem={(c) => <CertificateCard c={c} />}
      empty={{ description: t('certificates.empty') }}
    />
  );
}

function CertificateCard({ c }: { c: Certificate }) {
  const { t } = useTranslation('my');
  const navigate = useNavigate();
  return (
    <ListCard
      title={<Typography.Text delete={c.revoked}>{c.projectName}</Typography.Text>}
      tag={
        c.revoked ? (
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            {t('certificates.revoked')}
          </Tag>
        ) : (
          <LevelTag level={c.level} />
        )
      }
      muted={c.revoked}
      data-testid={`certificate-${c.number}`}
      actions={
        !c.revoked && (
          <>
            <Button
              size="large"
              icon={<PrinterOutlined />}
              style={cardButtonStyle}
              onClick={() => navigate(certificatePrintPath(c.number))}
            >
              {t('certificates.print')}
            </Button>
            <Button
              size="large"
              icon={<FilePdfOutlined />}
              style={cardButtonStyle}
              href={certificatePdfUrl(c.number)}
              target="_blank"
              rel="noopener"
            >
              {t('certificates.pdf')}
            </Button>
          </>
        )
      }
    >
      <div style={{ marginTop: 8 }}>
        <CardRow label={t('certificates.number')}>
          <Typography.Text copyable={{ text: c.number }} style={{ fontFamily: 'monospace' }}>
            {c.number}
          </Typography.Text>
        </CardRow>
        <CardRow label={t('certificates.hours')}>{String(c.hours)}</CardRow>
        <CardRow label={t('certificates.dates')}>{fmtRange(c.startDate, c.endDate)}</CardRow>
        <CardRow label={t('certificates.issuedAt')}>{fmtDate(c.issuedAt)}</CardRow>
        <CardRow label={t('certificates.issuer')}>{c.issuer}</CardRow>
      </div>
      {c.revoked && (
        <Typography.Paragraph type="danger" style={{ margin: '8px 0 0' }}>
          {t('certificates.revokedOn', { date: fmtDate(c.revokedAt) })}
          {c.revokeReason ? `；${t('certificates.revokeReason', { reason: c.revokeReason })}` : ''}
        </Typography.Paragraph>
      )}
    </ListCard>
  );
}
