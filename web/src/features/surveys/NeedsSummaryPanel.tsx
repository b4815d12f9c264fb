// The needs summary beside the plan: the training topics teachers asked for most in the year's
// needs surveys, overall and by stage and subject (share of the answers that chose each). Full on
// /surveys/needs, compact in the project form.
import type { NeedsSummary } from '@shixun/common';
import { Card, Col, Empty, Progress, Row, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtInt, fmtRate } from '../../components/format';
import { useNeedsSummary } from './surveys.api';

function Topics({ top, limit }: { top: NeedsSummary['top']; limit: number }) {
  return (
    <div>
      {top.slice(0, limit).map((x) => (
        <div key={x.topic} style={{ marginBottom: 6 }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <span style={{ overflowWrap: 'anywhere' }}>{x.topic}</span>
            <Typography.Text type="secondary" style={{ flex: '0 0 auto' }}>
              {fmtInt(x.count)} · {fmtRate(x.share)}
            </Typography.Text>
          </div>
          <Progress percent={Math.round(x.share * 100)} showInfo={false} size="small" />
        </div>
      ))}
    </div>
  );
}

export function NeedsSummaryPanel({ year, compact = false }: { year: number; compact?: boolean }) {
  const { t } = useTranslation('surveys');
  const q = useNeedsSummary(year);
  if (q.isLoading) return <Skeleton active paragraph={{ rows: 3 }} />;
  const d = q.data;
  if (!d || d.responses === 0)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('needs.none', { year })}
        data-testid="needs-summary-empty"
      />
    );
  const sources = (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
      {t('needs.from', { n: fmtInt(d.responses) })}
      {d.surveys.map((s) => (
        <Link key={s.id} to={`/surveys/${s.id}/results`} style={{ marginLeft: 8 }}>
          {s.title}
        </Link>
      ))}
    </Typography.Paragraph>
  );
  if (compact) {
    return (
      <div data-testid="needs-summary">
        {sources}
        <Topics top={d.top} limit={5} />
        <div style={{ marginTop: 8 }}>
          {d.byStage.map((g) => (
            <div key={g.key} style={{ marginBottom: 4 }}>
              <Typography.Text strong>{t(`common:enum.${g.key}`, { defaultValue: g.key })}：</Typography.Text>
              {g.top.slice(0, 3).map((x) => (
                <Tag key={x.topic}>
                  {x.topic} {fmtRate(x.share)}
                </Tag>
              ))}
            </div>
          ))}
        </div>
      </div>
    );
  }
  return (
    <div data-testid="needs-summary">
      {sources}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('needs.top')}>
            <Topics top={d.top} limit={10} />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('needs.byStage')} style={{ marginBottom: 16 }}>
            <Groups groups={d.byStage} />
          </Card>
          <Card size="small" title={t('needs.bySubject')}>
            <Groups groups={d.bySubject} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function Groups({ groups }: { groups: NeedsSummary['byStage'] }) {
  const { t } = useTranslation('surveys');
  return (
    <Row gutter={[16, 8]}>
      {groups.map((g) => (
        <Col key={g.key} xs={24} md={12}>
          <Typography.Text strong>
            {t(`common:enum.${g.key}`, { defaultValue: g.key })}{' '}
            <Typography.Text type="secondary">{t('needs.answers', { n: fmtInt(g.responses) })}</Typography.Text>
          </Typography.Text>
          <Topics top={g.top} limit={3} />
        </Col>
      ))}
    </Row>
  );
}
