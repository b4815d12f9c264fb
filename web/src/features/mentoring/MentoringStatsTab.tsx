// Counts of 青蓝工程 for a year (docs/metrics.md): pairs, active pairs, activity logs per month and
// 优秀师徒, for the scope and per school; and, for the county, the pairing rules.
import type { MentoringCounts, MentoringSettings } from '@shixun/common';
import { App, Button, Card, Col, Form, InputNumber, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtInt } from '../../components/format';
import { FilterBar } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { thisYear, yearOptions } from '../../components/years';
import { useMentoringSettings, useMentoringStats, useSaveMentoringSettings } from './mentoring.api';

type SchoolRow = MentoringCounts & { schoolId: number; schoolName: string; logsByMonth: number[] };

export function MentoringStatsTab({ canSetRules }: { canSetRules: boolean }) {
  const { t } = useTranslation('mentoring');
  const uq = useUrlQuery();
  const year = uq.num('year') ?? thisYear();
  const stats = useMentoringStats(year);
  const s = stats.data;
  const months = Array.from({ length: 12 }, (_, i) => i);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <FilterBar>
        <Select<number>
          style={{ width: 110 }}
          value={year}
          onChange={(v) => uq.set({ year: v })}
          options={yearOptions(t)}
          aria-label={t('filter.year')}
        />
        <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
          {t('stats.hint')}
        </Typography.Text>
      </FilterBar>
      {stats.isLoading && <PageLoading />}
      {stats.error && !s && <PageError error={stats.error} onRetry={() => stats.refetch()} />}
      {s && (
        <>
          <Row gutter={[12, 12]}>
            {(['pairs', 'active', 'logs', 'excellent'] as const).map((k) => (
              <Col key={k} flex="1 1 140px">
                <Card size="small">
                  <Statistic title={t(`stats.${k}`)} value={s.total[k]} />
                </Card>
              </Col>
            ))}
          </Row>
          <Table<SchoolRow>
            size="small"
            rowKey="schoolId"
            dataSource={s.schools}
            scroll={{ x: 1100 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('stats.empty', { year }) }}
            summary={() =>
              s.schools.length > 1 ? (
                <Table.Summary.Row style={{ fontWeight: 600 }}>
                  <Table.Summary.Cell index={0}>{t('stats.total')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1}>{fmtInt(s.total.pairs)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={2}>{fmtInt(s.total.active)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3}>{fmtInt(s.total.excellent)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4}>{fmtInt(s.total.logs)}</Table.Summary.Cell>
                  {months.map((m) => (
                    <Table.Summary.Cell key={m} index={5 + m}>
                      {s.total.logsByMonth[m] ?? 0}
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              ) : null
            }
            columns={[
              { title: t('col.school'), dataIndex: 'schoolName', fixed: 'left', width: 200 },
              { title: t('stats.pairs'), dataIndex: 'pairs', width: 70 },
              { title: t('stats.active'), dataIndex: 'active', width: 80 },
              { title: t('stats.excellent'), dataIndex: 'excellent', width: 80 },
              { title: t('stats.logs'), dataIndex: 'logs', width: 80 },
              ...months.map((m) => ({
                title: t('stats.month', { m: m + 1 }),
                key: `m${m}`,
                width: 52,
                render: (_: unknown, r: SchoolRow) =>
                  r.logsByMonth[m] || <Typography.Text type="secondary">·</Typography.Text>,
              })),
            ]}
          />
        </>
      )}
      {canSetRules && <RulesCard />}
    </Space>
  );
}

function RulesCard() {
  const { t } = useTranslation('mentoring');
  const { message } = App.useApp();
  const settings = useMentoringSettings();
  const save = useSaveMentoringSettings();
  const [form] = Form.useForm<MentoringSettings>();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  return (
    <Card size="small" title={t('rules.title')}>
      <Typography.Paragraph type="secondary">{t('rules.hint')}</Typography.Paragraph>
      <Form<MentoringSettings>
        form={form}
        layout="inline"
        style={{ rowGap: 8 }}
        onFinish={async (v) => {
          try {
            await save.mutateAsync(v);
            message.success(t('rules.saved'));
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        <Form.Item name="mentorMaxMentees" label={t('rules.mentorMaxMentees')}>
          <InputNumber min={1} max={10} suffix={t('rules.people')} />
        </Form.Item>
        <Form.Item name="menteeMaxYears" label={t('rules.menteeMaxYears')}>
          <InputNumber min={1} max={10} suffix={t('rules.years')} />
        </Form.Item>
        <Form.Item name="menteeMaxAge" label={t('rules.menteeMaxAge')}>
          <InputNumber min={20} max={60} suffix={t('rules.age')} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common:action.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
