// One week's report: totals as cards, then one row per school in scope (and the county's own
// spending for county users); previous/next week and an .xlsx export.
import { ArrowLeftOutlined, DownloadOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { addDays, WEEKLY_FIGURE_KEYS, type WeeklySchoolRow } from '@shixun/common';
import { Button, Card, Col, Row, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { fmtNoticeTime } from '../my/shared';
import { fmtMoney } from './WeeklyReportsPage';
import { exportWeek, useWeeklyReport } from './weekly.api';

export default function WeeklyReportPage() {
  const { t } = useTranslation('weekly');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const weekStart = useParams().weekStart ?? '';
  const report = useWeeklyReport(weekStart);
  const back = (
    <Link to="/weekly-reports" style={{ display: 'inline-block', marginBottom: 12 }}>
      <ArrowLeftOutlined /> {t('back')}
    </Link>
  );
  if (report.isLoading)
    return (
      <div>
        {back}
        <PageLoading />
      </div>
    );
  if (report.error || !report.data)
    return (
      <div>
        {back}
        <PageError error={report.error} onRetry={() => report.refetch()} />
      </div>
    );
  const r = report.data;
  const hint = (k: string) => (k === 'reportBacksOverdue' || k === 'enrolments' ? t(`hints.${k}`) : undefined);

  return (
    <div>
      {back}
      <PageHeader
        title={
          <span>
            {t('title')} · {t('range', { start: r.weekStart, end: r.weekEnd })}{' '}
            {r.live ? <Tag color="processing">{t('live')}</Tag> : <Tag>{t('snapshot')}</Tag>}
          </span>
        }
        sub={`${t('generatedAt')}：${fmtNoticeTime(r.generatedAt)}`}
        extra={
          <>
            <Button icon={<LeftOutlined />} onClick={() => navigate(`/weekly-reports/${addDays(r.weekStart, -7)}`)}>
              {t('prev')}
            </Button>
            <Button
              icon={<RightOutlined />}
              iconPlacement="end"
              disabled={r.live}
              onClick={() => navigate(`/weekly-reports/${addDays(r.weekStart, 7)}`)}
            >
              {t('next')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => exportWeek(r.weekStart)} data-testid="weekly-export">
              {t('export')}
            </Button>
          </>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {WEEKLY_FIGURE_KEYS.map((k) => (
          <Col key={k} xs={12} sm={8} lg={6} xl={3}>
            <Card size="small" style={{ height: '100%' }}>
              <Statistic
                title={
                  <Tooltip title={hint(k)}>
                    <span>{t(`figures.${k}`)}</span>
                  </Tooltip>
                }
                value={k === 'spending' ? fmtMoney(r.totals.spending) : r.totals[k]}
                valueStyle={k === 'reportBacksOverdue' && r.totals[k] > 0 ? { color: '#cf1322' } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {r.countySpending != null && (
        <Typography.Paragraph type="secondary">
          {t('countySpending')}：{fmtMoney(r.countySpending)}
        </Typography.Paragraph>
      )}
      <Table<WeeklySchoolRow>
        rowKey="schoolId"
        size="small"
        dataSource={r.schools}
        scroll={{ x: 990 }}
        pagination={r.schools.length > 50 ? { pageSize: 50, showTotal: (total) => tc('total', { total }) } : false}
        columns={[
          { title: t('area'), dataIndex: 'areaName', width: 100, fixed: 'left' },
          {
            title: t('school'),
            dataIndex: 'schoolName',
            width: 170,
            fixed: 'left',
            sorter: (a, b) => a.schoolName.localeCompare(b.schoolName, 'zh-CN'),
          },
          ...WEEKLY_FIGURE_KEYS.map((k) => ({
            title: t(`figures.${k}`),
            dataIndex: k,
            align: 'right' as const,
            width: k === 'spending' ? 120 : 86,
            sorter: (a: WeeklySchoolRow, b: WeeklySchoolRow) => a[k] - b[k],
            render: (v: number) =>
              k === 'spending' ? (
                fmtMoney(v)
              ) : k === 'reportBacksOverdue' && v > 0 ? (
                <Typography.Text type="danger">{v}</Typography.Text>
              ) : (
                fmtInt(v)
              ),
          })),
        ]}
      />
    </div>
  );
}
