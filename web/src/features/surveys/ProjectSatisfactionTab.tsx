// A project's satisfaction, in its report (the project page's 满意度 tab): how many answered of the
// participants asked, the overall mean and 满意率, each dimension (trainer, content, organisation),
// NPS, and for the county a link to every question's results.
import { Button, Col, Empty, Progress, Row, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtInt, fmtRate } from '../../components/format';
import { useProjectSatisfaction, useSatisfactionTemplate } from './surveys.api';

export function ProjectSatisfactionTab({ projectId, canReadSurveys }: { projectId: number; canReadSurveys: boolean }) {
  const { t } = useTranslation('surveys');
  const navigate = useNavigate();
  const q = useProjectSatisfaction(projectId);
  const template = useSatisfactionTemplate(canReadSurveys);
  if (q.isLoading) return <Skeleton active />;
  const r = q.data?.item;
  if (!r) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('satisfaction.projectNone')} />;
  const templateId = template.data?.template?.id;
  return (
    <div data-testid="project-satisfaction">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('satisfaction.responses')} value={`${fmtInt(r.responses)} / ${fmtInt(r.invited)}`} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('satisfaction.mean')} value={r.mean == null ? '—' : r.mean.toFixed(2)} suffix="/ 5" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('satisfaction.satisfiedRate')} value={fmtRate(r.satisfiedRate)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('satisfaction.nps')} value={r.nps == null ? '—' : Math.round(r.nps)} />
        </Col>
      </Row>
      <div style={{ marginTop: 16, maxWidth: 560 }}>
        {r.dimensions.map((d) => (
          <div key={d.dimension} style={{ marginBottom: 8 }}>
            <div style={{ display: 'flex', justifyContent: 'space-between' }}>
              <span>{t(`dimension.${d.dimension}`, { defaultValue: d.dimension })}</span>
              <Typography.Text type="secondary">
                {d.mean == null ? '—' : d.mean.toFixed(2)} · {fmtRate(d.satisfiedRate)}
              </Typography.Text>
            </div>
            <Progress percent={d.mean == null ? 0 : Math.round((d.mean / 5) * 100)} showInfo={false} />
          </div>
        ))}
      </div>
      {canReadSurveys && templateId && (
        <Button onClick={() => navigate(`/surveys/${templateId}/results?projectId=${projectId}`)}>
          {t('satisfaction.openResults')}
        </Button>
      )}
    </div>
  );
}
