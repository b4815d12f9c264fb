// A survey's results (/surveys/:id/results) in the caller's scope: response rate per school, a
// chart per question (choices, the 1–5 scale with its mean and 满意率, NPS, matrix rows and
// trainers by mean), open answers, a self-assessment's dimensions, a cross-tab by stage, subject,
// school or rural/urban (an anonymous survey hides groups under three answers), and the .xlsx.
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  ANONYMOUS_MIN_CELL,
  CROSS_TAB_BY,
  type CrossTab,
  type CrossTabBy,
  type QuestionResult,
  type SurveyResults,
} from '@shixun/common';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  List,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { accessOf } from '../../access';
import { EchartsBar } from '../../components/EchartsBar';
import { fmtDate, fmtInt, fmtRate } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { KIND_COLOR, STATUS_COLOR } from './shared';
import { exportSurveyResults, useProjectsSatisfaction, useSurveyResults } from './surveys.api';

export default function SurveyResultsPage() {
  const { t } = useTranslation('surveys');
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const by = CROSS_TAB_BY.find((b) => b === uq.str('by'));
  const schoolId = uq.num('schoolId');
  const projectId = uq.num('projectId');
  const results = useSurveyResults(id, { by, schoolId, projectId });
  const r = results.data;
  const satisfaction = r?.survey.kind === 'satisfaction';
  const projects = useProjectsSatisfaction(uq.num('year'), satisfaction);

  if (results.isLoading) return <PageLoading />;
  if (!r) return <PageError error={results.error} onRetry={() => results.refetch()} />;
  const s = r.survey;
  const pickSchool = !access.schoolAdmin;

  return (
    <div>
      <PageHeader
        title={s.title}
        sub={
          <Space size={6} wrap>
            <Tag color={KIND_COLOR[s.kind]}>{t(`kind.${s.kind}`)}</Tag>
            <Tag color={STATUS_COLOR[s.status]}>{t(`status.${s.status}`)}</Tag>
            <span>{t('results.year', { year: s.year })}</span>
            {s.anonymous && <Tag>{t('results.anonymous')}</Tag>}
            {s.closesOn && <span>{t('results.closesOn', { date: fmtDate(s.closesOn) })}</span>}
          </Space>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/surveys')}>
              {t('common:action.back')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => exportSurveyResults(id, { schoolId, projectId })}
              data-testid="survey-results-export"
            >
              {t('results.export')}
            </Button>
          </>
        }
      />
      <FilterBar>
        {pickSchool && (
          <SchoolSelect value={schoolId} allowClear onChange={(v) => uq.set({ schoolId: v })} style={{ width: 240 }} />
        )}
        {satisfaction && (
          <Select
            value={projectId}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('results.allProjects')}
            loading={projects.isLoading}
            options={(projects.data?.items ?? []).map((p) => ({ value: p.projectId, label: p.projectName }))}
            onChange={(v) => uq.set({ projectId: v })}
            style={{ width: 280, maxWidth: '100%' }}
          />
        )}
        <Segmented
          value={by ?? 'none'}
          options={[
            { value: 'none', label: t('results.noCrossTab') },
            ...CROSS_TAB_BY.filter((b) => b !== 'school' || pickSchool).map((b) => ({
              value: b,
              label: t(`results.by.${b}`),
            })),
          ]}
          onChange={(v) => uq.set({ by: v === 'none' ? undefined : v })}
        />
      </FilterBar>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('results.invited')} value={r.invited} formatter={(v) => fmtInt(Number(v))} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('results.responded')} value={r.responded} formatter={(v) => fmtInt(Number(v))} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small">
            <Typography.Text type="secondary">{t('results.rate')}</Typography.Text>
            <Progress percent={Math.round(r.responseRate * 1000) / 10} data-testid="survey-response-rate" />
          </Card>
        </Col>
      </Row>
      {r.responded === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('results.noAnswers')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <SchoolRates r={r} />
          </Col>
          <Col xs={24} xl={14}>
            {r.dimensions.length > 0 && (
              <Card size="small" title={t('results.dimensions')} style={{ marginBottom: 16 }}>
                <EchartsBar
                  categories={r.dimensions.map((d) => d.dimension)}
                  series={[{ name: t('results.mean'), data: r.dimensions.map((d) => d.mean) }]}
                  horizontal
                  height={Math.max(160, r.dimensions.length * 40)}
                />
              </Card>
            )}
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {r.questions.map((q, i) => (
                <QuestionCard key={q.id} q={q} n={i + 1} />
              ))}
            </Space>
          </Col>
          {r.crossTab && (
            <Col xs={24}>
              <CrossTabCard tab={r.crossTab} questions={r.questions} anonymous={s.anonymous} />
            </Col>
          )}
        </Row>
      )}
    </div>
  );
}

