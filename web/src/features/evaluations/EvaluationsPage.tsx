// 年度考评 (/evaluations): the county's evaluations by year — status, schools, how many 优秀/合格/
// 不合格, manual scores still missing — with the rubric to create; a school admin sees the computed
// and published ones and goes to its own scorecard. On the list page (year in the URL, paged in the
// browser: a county has a few a year).
import { PlusOutlined } from '@ant-design/icons';
import type { Evaluation } from '@shixun/common';
import { App, Button, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtDateTime } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useMe } from '../auth/auth.api';
import { useDeleteEvaluation, useEvaluations } from './evaluations.api';
import { EVALUATION_STATUS_COLOR } from './shared';

const thisYear = () => new Date().getFullYear();
const useEvaluationList = (p: { year?: number }) => useEvaluations(p.year);

export default function EvaluationsPage() {
  const { t } = useTranslation('evaluations');
  const { message, modal } = App.useApp();
  const me = useMe().data;
  const access = accessOf(me);
  const manage = access.can('evaluations.manage');
  const navigate = useNavigate();
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

  const actionsOf = (e: Evaluation) => (
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
  );

  const columns: ListColumn<Evaluation>[] = [
    { key: 'year', title: t('field.year'), dataIndex: 'year', width: 80 },
    {
      key: 'name',
      title: t('field.name'),
      dataIndex: 'name',
      locked: true,
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
      key: 'status',
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
      locked: true,
      render: (_, e) => actionsOf(e),
    },
  ];

  // On a phone each evaluation is a card: year and status, its name, the grades, the actions.
  const phoneCard = (e: Evaluation) => (
    <div>
      <Space size={4} wrap style={{ marginBottom: 2 }}>
        <Tag style={{ marginInlineEnd: 0 }}>{e.year}</Tag>
        <Tag color={EVALUATION_STATUS_COLOR[e.status]} style={{ marginInlineEnd: 0 }}>
          {t(`status.${e.status}`)}
        </Tag>
      </Space>
      <div>
        <Link
          to={ownSchool ? `/evaluations/${e.id}/schools/${ownSchool}` : `/evaluations/${e.id}`}
          data-testid={`evaluation-${e.id}`}
        >
          {e.name}
        </Link>
      </div>
      {access.countyWide && e.status !== 'draft' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('list.gradeCounts', { n: e.schools, ...e.grades })}
        </Typography.Text>
      )}
      <div style={{ marginInlineStart: -8 }}>{actionsOf(e)}</div>
    </div>
  );

  return (
    <ListPage<Evaluation>
      id="evaluations"
      title={t('list.title')}
      sub={t('list.sub')}
      actions={
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
      filters={[
        {
          type: 'select',
          name: 'year',
          label: t('field.year'),
          width: 120,
          options: Array.from({ length: 6 }, (_, i) => thisYear() - i).map((y) => ({
            value: String(y),
            label: String(y),
          })),
        },
      ]}
      toParams={(v) => ({ year: Number(v.year) || undefined })}
      useList={useEvaluationList}
      paging="client"
      columns={columns}
      rowKey={(e) => e.id}
      phoneRender={phoneCard}
      empty={{ none: manage ? t('list.emptyManage') : t('list.empty') }}
    />
  );
}
