// The county (or the caller's area / consortium / school) at a glance: KPI cards, teachers by
// school type, stage, title, age, honour and subject (the county's own dictionaries), and the
// degree-attainment table of the county's yearly report.

import type { Overview } from '@shixun/common';
import {
  Button,
  Card,
  Col,
  Empty,
  Row,
  Select,
  Skeleton,
  Statistic,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { EchartsBar } from '../../components/EchartsBar';
import { fmtInt, fmtRate, fmtShare } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAreas, useConsortia, useSchoolOptions } from '../org/org.api';
import { useOverview } from './dashboard.api';

type DegreeRow = Overview['degreeAttainment'][number];

export default function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const navigate = useNavigate();
  const me = useMe().data;
  const access = accessOf(me);
  const uq = useUrlQuery();
  const scope = { areaId: uq.num('areaId'), consortiumId: uq.num('consortiumId'), schoolId: uq.num('schoolId') };
  const overview = useOverview(scope);
  // Scope pickers: county-wide roles choose any area/consortium/school; an area admin its schools.
  const pickAreas = access.countyWide;
  const pickSchools = access.countyWide || access.role === 'area_admin';
  const areas = useAreas(pickAreas);
  const consortia = useConsortia(pickAreas);
  const schools = useSchoolOptions(pickSchools);
  const te = (v: string) => t(`common:enum.${v}`, { defaultValue: v });

  const scopeName =
    (scope.schoolId && schools.data?.find((s) => s.id === scope.schoolId)?.name) ||
    (scope.areaId && areas.data?.items.find((a) => a.id === scope.areaId)?.name) ||
    (scope.consortiumId && consortia.data?.items.find((c) => c.id === scope.consortiumId)?.name) ||
    me?.schoolName ||
    me?.consortiumName ||
    me?.areaName ||
    me?.regionName;

  const pickers = (pickAreas || pickSchools) && (
    <FilterBar>
      {pickAreas && (
        <Select
          value={scope.areaId}
          placeholder={t('allAreas')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
          onChange={(v) => uq.set({ areaId: v, consortiumId: undefined, schoolId: undefined })}
          style={{ width: 160 }}
        />
      )}
      {pickAreas && (
        <Select
          value={scope.consortiumId}
          placeholder={t('allConsortia')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={(consortia.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onChange={(v) => uq.set({ consortiumId: v, areaId: undefined, schoolId: undefined })}
          style={{ width: 180 }}
        />
      )}
      {pickSchools && (
        <Select
          value={scope.schoolId}
          placeholder={t('allSchools')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          onChange={(v) => uq.set({ schoolId: v, areaId: undefined, consortiumId: undefined })}
          style={{ width: 220, maxWidth: '100%' }}
        />
      )}
    </FilterBar>
  );

  const header = <PageHeader title={t('title')} sub={scopeName ? t('scope', { name: scopeName }) : undefined} />;

  if (overview.isLoading)
    return (
      <div>
        {header}
        {pickers}
        <Skeleton active paragraph={{ rows: 10 }} />
      </div>
    );
  if (overview.error || !overview.data)
    return (
      <div>
        {header}
        {pickers}
        <PageError error={overview.error} onRetry={() => overview.refetch()} />
      </div>
    );

  const o = overview.data;
  if (o.schoolCount === 0 && o.teacherCount === 0)
    return (
      <div>
        {header}
        {pickers}
        <Card>
          <Empty description={t('empty')}>
            {access.manageSchools && (
              <Button type="primary" onClick={() => navigate('/import/schools')}>
                {t('importSchools')}
              </Button>
            )}{' '}
            {access.writeRoster && <Button onClick={() => navigate('/import/teachers')}>{t('importTeachers')}</Button>}
          </Empty>
        </Card>
      </div>
    );

  const kpis = [
    { key: 'schools', value: fmtInt(o.schoolCount), to: '/schools' },
    { key: 'teachers', value: fmtInt(o.teacherCount), to: '/teachers' },
    { key: 'areas', value: fmtInt(o.areaCount), to: '/areas' },
    { key: 'consortia', value: fmtInt(o.consortiumCount), to: '/consortia' },
    { key: 'rural', value: fmtRate(o.ruralShare) },
  ];

  const total = o.degreeAttainment.reduce(
    (s, d) => ({
      teachers: s.teachers + d.teachers,
      jc: s.jc + d.juniorCollegePlus,
      ba: s.ba + d.bachelorPlus,
      pg: s.pg + d.postgraduate,
    }),
    { teachers: 0, jc: 0, ba: 0, pg: 0 },
  );
  // Shares from the counts themselves, one decimal, as the county's report prints them.
  const share = (n: number, d: DegreeRow) => (
    <span>
      {fmtShare(n, d.teachers)}
      <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
        {fmtInt(n)}
      </Typography.Text>
    </span>
  );
  const degreeColumns: TableProps<DegreeRow>['columns'] = [
    { title: t('degree.stage'), dataIndex: 'stage', render: te },
    { title: t('degree.teachers'), dataIndex: 'teachers', align: 'right', render: fmtInt },
    {
      title: t('degree.juniorCollegePlus'),
      dataIndex: 'juniorCollegePlus',
      align: 'right',
      render: (n: number, d) => share(n, d),
    },
    {
      title: t('degree.bachelorPlus'),
      dataIndex: 'bachelorPlus',
      align: 'right',
      render: (n: number, d) => share(n, d),
    },
    {
      title: t('degree.postgraduate'),
      dataIndex: 'postgraduate',
      align: 'right',
      render: (n: number, d) => share(n, d),
    },
  ];

  return (
    <div>
      {header}
      {pickers}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))',
          gap: 16,
          marginBottom: 16,
        }}
      >
        {kpis.map((k) => (
          <Card
            key={k.key}
            size="small"
            hoverable={Boolean(k.to)}
            onClick={k.to ? () => navigate(k.to) : undefined}
            data-testid={`kpi-${k.key}`}
          >
            <Statistic title={t(`kpi.${k.key}`)} value={k.value} />
          </Card>
        ))}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('chart.bySchoolType')} size="small">
            <EchartsBar
              categories={o.bySchoolType.map((x) => te(x.type))}
              series={[
                { name: t('chart.teachers'), data: o.bySchoolType.map((x) => x.teachers), color: '#1f6feb' },
                { name: t('chart.schools'), data: o.bySchoolType.map((x) => x.schools), axis: 1, color: '#f5a623' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('chart.byStage')} size="small">
            <EchartsBar
              categories={o.byStage.map((x) => te(x.stage))}
              series={[{ name: t('chart.teachers'), data: o.byStage.map((x) => x.teachers), color: '#1f6feb' }]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('chart.byTitle')} size="small">
            <EchartsBar
              horizontal
              categories={o.byTitle.map((x) => t(`band.${x.title}`, { defaultValue: te(x.title) }))}
              series={[{ name: t('chart.teachers'), data: o.byTitle.map((x) => x.teachers), color: '#13a8a8' }]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('chart.byAgeBand')} size="small">
            <EchartsBar
              categories={o.byAgeBand.map((x) => t(`band.${x.band}`, { defaultValue: x.band }))}
              series={[{ name: t('chart.teachers'), data: o.byAgeBand.map((x) => x.teachers), color: '#7265e6' }]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          {/* The county's own categories (数据字典) with their level: a new 骨干类别 shows up as itself. */}
          <Card title={t('chart.byHonour')} size="small" data-testid="chart-honour">
            <Table<Overview['byHonour'][number]>
              rowKey="value"
              size="small"
              pagination={false}
              dataSource={o.byHonour}
              scroll={{ y: 300 }}
              columns={[
                { title: t('honour.value'), dataIndex: 'value' },
                {
                  title: t('honour.level'),
                  dataIndex: 'level',
                  width: 96,
                  render: (l: string | null) => (l ? <Tag color="gold">{l}</Tag> : '—'),
                },
                { title: t('honour.teachers'), dataIndex: 'teachers', align: 'right', width: 88, render: fmtInt },
              ]}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chart.noHonour')} /> }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('chart.bySubject')} size="small">
            <EchartsBar
              horizontal
              height={Math.max(220, o.bySubject.length * 22 + 60)}
              categories={o.bySubject.map((x) => te(x.subject))}
              series={[{ name: t('chart.teachers'), data: o.bySubject.map((x) => x.teachers), color: '#389e0d' }]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card
            title={t('degree.title')}
            size="small"
            extra={<Typography.Text type="secondary">{t('degree.note')}</Typography.Text>}
          >
            <Table<DegreeRow>
              rowKey="stage"
              size="small"
              columns={degreeColumns}
              dataSource={o.degreeAttainment}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('degree.empty')} /> }}
              summary={() =>
                o.degreeAttainment.length > 1 ? (
                  <Table.Summary.Row style={{ fontWeight: 600 }}>
                    <Table.Summary.Cell index={0}>{t('degree.total')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {fmtInt(total.teachers)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      {fmtShare(total.jc, total.teachers)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right">
                      {fmtShare(total.ba, total.teachers)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right">
                      {fmtShare(total.pg, total.teachers)}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                ) : null
              }
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