function SchoolRates({ r }: { r: SurveyResults }) {
  const { t } = useTranslation('surveys');
  const columns: TableProps<SurveyResults['bySchool'][number]>['columns'] = [
    { title: t('col.school'), dataIndex: 'schoolName', sorter: (a, b) => a.schoolName.localeCompare(b.schoolName) },
    { title: t('results.invited'), dataIndex: 'invited', align: 'right', render: fmtInt },
    { title: t('results.responded'), dataIndex: 'responded', align: 'right', render: fmtInt },
    {
      title: t('results.rate'),
      dataIndex: 'rate',
      defaultSortOrder: 'ascend',
      sorter: (a, b) => a.rate - b.rate,
      render: (v: number) => <Progress percent={Math.round(v * 1000) / 10} size="small" style={{ minWidth: 110 }} />,
    },
  ];
  return (
    <Card size="small" title={t('results.bySchool')}>
      <Table
        rowKey="schoolId"
        size="small"
        columns={columns}
        dataSource={r.bySchool}
        pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

function QuestionCard({ q, n }: { q: QuestionResult; n: number }) {
  const { t } = useTranslation('surveys');
  const extra = (
    <Space size={12} wrap>
      {q.mean != null && <span>{t('results.meanOf', { v: q.mean.toFixed(2), max: q.type === 'nps' ? 10 : 5 })}</span>}
      {q.satisfied != null && <span>{t('results.satisfied', { v: fmtRate(q.satisfied) })}</span>}
      {q.nps != null && <span>{t('results.nps', { v: Math.round(q.nps) })}</span>}
      <Typography.Text type="secondary">{t('results.answered', { n: fmtInt(q.answered) })}</Typography.Text>
    </Space>
  );
  const body = (() => {
    if (q.type === 'text') {
      return q.texts.length ? (
        <List
          size="small"
          dataSource={q.texts}
          style={{ maxHeight: 320, overflow: 'auto' }}
          renderItem={(x) => <List.Item style={{ overflowWrap: 'anywhere' }}>{x}</List.Item>}
        />
      ) : (
        <Typography.Text type="secondary">{t('results.noText')}</Typography.Text>
      );
    }
    if (q.rows.length) {
      return (
        <EchartsBar
          categories={q.rows.map((x) => x.label)}
          series={[{ name: t('results.mean'), data: q.rows.map((x) => x.mean ?? 0) }]}
          horizontal
          height={Math.max(140, q.rows.length * 36)}
        />
      );
    }
    const horizontal = q.type === 'single' || q.type === 'multiple';
    return (
      <EchartsBar
        categories={q.options.map((o) => (q.type === 'rating' ? `${o.value} ${t(`scale.${o.value}`)}` : o.label))}
        series={[{ name: t('results.count'), data: q.options.map((o) => o.count) }]}
        horizontal={horizontal}
        height={horizontal ? Math.max(140, q.options.length * 32) : 220}
      />
    );
  })();
  return (
    <Card
      size="small"
      data-testid={`result-${q.id}`}
      title={
        <Typography.Text strong style={{ whiteSpace: 'normal' }}>
          {n}. {q.title} <Tag style={{ marginLeft: 4 }}>{t(`type.${q.type}`)}</Tag>
        </Typography.Text>
      }
    >
      <div style={{ marginBottom: 8 }}>{extra}</div>
      {body}
    </Card>
  );
}

function CrossTabCard({
  tab,
  questions,
  anonymous,
}: {
  tab: CrossTab;
  questions: QuestionResult[];
  anonymous: boolean;
}) {
  const { t } = useTranslation('surveys');
  const shown = questions.filter((q) => q.type !== 'text');
  const cell = (q: QuestionResult, g: CrossTab['groups'][number]) => {
    if (g.suppressed) return '—';
    const c = g.questions[q.id];
    if (!c) return '—';
    if (c.mean != null) return c.mean.toFixed(2);
    const top = Object.entries(c.options).sort((a, b) => b[1] - a[1])[0];
    if (!top) return '—';
    const label = q.options.find((o) => o.value === top[0])?.label ?? top[0];
    return `${label} ${fmtRate(top[1])}`;
  };
  type G = CrossTab['groups'][number];
  const columns: TableProps<G>['columns'] = [
    { title: t(`results.by.${tab.by as CrossTabBy}`), dataIndex: 'label', fixed: 'left' },
    {
      title: t('results.responded'),
      dataIndex: 'responses',
      align: 'right',
      render: (v: number, g) => (g.suppressed ? t('results.suppressed') : fmtInt(v)),
    },
    ...shown.map((q, i) => ({
      title: (
        <Typography.Text ellipsis={{ tooltip: q.title }} style={{ maxWidth: 160 }}>
          {i + 1}. {q.title}
        </Typography.Text>
      ),
      key: q.id,
      render: (_: unknown, g: G) => cell(q, g),
    })),
  ];
  return (
    <Card size="small" title={t('results.crossTab', { by: t(`results.by.${tab.by}`) })} data-testid="cross-tab">
      {anonymous && (
        <Alert
          type="info"
          showIcon
          title={t('results.suppressHint', { n: ANONYMOUS_MIN_CELL })}
          style={{ marginBottom: 12 }}
        />
      )}
      <Typography.Paragraph type="secondary">{t('results.crossTabHint')}</Typography.Paragraph>
      <Table<G>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={tab.groups}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}
