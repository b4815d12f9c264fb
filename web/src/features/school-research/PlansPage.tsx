// 校本研修计划与总结. A school admin sees their school's plan and summary of a school year (start from
// the template, edit, submit, print). The county and coordinators see every school in scope with the
// state of both, filter to who has not submitted (in the URL), and open one to review it.
import { FileAddOutlined, PrinterOutlined } from '@ant-design/icons';
import { type PlanOverview, RESEARCH_PLAN_KINDS, type ResearchPlanKind } from '@shixun/common';
import { App, Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, type TableProps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAreas } from '../org/org.api';
import { fetchPlanTemplate, useCreatePlan, usePlanOverview } from './school-research.api';
import { fmtStamp, PlanStatusTag, schoolYearOptions, thisSchoolYear } from './shared';

type OverviewRow = PlanOverview['items'][number];

export default function PlansPage() {
  const { t } = useTranslation('research');
  const me = useMe().data;
  const access = accessOf(me);
  const uq = useUrlQuery();
  const schoolYear = uq.num('schoolYear') ?? thisSchoolYear();
  const missing = RESEARCH_PLAN_KINDS.find((k) => k === uq.str('missing'));
  const areaId = uq.num('areaId');
  const overview = usePlanOverview({ schoolYear, areaId, missing });
  const areas = useAreas(access.countyWide);
  const own = access.schoolAdmin;

  const yearSelect = (
    <Select
      value={schoolYear}
      options={schoolYearOptions()}
      onChange={(v) => uq.set({ schoolYear: v })}
      style={{ width: 140 }}
      aria-label={t('plans.schoolYear')}
    />
  );

  return (
    <div>
      <PageHeader title={t('plans.title')} sub={own ? t('plans.subSchool') : t('plans.subCounty')} />
      <FilterBar>
        {yearSelect}
        {!own && (
          <>
            {access.countyWide && (
              <Select
                value={areaId}
                placeholder={t('filter.area')}
                allowClear
                options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
                onChange={(v) => uq.set({ areaId: v })}
                style={{ width: 140 }}
              />
            )}
            <Select
              value={missing}
              placeholder={t('plans.missingFilter')}
              allowClear
              options={RESEARCH_PLAN_KINDS.map((k) => ({ value: k, label: t(`plans.missing.${k}`) }))}
              onChange={(v) => uq.set({ missing: v })}
              style={{ width: 170 }}
              data-testid="plans-missing"
            />
          </>
        )}
      </FilterBar>
      {overview.error && !overview.data ? (
        <PageError error={overview.error} onRetry={() => overview.refetch()} />
      ) : !overview.data ? (
        <PageLoading />
      ) : own ? (
        <OwnPlans row={overview.data.items[0]} schoolYear={schoolYear} schoolId={me?.schoolId ?? 0} />
      ) : (
        <CountyOverview data={overview.data} loading={overview.isFetching} filtered={!!missing || !!areaId} />
      )}
    </div>
  );
}

/** The school's own plan and summary of the year as two cards. */
function OwnPlans({
  row,
  schoolYear,
  schoolId,
}: {
  row: OverviewRow | undefined;
  schoolYear: number;
  schoolId: number;
}) {
  const { t, i18n } = useTranslation('research');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreatePlan();

  const start = async (kind: ResearchPlanKind) => {
    try {
      const tpl = await fetchPlanTemplate(kind, schoolYear);
      const r = await create.mutateAsync({ schoolId, schoolYear, kind, ...tpl, attachmentIds: [] });
      navigate(`/school-research/plans/${r.id}`);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Row gutter={[16, 16]}>
      {RESEARCH_PLAN_KINDS.map((kind) => {
        const cell = row?.[kind];
        return (
          <Col key={kind} xs={24} md={12}>
            <Card
              title={t(`planKind.${kind}`)}
              extra={cell && cell.status !== 'none' ? <PlanStatusTag status={cell.status} /> : null}
              data-testid={`own-${kind}`}
            >
              <Typography.Paragraph type="secondary">{t(`plans.about.${kind}`)}</Typography.Paragraph>
              {cell?.id ? (
                <Space wrap>
                  <Button type="primary" onClick={() => navigate(`/school-research/plans/${cell.id}`)}>
                    {cell.status === 'draft' || cell.status === 'returned' ? t('plans.continue') : t('plans.view')}
                  </Button>
                  <Button
                    icon={<PrinterOutlined />}
                    onClick={() => navigate(`/school-research/plans/${cell.id}/print`)}
                  >
                    {t('plans.print')}
                  </Button>
                  {cell.submittedAt && (
                    <Typography.Text type="secondary">
                      {t('plans.submittedAt', { at: fmtStamp(cell.submittedAt, i18n.language) })}
                    </Typography.Text>
                  )}
                </Space>
              ) : (
                <Button
                  type="primary"
                  icon={<FileAddOutlined />}
                  loading={create.isPending}
                  onClick={() => start(kind)}
                  data-testid={`plan-start-${kind}`}
                >
                  {t('plans.start')}
                </Button>
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

function CountyOverview({ data, loading, filtered }: { data: PlanOverview; loading: boolean; filtered: boolean }) {
  const { t } = useTranslation('research');
  const c = data.counts;
  const cell = (kind: ResearchPlanKind) => (_: unknown, r: OverviewRow) => {
    const x = r[kind];
    return x.id ? (
      <Link to={`/school-research/plans/${x.id}`} data-testid={`plan-${kind}-${r.schoolId}`}>
        <PlanStatusTag status={x.status} />
      </Link>
    ) : (
      <PlanStatusTag status="none" />
    );
  };
  const columns: TableProps<OverviewRow>['columns'] = [
    { title: t('part.school'), dataIndex: 'schoolName', fixed: 'left' },
    { title: t('filter.area'), dataIndex: 'areaName' },
    { title: t('planKind.plan'), key: 'plan', render: cell('plan') },
    { title: t('planKind.summary'), key: 'summary', render: cell('summary') },
  ];
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(
          [
            ['schools', c.schools],
            ['planSubmitted', c.planSubmitted],
            ['summarySubmitted', c.summarySubmitted],
            ['waitingReview', c.waitingReview],
          ] as const
        ).map(([k, v]) => (
          <Col key={k} xs={12} md={6}>
            <Card size="small">
              <Statistic title={t(`plans.count.${k}`)} value={fmtInt(v)} />
            </Card>
          </Col>
        ))}
      </Row>
      <Table<OverviewRow>
        rowKey="schoolId"
        size="middle"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        scroll={{ x: 'max-content' }}
        pagination={{ defaultPageSize: 50, showSizeChanger: true, hideOnSinglePage: true }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={filtered ? t('plans.emptyFiltered') : t('plans.empty')}
            />
          ),
        }}
      />
    </>
  );
}
