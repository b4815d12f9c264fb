// 问卷 for admins: needs surveys, competency self-assessments and the county's satisfaction
// template, with how many were asked and answered in the caller's scope. Filters and page in the
// URL, .xlsx export by the same filters; the county drafts, publishes, closes, copies and deletes.
import { DownloadOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { SURVEY_KINDS, SURVEY_STATUSES, type SurveyKind, type SurveyListItem, type SurveyStatus } from '@shixun/common';
import { App, Button, Empty, Progress, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { KIND_COLOR, STATUS_COLOR } from './shared';
import { exportSurveys, useSurveyAction, useSurveys } from './surveys.api';

const thisYear = () => new Date().getFullYear();

export default function SurveysPage() {
  const { t } = useTranslation('surveys');
  const { message, modal } = App.useApp();
  const access = accessOf(useMe().data);
  const manage = access.can('surveys.manage');
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const kind = SURVEY_KINDS.find((k) => k === uq.str('kind'));
  const status = SURVEY_STATUSES.find((s) => s === uq.str('status'));
  const year = uq.num('year');
  const list = useSurveys({ page, pageSize, kind, status, year });
  const act = useSurveyAction();
  const filtered = !!(kind || status || year);

  const run = (r: SurveyListItem, action: 'publish' | 'close' | 'copy' | 'delete') => {
    const go = () =>
      act.mutateAsync({ id: r.id, action }).then(
        (res) => {
          if (action === 'publish') message.success(t('list.published', { n: fmtInt(res.invited ?? 0) }));
          else if (action === 'copy') {
            message.success(t('list.copied'));
            navigate(`/surveys/${res.id}/edit`);
          } else message.success(t(`list.${action}d`));
        },
        (e: Error) => message.error(e.message),
      );
    if (action === 'copy') return void go();
    modal.confirm({
      title: t(`list.confirm.${action}`, { title: r.title }),
      content: t(`list.confirm.${action}Hint`),
      okButtonProps: { danger: action === 'delete' },
      onOk: go,
    });
  };

  const columns: TableProps<SurveyListItem>['columns'] = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      fixed: 'left',
      render: (v: string, r) => (
        <Space size={4} orientation="vertical" style={{ minWidth: 200 }}>
          <Link
            to={r.status === 'draft' ? `/surveys/${r.id}/edit` : `/surveys/${r.id}/results`}
            data-testid={`survey-${r.id}`}
          >
            {v}
          </Link>
          {r.isTemplate && (
            <Typography.Text type="secondary">{t('list.templateHint', { v: r.version })}</Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('col.kind'),
      dataIndex: 'kind',
      render: (k: SurveyKind) => <Tag color={KIND_COLOR[k]}>{t(`kind.${k}`)}</Tag>,
    },
    { title: t('col.year'), dataIndex: 'year' },
    {
      title: t('col.status'),
      dataIndex: 'status',
      render: (s: SurveyStatus) => <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag>,
    },
    { title: t('col.anonymous'), dataIndex: 'anonymous', render: (v: boolean) => (v ? t('yes') : t('no')) },
    {
      title: t('col.closesOn'),
      dataIndex: 'closesOn',
      render: (v: string | null, r) => (r.isTemplate ? t('list.afterTraining') : v ? fmtDate(v) : '—'),
    },
    {
      title: t('col.responses'),
      key: 'responses',
      render: (_, r) => (
        <div style={{ minWidth: 150 }}>
          <Typography.Text>
            {fmtInt(r.responded)} / {fmtInt(r.invited)}
          </Typography.Text>
          <Progress
            percent={r.invited ? Math.round((r.responded / r.invited) * 1000) / 10 : 0}
            size="small"
            status="normal"
          />
        </div>
      ),
    },
    {
      title: t('common:action.operations'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) => (
        <Space size={0} wrap>
          {r.status !== 'draft' && (
            <Button type="link" size="small" onClick={() => navigate(`/surveys/${r.id}/results`)}>
              {t('list.results')}
            </Button>
          )}
          {manage && r.isTemplate && r.status === 'published' && (
            <Button type="link" size="small" onClick={() => navigate('/surveys/template')}>
              {t('list.editTemplate')}
            </Button>
          )}
          {manage && r.status === 'draft' && (
            <>
              <Button type="link" size="small" onClick={() => navigate(`/surveys/${r.id}/edit`)}>
                {t('common:action.edit')}
              </Button>
              <Button type="link" size="small" onClick={() => run(r, 'publish')} data-testid={`survey-publish-${r.id}`}>
                {t('list.publish')}
              </Button>
            </>
          )}
          {manage && !r.isTemplate && r.status === 'published' && (
            <Button type="link" size="small" onClick={() => run(r, 'close')}>
              {t('list.close')}
            </Button>
          )}
          {manage && !r.isTemplate && (
            <Button type="link" size="small" onClick={() => run(r, 'copy')}>
              {t('list.copy')}
            </Button>
          )}
          {manage && r.status === 'draft' && (
            <Button type="link" size="small" danger onClick={() => run(r, 'delete')}>
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
          <>
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/surveys/new')}>
                {t('list.create')}
              </Button>
            )}
            {manage && (
              <Button icon={<SettingOutlined />} onClick={() => navigate('/surveys/template')}>
                {t('list.template')}
              </Button>
            )}
          </>
        }
      />
      <FilterBar>
        <Select
          value={kind}
          placeholder={t('filter.kind')}
          allowClear
          options={SURVEY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          onChange={(v) => uq.set({ kind: v })}
          style={{ width: 150 }}
        />
        <Select
          value={status}
          placeholder={t('filter.status')}
          allowClear
          options={SURVEY_STATUSES.filter((s) => manage || s !== 'draft').map((s) => ({
            value: s,
            label: t(`status.${s}`),
          }))}
          onChange={(v) => uq.set({ status: v })}
          style={{ width: 120 }}
        />
        <Select
          value={year}
          placeholder={t('filter.year')}
          allowClear
          options={Array.from({ length: 6 }, (_, i) => thisYear() + 1 - i).map((y) => ({ value: y, label: y }))}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 110 }}
        />
        {filtered && <Button onClick={uq.reset}>{t('common:action.reset')}</Button>}
        <Button icon={<DownloadOutlined />} onClick={() => exportSurveys({ kind, status, year })}>
          {t('common:action.export')}
        </Button>
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<SurveyListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? t('list.emptyFiltered') : t('list.empty')}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
          }}
          onChange={(p, _f, _s, extra) => {
            if (extra.action === 'paginate') uq.set({ page: p.current, pageSize: p.pageSize });
          }}
        />
      )}
    </div>
  );
}
