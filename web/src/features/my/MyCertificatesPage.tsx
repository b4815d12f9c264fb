// The teacher's completion certificates as cards (phone first): number, project, hours, dates,
// whether revoked; print page and PDF for the valid ones — or, where the county asks for the
// training's satisfaction survey first, the way to it.
import { FilePdfOutlined, FormOutlined, PrinterOutlined } from '@ant-design/icons';
import type { Certificate, MySurvey } from '@shixun/common';
import { Button, Card, Empty, Pagination, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtDate, fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMySurveys } from '../surveys/surveys.api';
import { certificatePdfUrl, certificatePrintPath, useMyCertificates } from './my.api';
import { fmtRange, LevelTag } from './shared';

export default function MyCertificatesPage() {
  const { t } = useTranslation('my');
  const uq = useUrlQuery();
  const page = usePaging(uq).page;
  const pageSize = uq.num('pageSize', 10) ?? 10;
  const list = useMyCertificates(page, pageSize);
  // Satisfaction surveys the certificate waits for, by project.
  const surveys = useMySurveys();
  const gate = new Map(
    (surveys.data?.pending ?? [])
      .filter((s) => s.kind === 'satisfaction' && s.requiredForCertificate && s.projectId != null)
      .map((s) => [s.projectId!, s]),
  );

  const header = <PageHeader title={t('certificates.title')} sub={t('certificates.sub')} />;
  if (list.isLoading) return <PageLoading />;
  if (list.error && !list.data)
    return (
      <div>
        {header}
        <PageError error={list.error} onRetry={() => list.refetch()} />
      </div>
    );
  const data = list.data ?? { items: [], total: 0 };

  return (
    <div style={{ maxWidth: 760 }}>
      {header}
      {data.items.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('certificates.empty')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {data.items.map((c) => (
            <CertificateCard key={c.id} c={c} survey={gate.get(c.projectId)} />
          ))}
        </Space>
      )}
      {data.total > pageSize && (
        <Pagination
          style={{ marginTop: 16, justifyContent: 'center' }}
          current={page}
          pageSize={pageSize}
          total={data.total}
          showSizeChanger={false}
          showTotal={(total) => t('common:total', { total: fmtInt(total) })}
          onChange={(p) => uq.set({ page: p })}
        />
      )}
    </div>
  );
}

function CertificateCard({ c, survey }: { c: Certificate; survey?: MySurvey }) {
  const { t } = useTranslation('my');
  const navigate = useNavigate();
  const row = (label: string, value: string) => (
    <div style={{ display: 'flex', gap: 8, lineHeight: 1.8 }}>
      <Typography.Text type="secondary" style={{ flex: '0 0 auto', minWidth: 64 }}>
        {label}
      </Typography.Text>
      <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{value}</span>
    </div>
  );
  return (
    <Card
      size="small"
      styles={{ body: { padding: 16 } }}
      style={c.revoked ? { background: '#fafafa' } : undefined}
      data-testid={`certificate-${c.number}`}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ fontSize: 16, opacity: c.revoked ? 0.6 : 1 }} delete={c.revoked}>
          {c.projectName}
        </Typography.Text>
        {c.revoked ? (
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            {t('certificates.revoked')}
          </Tag>
        ) : (
          <LevelTag level={c.level} />
        )}
      </div>
      <div style={{ marginTop: 8 }}>
        <div style={{ display: 'flex', gap: 8, lineHeight: 1.8 }}>
          <Typography.Text type="secondary" style={{ flex: '0 0 auto', minWidth: 64 }}>
            {t('certificates.number')}
          </Typography.Text>
          <Typography.Text copyable={{ text: c.number }} style={{ fontFamily: 'monospace' }}>
            {c.number}
          </Typography.Text>
        </div>
        {row(t('certificates.hours'), String(c.hours))}
        {row(t('certificates.dates'), fmtRange(c.startDate, c.endDate))}
        {row(t('certificates.issuedAt'), fmtDate(c.issuedAt))}
        {row(t('certificates.issuer'), c.issuer)}
      </div>
      {c.revoked ? (
        <Typography.Paragraph type="danger" style={{ margin: '8px 0 0' }}>
          {t('certificates.revokedOn', { date: fmtDate(c.revokedAt) })}
          {c.revokeReason ? `；${t('certificates.revokeReason', { reason: c.revokeReason })}` : ''}
        </Typography.Paragraph>
      ) : survey ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Paragraph type="warning" style={{ marginBottom: 8 }}>
            {t('certificates.surveyFirst')}
          </Typography.Paragraph>
          <Button
            size="large"
            type="primary"
            block
            icon={<FormOutlined />}
            onClick={() => navigate(`/my/surveys/${survey.surveyId}?projectId=${survey.projectId}`)}
          >
            {t('certificates.answerSurvey')}
          </Button>
        </div>
      ) : (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 }}>
          <Button
            size="large"
            icon={<PrinterOutlined />}
            style={{ flex: '1 1 140px' }}
            onClick={() => navigate(certificatePrintPath(c.number))}
          >
            {t('certificates.print')}
          </Button>
          <Button
            size="large"
            icon={<FilePdfOutlined />}
            style={{ flex: '1 1 140px' }}
            href={certificatePdfUrl(c.number)}
            target="_blank"
            rel="noopener"
          >
            {t('certificates.pdf')}
          </Button>
        </div>
      )}
    </Card>
  );
}
