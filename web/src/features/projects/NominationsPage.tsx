// 遴选推荐: a school admin (or the county, for a chosen school) sees the projects taking nominations
// with a quota for the school, picks candidates (eligible first, least trained first; clashes and
// ineligibility shown), submits within the quota, withdraws before review, and follows the results.
import { CheckCircleOutlined, SendOutlined } from '@ant-design/icons';
import {
  type Candidate,
  isUpperLevel,
  type ParticipantItem,
  type ParticipationStatus,
  type ProjectListItem,
} from '@shixun/common';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Grid,
  Row,
  Space,
  Switch,
  Table,
  type TableProps,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageError, PageLoading } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { CandidateTable } from './CandidateTable';
import { LEVEL_COLOR, PARTICIPATION_COLOR, STATUS_COLOR, useDate, useDateRange, useProjectLabels } from './labels';
import { useNominate, useParticipants, useProjects, useQuotasOf, useWithdrawNomination } from './projects.api';
import { RefusalAlert } from './refusal';

interface SchoolQuota {
  quota: number;
  nominated: number;
  approved: number;
}

/** Nominations are taken while enrolling (and for upper-level projects already once published). */
const takesNominations = (p: ProjectListItem) =>
  (p.status === 'enrolling' && (p.enrolMode === 'nomination' || isUpperLevel(p.level))) ||
  (p.status === 'published' && isUpperLevel(p.level));

export default function NominationsPage() {
  const { t } = useTranslation('projects');
  const me = useMe().data;
  const access = accessOf(me);
  const labels = useProjectLabels();
  const range = useDateRange();
  const screens = Grid.useBreakpoint();
  const uq = useUrlQuery();
  const schoolId = access.schoolAdmin ? (me?.schoolId ?? undefined) : uq.num('schoolId');
  const projectId = uq.num('project');
  const [showPast, setShowPast] = useState(false);

  const enrolling = useProjects({ status: 'enrolling', pageSize: 100, sort: 'startDate' });
  const upperPublished = useProjects({ status: 'published', organiserType: 'upper', pageSize: 100, sort: 'startDate' });
  const past = useProjects({ enrolMode: 'nomination', pageSize: 100, sort: 'startDate', order: 'desc' }, showPast);

  const projects = useMemo(() => {
    const all = [...(enrolling.data?.items ?? []), ...(upperPublished.data?.items ?? [])].filter(takesNominations);
    if (showPast) {
      for (const p of past.data?.items ?? [])
        if (['running', 'assessing', 'closed'].includes(p.status) && p.level !== '校培') all.push(p);
    }
    const seen = new Set<number>();
    return all.filter((p) => !seen.has(p.id) && seen.add(p.id) && p.level !== '校培');
  }, [enrolling.data, upperPublished.data, past.data, showPast]);

  const quotaLists = useQuotasOf(schoolId ? projects.map((p) => p.id) : []);
  const quotaOf = (pid: number): SchoolQuota | null => {
    const i = projects.findIndex((p) => p.id === pid);
    const row = quotaLists[i]?.data?.items.find((r) => r.schoolId === schoolId);
    return row ? { quota: row.quota ?? 0, nominated: row.nominated, approved: row.approved } : null;
  };
  const quotasLoading = quotaLists.some((q) => q.isLoading);
  // Only projects with places for this school (or where it already nominated someone).
  const mine = projects.filter((p) => {
    const q = quotaOf(p.id);
    // taking nominations: only where the school has places; afterwards: wherever it has people
    return q && (takesNominations(p) ? q.quota > 0 : q.nominated + q.approved > 0);
  });
  const current = mine.find((p) => p.id === projectId) ?? (screens.md ? mine[0] : undefined);

  if (enrolling.isLoading || upperPublished.isLoading) return <PageLoading />;
  if (enrolling.error) return <PageError error={enrolling.error} onRetry={() => enrolling.refetch()} />;

  const header = (
    <PageHeader
      title={t('nominations.title')}
      sub={access.schoolAdmin ? me?.schoolName : t('nominations.subCounty')}
      extra={
        <Space wrap>
          {!access.schoolAdmin && (
            <SchoolSelect
              value={schoolId}
              onChange={(v) => uq.set({ schoolId: v, project: undefined })}
              style={{ width: 260, maxWidth: '100%' }}
              placeholder={t('nominations.pickSchool')}
            />
          )}
          <Space size={4}>
            <Switch size="small" checked={showPast} onChange={setShowPast} />
            <span>{t('nominations.showPast')}</span>
          </Space>
        </Space>
      }
    />
  );

  if (!schoolId)
    return (
      <div>
        {header}
        <Card>
          <Empty description={t('nominations.pickSchoolHint')} />
        </Card>
      </div>
    );

  const projectList = (
    <Card size="small" title={t('nominations.projects')} styles={{ body: { padding: 0 } }} loading={quotasLoading}>
      {mine.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('nominations.noProjects')} style={{ padding: 16 }} />
      ) : (
        mine.map((p) => {
          const q = quotaOf(p.id)!;
          const taken = q.nominated + q.approved;
          const active = current?.id === p.id;
          return (
            <button
              key={p.id}
              type="button"
              onClick={() => uq.set({ project: p.id })}
              aria-pressed={active}
              data-testid={`nomination-project-${p.id}`}
              style={{
                display: 'block',
                width: '100%',
                textAlign: 'left',
                font: 'inherit',
                cursor: 'pointer',
                border: 0,
                borderBottom: '1px solid #f0f0f0',
                padding: '10px 12px',
                background: active ? '#e6f4ff' : 'transparent',
                borderInlineStart: active ? '3px solid #1f6feb' : '3px solid transparent',
              }}
            >
              <Space size={4} wrap>
                <Tag color={LEVEL_COLOR[p.level]} style={{ marginInlineEnd: 0 }}>
                  {labels.level(p.level)}
                </Tag>
                <Typography.Text strong>{p.name}</Typography.Text>
              </Space>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginTop: 4 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {range(p.startDate, p.endDate)}
                </Typography.Text>
                {takesNominations(p) ? (
                  <Badge
                    status={taken >= q.quota ? 'success' : 'processing'}
                    text={t('nominations.counterShort', { taken, quota: q.quota })}
                  />
                ) : (
                  <Tag color={STATUS_COLOR[p.status]} style={{ marginInlineEnd: 0 }}>
                    {labels.status(p.status)}
                  </Tag>
                )}
              </div>
            </button>
          );
        })
      )}
    </Card>
  );

  return (
    <div>
      {header}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8} xl={6}>
          {projectList}
        </Col>
        <Col xs={24} md={16} xl={18}>
          {current ? (
            <NominationPanel
              key={`${current.id}-${schoolId}`}
              project={current}
              schoolId={schoolId}
              quota={quotaOf(current.id)}
            />
          ) : (
            screens.md && (
              <Card>
                <Empty description={mine.length ? t('nominations.pickProject') : t('nominations.noProjectsHint')} />
              </Card>
            )
          )}
        </Col>
      </Row>
    </div>
  );
}

