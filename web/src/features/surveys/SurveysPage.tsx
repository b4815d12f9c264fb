// 问卷 for admins: needs surveys, competency self-assessments and the county's satisfaction
// template, with how many were asked and answered in the caller's scope. On the list page: filters
// and page in the URL, .xlsx export by the same filters; the county drafts, publishes, closes,
// copies and deletes.
import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { SURVEY_KINDS, SURVEY_STATUSES, type SurveyKind, type SurveyListItem, type SurveyStatus } from '@shixun/common';
import { App, Button, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtDate, fmtInt } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useMe } from '../auth/auth.api';
import { KIND_COLOR, STATUS_COLOR } from './shared';
import { useSurveyAction, useSurveys } from './surveys.api';

const thisYear = () => new Date().getFullYear();

export default function SurveysPage() {
  const { t } = useTranslation('surveys');
  const { message, modal } = App.useApp();
  const access = accessOf(useMe().data);
  const manage = access.can('surveys.manage');
  const navigate = useNavigate();
  const act = useSurveyAction();

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

  const actionsOf = (r: SurveyListItem) => (
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
  );

  const columns: ListColumn<SurveyListItem>[] = [
    {
      key: 'title',
      title: t('col.title'),
      dataIndex: 'title',
      fixed: 'left',
      locked: true,
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
      key: 'kind',
      title: t('col.kind'),
      dataIndex: 'kind',
      render: (k: SurveyKind) => <Tag color={KIND_COLOR[k]}>{t(`kind.${k}`)}</Tag>,
    },
    { key: 'year', title: t('col.year'), dataIndex: 'year' },
    {
      key: 'status',
      title: t('col.status'),
      dataIndex: 'status',
      render: (s: SurveyStatus) => <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag>,
    },
    {
      key: 'anonymous',
      title: t('col.anonymous'),
      dataIndex: 'anonymous',
      render: (v: boolean) => (v ? t('yes') : t('no')),
    },
    {
      key: 'closesOn',
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
      locked: true,
      render: (_, r) => actionsOf(r),
    },
  ];

  // On a phone each survey is a card: title, kind and status, answers, actions.
  const phoneCard = (r: SurveyListItem) => (
    <div>
      <Space size={4} wrap style={{ marginBottom: 2 }}>
        <Tag color={KIND_COLOR[r.kind]} style={{ marginInlineEnd: 0 }}>
          {t(`kind.${r.kind}`)}
        </Tag>
        <Tag color={STATUS_COLOR[r.status]} style={{ marginInlineEnd: 0 }}>
          {t(`status.${r.status}`)}
        </Tag>
      </Space>
      <div>
        <Link to={r.status === 'draft' ? `/surveys/${r.id}/edit` : `/surveys/${r.id}/results`}>{r.title}</Link>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[
          String(r.year),
          r.isTemplate ? t('list.afterTraining') : r.closesOn ? fmtDate(r.closesOn) : null,
          `${t('col.responses')} ${fmtInt(r.responded)} / ${fmtInt(r.invited)}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
      <div style={{ marginInlineStart: -8 }}>{actionsOf(r)}</div>
    </div>
  );

  return (
    <ListPage<SurveyListItem>
      id="surveys"
      title={t('list.title')}
      sub={t('list.sub')}
      actions={
        manage && (
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/surveys/new')}>
              {t('list.create')}
            </Button>
            <Button icon={<SettingOutlined />} onClick={() => navigate('/surveys/template')}>
              {t('list.template')}
            </Button>
          </>
        )
      }
      filters={[
        {
          type: 'select',
          name: 'kind',
          label: t('filter.kind'),
          width: 150,
          options: SURVEY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
        },
        {
          type: 'select',
          name: 'status',
          label: t('filter.status'),
          width: 120,
          options: SURVEY_STATUSES.filter((s) => manage || s !== 'draft').map((s) => ({
            value: s,
            label: t(`status.${s}`),
          })),
        },
        {
          type: 'select',
          name: 'year',
          label: t('filter.year'),
          width: 110,
          options: Array.from({ length: 6 }, (_, i) => thisYear() + 1 - i).map((y) => ({
            value: String(y),
            label: String(y),
          })),
        },
      ]}
      toParams={(v) => ({
        kind: SURVEY_KINDS.find((k) => k === v.kind),
        status: SURVEY_STATUSES.find((s) => s === v.status),
        year: Number(v.year) || undefined,
      })}
      useList={useSurveys}
      exportPath="/api/surveys/export"
      columns={columns}
      rowKey={(r) => r.id}
      phoneRender={phoneCard}
      empty={{ none: t('list.empty'), filtered: t('list.emptyFiltered') }}
    />
  );
}
