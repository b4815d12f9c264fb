// One year-end evaluation (/evaluations/:id): compute → review → manual scores with evidence →
// adjust with a reason → publish (or withdraw with a reason). The ranking per group (ties share a
// rank), each indicator's value for county-wide readers, flags for adjusted and vetoed schools,
// .xlsx and print. A school admin sees its own row until the ranking is published.
import {
  CalculatorOutlined,
  DownloadOutlined,
  EditOutlined,
  PrinterOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { type EvaluationResult, type Grade, isManualKey } from '@shixun/common';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { accessOf } from '../../access';
import { fmtDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { exportRanking, useEvaluation, useEvaluationAction, useResults } from './evaluations.api';
import { SchoolScoreDrawer } from './SchoolScoreDrawer';
import { EVALUATION_STATUS_COLOR, GRADE_COLOR } from './shared';

export default function EvaluationPage() {
  const { t } = useTranslation('evaluations');
  const { message, modal } = App.useApp();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const me = useMe().data;
  const access = accessOf(me);
  const manage = access.can('evaluations.manage');
  const uq = useUrlQuery();
  const e = useEvaluation(id);
  const computed = e.data && e.data.status !== 'draft';
  const results = useResults(id, !!computed);
  const act = useEvaluationAction(id);
  const [open, setOpen] = useState<EvaluationResult | null>(null);

  if (e.isLoading) return <PageLoading />;
  if (!e.data) return <PageError error={e.error} onRetry={() => e.refetch()} />;
  const ev = e.data;
  const published = ev.status === 'published';
  const items = results.data?.items ?? [];
  const groups = [...new Set(items.map((x) => x.groupName))];
  const group = groups.includes(uq.str('group') ?? '') ? uq.str('group')! : groups[0];
  const shown = items.filter((x) => x.groupName === group);
  const countyWide = access.countyWide;

  const run = (action: 'compute' | 'publish') => {
    const go = () =>
      act.mutateAsync({ action }).then(
        () => message.success(t(`page.${action}d`)),
        (err: Error) => message.error(err.message),
      );
    if (action === 'compute' && ev.status === 'draft') return void go();
    modal.confirm({ title: t(`page.confirm.${action}`), content: t(`page.confirm.${action}Hint`), onOk: go });
  };

  const unpublish = () => {
    let reason = '';
    modal.confirm({
      title: t('page.confirm.unpublish'),
      content: (
        <Input.TextArea
          autoSize={{ minRows: 2 }}
          placeholder={t('page.reason')}
          onChange={(x) => {
            reason = x.target.value;
          }}
          aria-label={t('page.reason')}
        />
      ),
      onOk: () =>
        act.mutateAsync({ action: 'unpublish', reason }).then(
          () => message.success(t('page.unpublished')),
          (err: Error) => {
            message.error(err.message);
            throw err;
          },
        ),
    });
  };

  const columns: TableProps<EvaluationResult>['columns'] = [
    { title: t('col.rank'), dataIndex: 'rank', width: 70, align: 'center', fixed: 'left' },
    {
      title: t('col.school'),
      dataIndex: 'schoolName',
      fixed: 'left',
      render: (v: string, r) =>
        countyWide || r.schoolId === me?.schoolId ? (
          <Link to={`/evaluations/${id}/schools/${r.schoolId}`} data-testid={`scorecard-link-${r.schoolId}`}>
            {v}
          </Link>
        ) : (
          v
        ),
    },
    {
      title: t('col.type'),
      dataIndex: 'schoolType',
      render: (v: string) => t(`common:enum.${v}`, { defaultValue: v }),
    },
    {
      title: t('col.score'),
      dataIndex: 'score',
      align: 'right',
      render: (v: number, r) => (
        <Space size={4}>
          {r.adjusted && (
            <Tooltip title={t('col.adjustedFrom', { score: r.computedScore.toFixed(2) })}>
              <Tag color="orange">{t('col.adjusted')}</Tag>
            </Tooltip>
          )}
          <Typography.Text strong>{v.toFixed(2)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('col.grade'),
      dataIndex: 'grade',
      render: (g: Grade, r) => (
        <Space size={4}>
          <Tag color={GRADE_COLOR[g]}>{t(`grade.${g}`)}</Tag>
          {r.vetoed && <Tag color="red">{t('col.vetoed')}</Tag>}
        </Space>
      ),
    },
    ...(countyWide
      ? ev.indicators.map((i) => ({
          title: (
            <Tooltip title={t('col.weight', { w: i.weight })}>
              <span>{i.label}</span>
            </Tooltip>
          ),
          key: i.key,
          align: 'right' as const,
          render: (_: unknown, r: EvaluationResult) => {
            const v = r.values[i.key];
            if (v == null)
              return (
                <Typography.Text type="secondary">
                  {isManualKey(i.key) ? t('col.unscored') : t('col.na')}
                </Typography.Text>
              );
            return v.toFixed(1);
          },
        }))
      : []),
    ...(manage && !published
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, r: EvaluationResult) => (
              <Button type="link" size="small" onClick={() => setOpen(r)} data-testid={`score-${r.schoolId}`}>
                {t('page.scoreAdjust')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const counts = (g: string | undefined) => {
    const list = g ? items.filter((x) => x.groupName === g) : items;
    return {
      优秀: list.filter((x) => x.grade === '优秀').length,
      合格: list.filter((x) => x.grade === '合格').length,
      不合格: list.filter((x) => x.grade === '不合格').length,
    };
  };

  return (
    <div>
      <PageHeader
        title={ev.name}
        sub={
          <Space size={6} wrap>
            <Tag color={EVALUATION_STATUS_COLOR[ev.status]} data-testid="evaluation-status">
              {t(`status.${ev.status}`)}
            </Tag>
            {ev.computedAt && <span>{t('page.computedAt', { at: fmtDateTime(ev.computedAt) })}</span>}
            {ev.publishedAt && <span>{t('page.publishedAt', { at: fmtDateTime(ev.publishedAt) })}</span>}
          </Space>
        }
        extra={
          <>
            {manage && !published && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/evaluations/${id}/edit`)}>
                {t('page.editRubric')}
              </Button>
            )}
            {manage && !published && (
              <Button
                icon={<CalculatorOutlined />}
                onClick={() => run('compute')}
                loading={act.isPending && act.variables?.action === 'compute'}
                data-testid="evaluation-compute"
              >
                {ev.status === 'draft' ? t('page.compute') : t('page.recompute')}
              </Button>
            )}
            {manage && ev.status === 'computed' && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={() => run('publish')}
                disabled={ev.manualMissing > 0}
                data-testid="evaluation-publish"
              >
                {t('page.publish')}
              </Button>
            )}
            {manage && published && (
              <Button icon={<RollbackOutlined />} onClick={unpublish}>
                {t('page.unpublish')}
              </Button>
            )}
            {computed && (countyWide || published) && (
              <>
                <Button icon={<DownloadOutlined />} onClick={() => exportRanking(id)} data-testid="ranking-export">
                  {t('page.export')}
                </Button>
                <Button icon={<PrinterOutlined />} onClick={() => navigate(`/evaluations/${id}/print`)}>
                  {t('page.print')}
                </Button>
              </>
            )}
          </>
        }
      />
      {manage && ev.manualMissing > 0 && ev.status === 'computed' && (
        <Alert
          type="warning"
          showIcon
          title={t('page.manualMissing', { n: ev.manualMissing })}
          style={{ marginBottom: 16 }}
        />
      )}
      {!computed ? (
        <Card>
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={manage ? t('page.notComputedManage') : t('page.notComputed')}
          />
        </Card>
      ) : results.error && !results.data ? (
        <PageError error={results.error} onRetry={() => results.refetch()} />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('page.schools')} value={countyWide ? ev.schools : items.length} />
              </Card>
            </Col>
            {(['优秀', '合格', '不合格'] as const).map((g) => (
              <Col xs={12} md={6} key={g}>
                <Card size="small">
                  <Statistic
                    title={t(`grade.${g}`)}
                    value={countyWide ? ev.grades[g] : counts(undefined)[g]}
                    styles={{
                      content: {
                        color:
                          g === '不合格' && (countyWide ? ev.grades[g] : counts(undefined)[g]) > 0
                            ? '#cf1322'
                            : g === '优秀'
                              ? '#237804'
                              : undefined,
                      },
                    }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small">
            <Space wrap style={{ marginBottom: 12 }}>
              {groups.length > 1 && (
                <Segmented
                  value={group}
                  options={groups.map((g) => ({
                    value: g,
                    label: `${g}（${items.filter((x) => x.groupName === g).length}）`,
                  }))}
                  onChange={(v) => uq.set({ group: v })}
                />
              )}
              {group && <Typography.Text type="secondary">{t('page.groupCounts', counts(group))}</Typography.Text>}
            </Space>
            <Typography.Paragraph type="secondary">
              {t('page.bandsHint', {
                excellent: ev.bands.优秀,
                pass: ev.bands.合格,
                quota: ev.excellentQuota ? t('page.quota', { n: ev.excellentQuota }) : '',
              })}
            </Typography.Paragraph>
            <Table<EvaluationResult>
              rowKey="schoolId"
              size="middle"
              columns={columns}
              dataSource={shown}
              loading={results.isFetching}
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('page.noResults')} /> }}
            />
          </Card>
        </>
      )}
      {open && <SchoolScoreDrawer evaluation={ev} result={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
