// 校本研修达标情况, one county page: per school (plan and summary submitted, activities held and
// flagged, 校培 person-times, hours, spot checks passed/failed, reading salons), per consortium (joint
// showcases required and held) and per core school (送教下乡 done). Year, area, consortium and tab in
// the URL; the .xlsx export carries the same filters; feeds the year-end evaluation.
import { DownloadOutlined, SettingOutlined, WarningFilled } from '@ant-design/icons';
import type { ComplianceConsortium, ComplianceCoreSchool, ComplianceSchool } from '@shixun/common';
import { Button, Card, Col, Empty, Row, Select, Statistic, Table, type TableProps, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtInt, fmtShare } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useAreas, useConsortia } from '../org/org.api';
import { SettingsDrawer } from './SettingsDrawer';
import { exportCompliance, useCompliance } from './school-research.api';
import { fmtDay, PlanStatusTag, thisYear, yearOptions } from './shared';

const TABS = ['schools', 'consortia', 'core'] as const;
const num = (v: number) => fmtInt(v);
const byNum =
  <T,>(k: keyof T) =>
  (a: T, b: T) =>
    Number(a[k]) - Number(b[k]);
const hours = (v: number) => (Number.isInteger(v) ? fmtInt(v) : v.toFixed(1));

export default function CompliancePage() {
  const { t, i18n } = useTranslation('research');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const year = uq.num('year') ?? thisYear();
  const areaId = uq.num('areaId');
  const consortiumId = uq.num('consortiumId');
  const tab = TABS.find((x) => x === uq.str('tab')) ?? 'schools';
  const filters = { year, areaId, consortiumId };
  const q = useCompliance(filters);
  const areas = useAreas(access.countyWide);
  const consortia = useConsortia();
  const [settings, setSettings] = useState(false);
  const d = q.data;

  const schoolCols: TableProps<ComplianceSchool>['columns'] = [
    { title: t('part.school'), dataIndex: 'schoolName', fixed: 'left' },
    { title: t('filter.area'), dataIndex: 'areaName' },
    { title: t('planKind.plan'), dataIndex: 'planStatus', render: (v) => <PlanStatusTag status={v} /> },
    { title: t('planKind.summary'), dataIndex: 'summaryStatus', render: (v) => <PlanStatusTag status={v} /> },
    { title: t('comp.activities'), dataIndex: 'activities', align: 'right', sorter: byNum('activities'), render: num },
    {
      title: t('comp.flagged'),
      dataIndex: 'flagged',
      align: 'right',
      sorter: byNum('flagged'),
      render: (v: number) => (v ? <span style={{ color: '#ad4e00' }}>{fmtInt(v)}</span> : '0'),
    },
    {
      title: t('comp.personTimes'),
      dataIndex: 'personTimes',
      align: 'right',
      sorter: byNum('personTimes'),
      render: num,
    },
    {
      title: t('comp.coverage'),
      key: 'coverage',
      align: 'right',
      render: (_, r) =>
        `${fmtShare(r.teachersTakingPart, r.teacherCount)}（${r.teachersTakingPart}/${r.teacherCount}）`,
    },
    { title: t('comp.hours'), dataIndex: 'hours', align: 'right', sorter: byNum('hours'), render: hours },
    { title: t('comp.checksPassed'), dataIndex: 'spotChecksPassed', align: 'right', render: num },
    {
      title: t('comp.checksFailed'),
      dataIndex: 'spotChecksFailed',
      align: 'right',
      sorter: byNum('spotChecksFailed'),
      render: (v: number) => (v ? <span style={{ color: '#cf1322' }}>{fmtInt(v)}</span> : '0'),
    },
    { title: t('comp.salons'), dataIndex: 'readingSalons', align: 'right', render: num },
  ];
  const consCols: TableProps<ComplianceConsortium>['columns'] = [
    { title: t('comp.consortium'), dataIndex: 'consortiumName', fixed: 'left' },
    { title: t('comp.core'), dataIndex: 'coreSchoolName', render: (v: string | null) => v ?? '—' },
    { title: t('comp.required'), dataIndex: 'required', align: 'right' },
    { title: t('comp.held'), dataIndex: 'held', align: 'right' },
    { title: t('comp.withEvidence'), dataIndex: 'withEvidence', align: 'right' },
    {
      title: t('comp.lastHeld'),
      dataIndex: 'lastHeldAt',
      render: (v: string | null) => (v ? fmtDay(v, i18n.language) : '—'),
    },
    {
      title: t('col.status'),
      dataIndex: 'behind',
      render: (v: boolean) =>
        v ? <Tag color="error">{t('comp.behind')}</Tag> : <Tag color="success">{t('comp.met')}</Tag>,
    },
  ];
  const coreCols: TableProps<ComplianceCoreSchool>['columns'] = [
    { title: t('comp.coreSchool'), dataIndex: 'schoolName', fixed: 'left' },
    { title: t('comp.consortium'), dataIndex: 'consortiumName' },
    { title: t('comp.required'), dataIndex: 'required', align: 'right' },
    { title: t('comp.outreachDone'), dataIndex: 'done', align: 'right' },
    { title: t('comp.outreachActive'), dataIndex: 'inProgress', align: 'right' },
    {
      title: t('col.status'),
      dataIndex: 'behind',
      render: (v: boolean) =>
        v ? <Tag color="error">{t('comp.behind')}</Tag> : <Tag color="success">{t('comp.met')}</Tag>,
    },
  ];
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('comp.empty')} />;
  const rowClass = (r: { behind: boolean }) => (r.behind ? 'row-behind' : '');

  return (
    <div>
      <PageHeader
        title={t('comp.title')}
        sub={t('comp.sub')}
        extra={
          <>
            {access.can('school-research.configure') && (
              <Button icon={<SettingOutlined />} onClick={() => setSettings(true)} data-testid="research-settings">
                {t('settings.title')}
              </Button>
            )}
            <Button
              icon={<DownloadOutlined />}
              onClick={() => exportCompliance(filters)}
              data-testid="compliance-export"
            >
              {t('comp.export')}
            </Button>
          </>
        }
      />
      <FilterBar>
        <Select value={year} options={yearOptions()} onChange={(v) => uq.set({ year: v })} style={{ width: 100 }} />
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
          value={consortiumId}
          placeholder={t('filter.consortium')}
          allowClear
          options={(consortia.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onChange={(v) => uq.set({ consortiumId: v })}
          style={{ width: 180 }}
        />
      </FilterBar>
      {q.error && !d ? (
        <PageError error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="compliance-totals">
            {(
              [
                ['planSubmitted', d ? `${d.totals.planSubmitted}/${d.totals.schools}` : '—'],
                ['summarySubmitted', d ? `${d.totals.summarySubmitted}/${d.totals.schools}` : '—'],
                ['activities', d ? fmtInt(d.totals.activities) : '—'],
                ['personTimes', d ? fmtInt(d.totals.personTimes) : '—'],
                ['hours', d ? hours(d.totals.hours) : '—'],
                ['checks', d ? `${d.totals.spotChecksPassed} / ${d.totals.spotChecksFailed}` : '—'],
                ['consortiaBehind', d ? fmtInt(d.totals.consortiaBehind) : '—'],
                ['coreSchoolsBehind', d ? fmtInt(d.totals.coreSchoolsBehind) : '—'],
              ] as const
            ).map(([k, v]) => (
              <Col key={k} xs={12} sm={8} lg={6} xl={3}>
                <Card size="small" loading={q.isLoading}>
                  <Statistic
                    title={t(`comp.total.${k}`)}
                    value={v}
                    styles={{ content: { fontSize: 20 } }}
                    prefix={
                      (k === 'consortiaBehind' || k === 'coreSchoolsBehind') && d && Number(v) > 0 ? (
                        <WarningFilled style={{ color: '#cf1322' }} />
                      ) : undefined
                    }
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <style>{'.row-behind td { background: #fff2f0 !important; }'}</style>
          <Tabs
            activeKey={tab}
            onChange={(k) => uq.set({ tab: k === 'schools' ? undefined : k })}
            items={[
              {
                key: 'schools',
                label: t('comp.tab.schools', { n: d?.schools.length ?? 0 }),
                children: (
                  <Table<ComplianceSchool>
                    rowKey="schoolId"
                    size="small"
                    columns={schoolCols}
                    dataSource={d?.schools}
                    loading={q.isFetching}
                    scroll={{ x: 'max-content' }}
                    pagination={{ defaultPageSize: 100, showSizeChanger: true, hideOnSinglePage: true }}
                    locale={{ emptyText: q.isLoading ? ' ' : empty }}
                    data-testid="compliance-schools"
                  />
                ),
              },
              {
                key: 'consortia',
                label: t('comp.tab.consortia', { n: d?.totals.consortiaBehind ?? 0 }),
                children: (
                  <Table<ComplianceConsortium>
                    rowKey="consortiumId"
                    size="small"
                    columns={consCols}
                    dataSource={d?.consortia}
                    loading={q.isFetching}
                    rowClassName={rowClass}
                    scroll={{ x: 'max-content' }}
                    pagination={false}
                    locale={{ emptyText: q.isLoading ? ' ' : empty }}
                  />
                ),
              },
              {
                key: 'core',
                label: t('comp.tab.core', { n: d?.totals.coreSchoolsBehind ?? 0 }),
                children: (
                  <Table<ComplianceCoreSchool>
                    rowKey="schoolId"
                    size="small"
                    columns={coreCols}
                    dataSource={d?.coreSchools}
                    loading={q.isFetching}
                    rowClassName={rowClass}
                    scroll={{ x: 'max-content' }}
                    pagination={false}
                    locale={{ emptyText: q.isLoading ? ' ' : empty }}
                    data-testid="compliance-core"
                  />
                ),
              },
            ]}
          />
        </>
      )}
      <SettingsDrawer open={settings} onClose={() => setSettings(false)} />
    </div>
  );
}
