// A school's scorecard (/evaluations/:id/schools/:schoolId): its score, grade and rank in its group,
// and every indicator's value, weight, points, evidence (the counts behind it, or the inspector's
// note) and the page listing that evidence; the veto and any adjustment with its reason. Printable.
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import type { ScorecardIndicator } from '@shixun/common';
import { Alert, Button, Card, Col, Empty, Row, Space, Statistic, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { fmtDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useScorecard } from './evaluations.api';
import { GRADE_COLOR } from './shared';

export default function ScorecardPage() {
  const { t } = useTranslation('evaluations');
  const params = useParams();
  const id = Number(params.id);
  const schoolId = Number(params.schoolId);
  const navigate = useNavigate();
  const card = useScorecard(id, schoolId);
  if (card.isLoading) return <PageLoading />;
  if (!card.data) return <PageError error={card.error} onRetry={() => card.refetch()} />;
  const c = card.data;

  const columns: TableProps<ScorecardIndicator>['columns'] = [
    {
      title: t('card.indicator'),
      key: 'label',
      width: 340,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>
            {r.label} {r.manual && <Tag color="orange">{t('rubric.manualTag')}</Tag>}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
            {r.formula}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('rubric.weight'), dataIndex: 'weight', align: 'right', width: 70 },
    {
      title: t('card.value'),
      width: 90,
      dataIndex: 'value',
      align: 'right',
      render: (v: number | null, r) =>
        v == null ? (
          <Typography.Text type="secondary">{r.manual ? t('col.unscored') : t('col.na')}</Typography.Text>
        ) : (
          <Typography.Text strong>{v.toFixed(1)}</Typography.Text>
        ),
    },
    {
      title: t('card.points'),
      dataIndex: 'points',
      width: 100,
      align: 'right',
      render: (v: number | null) => (v == null ? '—' : v.toFixed(2)),
    },
    {
      title: t('card.evidence'),
      key: 'evidence',
      render: (_, r) => (
        <div style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
          <div>{r.evidence || '—'}</div>
          {r.scoredBy && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('drawer.scoredBy', { by: r.scoredBy, at: fmtDateTime(r.scoredAt) })}
            </Typography.Text>
          )}
          {r.source && (
            <div className="no-print">
              <Link to={r.source}>{t('card.source')}</Link>
            </div>
          )}
        </div>
      ),
    },
  ];

  return (
    <div style={{ maxWidth: 1100 }}>
      <PageHeader
        title={t('card.title', { school: c.schoolName })}
        sub={`${c.evaluation.name} · ${c.groupName}`}
        extra={
          <span className="no-print" style={{ display: 'flex', gap: 8 }}>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/evaluations/${id}`)}>
              {t('card.back')}
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              {t('page.print')}
            </Button>
          </span>
        }
      />
      {!c.computed ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('page.notComputed')} />
        </Card>
      ) : (
        <>
          {c.evaluation.status !== 'published' && (
            <Alert type="info" showIcon title={t('card.notPublished')} style={{ marginBottom: 16 }} />
          )}
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={8}>
              <Card size="small">
                <Statistic title={t('col.score')} value={c.score?.toFixed(2) ?? '—'} data-testid="scorecard-score" />
              </Card>
            </Col>
            <Col xs={12} md={8}>
              <Card size="small">
                <Typography.Text type="secondary">{t('col.grade')}</Typography.Text>
                <div style={{ fontSize: 24, marginTop: 4 }} data-testid="scorecard-grade">
                  {c.grade ? (
                    <Tag color={GRADE_COLOR[c.grade]} style={{ fontSize: 18, padding: '4px 12px' }}>
                      {t(`grade.${c.grade}`)}
                    </Tag>
                  ) : (
                    '—'
                  )}
                </div>
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small">
                <Statistic
                  title={t('col.rank')}
                  value={c.rank ?? '—'}
                  suffix={c.rank ? t('card.rankSuffix', { size: c.groupSize, group: c.groupName }) : undefined}
                  data-testid="scorecard-rank"
                />
              </Card>
            </Col>
          </Row>
          {c.vetoed && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('card.vetoed')}
              description={c.vetoNote}
            />
          )}
          {c.adjustment && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('card.adjustedBy', { by: c.adjustment.by ?? '', at: fmtDateTime(c.adjustment.at) })}
              description={`${t('col.adjustedFrom', { score: c.computedScore?.toFixed(2) })}：${c.adjustment.reason}`}
            />
          )}
          <Typography.Paragraph type="secondary">
            {t('card.howScored', { excellent: c.evaluation.bands.优秀, pass: c.evaluation.bands.合格 })}
          </Typography.Paragraph>
          <Table<ScorecardIndicator>
            rowKey="key"
            size="middle"
            columns={columns}
            dataSource={c.indicators}
            pagination={false}
            scroll={{ x: 900 }}
          />
        </>
      )}
    </div>
  );
}