function NominationPanel({
  project: p,
  schoolId,
  quota,
}: {
  project: ProjectListItem;
  schoolId: number;
  quota: SchoolQuota | null;
}) {
  const { t } = useTranslation('projects');
  const { message, modal } = App.useApp();
  const labels = useProjectLabels();
  const range = useDateRange();
  const date = useDate();
  const nominate = useNominate(p.id);
  const withdraw = useWithdrawNomination(p.id);
  const [selected, setSelected] = useState<Candidate[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [tab, setTab] = useState<string>(takesNominations(p) ? 'candidates' : 'results');
  const open = takesNominations(p);
  const q = quota ?? { quota: 0, nominated: 0, approved: 0 };
  const taken = q.nominated + q.approved;
  const remaining = Math.max(0, q.quota - taken);

  const submit = async () => {
    setError(null);
    setWarnings([]);
    try {
      const r = await nominate.mutateAsync(selected.map((c) => c.teacherId));
      message.success(t('nominations.submitted', { n: r.count }));
      setWarnings(r.warnings.map((w) => `${w.name}：${w.message}`));
      setSelected([]);
    } catch (e) {
      setError(e);
    }
  };

  const onWithdraw = (c: Candidate) => {
    modal.confirm({
      title: t('nominations.withdrawConfirm', { name: c.name }),
      content: t('nominations.withdrawHint'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await withdraw.mutateAsync(c.participationId!);
          message.success(t('nominations.withdrawn', { name: c.name }));
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });
  };

  return (
    <Card
      title={
        <Space size={6} wrap style={{ whiteSpace: 'normal' }}>
          <Tag color={LEVEL_COLOR[p.level]}>{labels.level(p.level)}</Tag>
          <Link to={`/projects/${p.id}`}>{p.name}</Link>
        </Space>
      }
      styles={{ header: { paddingBlock: 8 } }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {[p.category, labels.mode(p.mode), range(p.startDate, p.endDate), t('detail.hours', { n: p.hours }), p.place]
          .filter(Boolean)
          .join(' · ')}
        {p.enrolDeadline && ` · ${t('nominations.deadline', { date: date(p.enrolDeadline, true) })}`}
      </Typography.Paragraph>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="nomination-counter">
          {t('nominations.counter', { taken, quota: q.quota })}
        </Typography.Title>
        {q.approved > 0 && <Tag color="green">{t('nominations.approvedCount', { n: q.approved })}</Tag>}
        {q.nominated > 0 && <Tag color="orange">{t('nominations.pendingCount', { n: q.nominated })}</Tag>}
        {open && remaining === 0 && <Tag color="blue">{t('nominations.quotaFull')}</Tag>}
        {open && tab === 'candidates' && (
          <Space wrap style={{ marginInlineStart: 'auto' }}>
            <Typography.Text>
              {t('nominations.selectedCounter', {
                n: selected.length,
                remaining: Math.max(0, remaining - selected.length),
              })}
            </Typography.Text>
            <Button
              type="primary"
              icon={<SendOutlined />}
              disabled={selected.length === 0}
              loading={nominate.isPending}
              onClick={submit}
              data-testid="nominate-submit"
            >
              {t('nominations.submit', { n: selected.length })}
            </Button>
          </Space>
        )}
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          ...(open
            ? [
                {
                  key: 'candidates',
                  label: t('nominations.candidates'),
                  children: (
                    <div>
                      <RefusalAlert error={error} />
                      {warnings.length > 0 && (
                        <Alert
                          type="warning"
                          showIcon
                          closable
                          title={t('nominations.warnings')}
                          description={
                            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                              {warnings.map((w) => (
                                <li key={w}>{w}</li>
                              ))}
                            </ul>
                          }
                          style={{ marginBottom: 12 }}
                        />
                      )}
                      <CandidateTable
                        projectId={p.id}
                        schoolId={schoolId}
                        selected={selected}
                        onSelect={setSelected}
                        remaining={remaining}
                        onWithdraw={onWithdraw}
                        withdrawing={withdraw.isPending ? (withdraw.variables ?? null) : null}
                      />
                    </div>
                  ),
                },
              ]
            : []),
          {
            key: 'results',
            label: (
              <span>
                <CheckCircleOutlined /> {t('nominations.results')}
              </span>
            ),
            children: <Results projectId={p.id} schoolId={schoolId} />,
          },
        ]}
      />
    </Card>
  );
}

function Results({ projectId, schoolId }: { projectId: number; schoolId: number }) {
  const { t } = useTranslation('projects');
  const labels = useProjectLabels();
  const date = useDate();
  const [page, setPage] = useState(1);
  const list = useParticipants(projectId, { schoolId, page, pageSize: 20 });
  const columns: TableProps<ParticipantItem>['columns'] = [
    {
      title: t('participants.teacher'),
      dataIndex: 'teacherName',
      render: (v: string, r) => (
        <div>
          <div>{v}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labels.enumLabel(r.stage)} · {labels.enumLabel(r.subject)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      render: (v: ParticipationStatus) => <Tag color={PARTICIPATION_COLOR[v]}>{labels.participation(v)}</Tag>,
    },
    {
      title: t('participants.reviewReason'),
      dataIndex: 'reviewReason',
      render: (v: string | null) => <div style={{ maxWidth: 260, whiteSpace: 'normal' }}>{v ?? '—'}</div>,
    },
    { title: t('participants.reviewedAt'), dataIndex: 'reviewedAt', render: (v: string | null) => date(v, true) },
    { title: t('participants.nominatedBy'), dataIndex: 'nominatedByName', render: (v: string | null) => v ?? '—' },
  ];
  if (list.error && !list.data) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Table<ParticipantItem>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={list.data?.items}
      loading={list.isFetching}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('nominations.noResults')} /> }}
      pagination={{
        current: page,
        pageSize: 20,
        total: list.data?.total ?? 0,
        hideOnSinglePage: true,
        showTotal: (total) => t('common:total', { total: fmtInt(total) }),
        onChange: setPage,
      }}
    />
  );
}
