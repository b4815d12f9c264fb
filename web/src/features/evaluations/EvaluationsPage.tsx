// 年度考评 (/evaluations): the county's evaluations by year — status, schools, how many 优秀/合格/
// 不合格, manual scores still missing — with the rubric to create; a school admin sees the computed
// and published ones and goes to its own scorecard.
import { PlusOutlined } from '@ant-design/icons';
import type { Evaluation } from '@shixun/common';
import { App, Button, Empty, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtDateTime } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useDeleteEvaluation, useEvaluations } from './evaluations.api';
import { EVALUATION_STATUS_COLOR } from './shared';

const thisYear = () => new Date().getFullYear();

export default function EvaluationsPage() {
  const { t } = useTranslation('evaluations');
  const { message, modal } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const manage = access.can('evaluations.manage');
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const year = uq.num('year');
  const list = useEvaluations(year);
  const del = useDeleteEvaluation();
  const ownSchool = access.schoolAdmin ? me?.schoolId : null;

  const remove = (e: Evaluation) =>
    modal.confirm({
      title: t('list.deleteConfirm', { name: e.name }),
      okButtonProps: { danger: true },
      onOk: () =>
        del.mutateAsync(e.id).then(
          () => message.success(t('list.deleted')),
          (err: Error) => message.error(err.message),
        ),
    });

  const columns: TableProps<Evaluation>['columns'] = [
    { title: t('field.year'), dataIndex: 'year', width: 80 },
    {
      title: t('field.name'),
      dataIndex: 'name',
      render: (v: string, e) => (
        <Link
          to={ownSchool ? `/evaluations/${e.id}/schools/${ownSchool}` : `/evaluations/${e.id}`}
          data-testid={`evaluation-${e.id}`}
        >
          {v}
        </Link>
      ),
    },
    {
      title: t('list.status'),
      dataIndex: 'status',
      render: (s: Evaluation['status'], e) => (
        <Space size={4} wrap>
          <Tag color={EVALUATION_STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag>
          {manage && s === 'computed' && e.manualMissing > 0 && (
            <Tag color="orange">{t('list.manualMissing', { n: e.manualMissing })}</Tag>
          )}
        </Space>
      ),
    },
    ...(access.countyWide
      ? [
          {
            title: t('list.results'),
            key: 'grades',
            render: (_: unknown, e: Evaluation) =>
              e.status === 'draft' ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : (
                t('list.gradeCounts', { n: e.schools, ...e.grades })
              ),
          },
        ]
      : []),
    {
      title: t('list.updated'),
      key: 'at',
      render: (_, e) => fmtDateTime(e.publishedAt ?? e.computedAt ?? e.createdAt),
    },
    {
      title: t('common:action.operations'),
      key: 'actions',
      render: (_, e) => (
        <Space size={0} wrap>
          {ownSchool ? (
            <Button type="link" size="small" onClick={() => navigate(`/evaluations/${e.id}/schools/${ownSchool}`)}>
              {t('list.myCard')}
            </Button>
          ) : (
            <Button type="link" size="small" onClick={() => navigate(`/evaluations/${e.id}`)}>
              {t('common:action.view')}
            </Button>
          )}
          {ownSchool && e.status === 'published' && (
            <Button type="link" size="small" onClick={() => navigate(`/evaluations/${e.id}`)}>
              {t('list.ranking')}
            </Button>
          )}
          {manage && e.status !== 'published' && (
            <Button type="link" size="small" onClick={() => navigate(`/evaluations/${e.id}/edit`)}>
              {t('list.editRubric')}
            </Button>
          )}
          {manage && e.status !== 'published' && (
            <Button type="link" size="small" danger onClick={() => remove(e)}>
              {t('common:action.delete')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('list.title')}
        sub={t('list.sub')}
        extra={
          manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/evaluations/new')}
              data-testid="evaluation-create"
            >
              {t('list.create')}
            </Button>
          )
        }
      />
      <FilterBar>
        <Select
          value={year}
          placeholder={t('field.year')}
          allowClear
          options={Array.from({ length: 6 }, (_, i) => thisYear() - i).map((y) => ({ value: y, label: y }))}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 120 }}
        />
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Evaluation>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={manage ? t('list.emptyManage') : t('list.empty')}
              />
            ),
          }}
        />
      )}
    </div>
  );
}
