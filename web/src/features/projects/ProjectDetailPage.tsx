// One project: header with its status and the allowed next moves, then tabs by role and status —
// overview, sessions, trainers, quotas, participants, and the run-time tabs (attendance, assessment,
// certificates) owned by the run feature.
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import type { ProjectDetail, ProjectStatus } from '@shixun/common';
import { App, Button, Card, Popconfirm, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { type Access, accessOf } from '../../access';
import { PageError, PageLoading } from '../../components/PageState';
import { useMe } from '../auth/auth.api';
import { AssessmentTab } from '../run/AssessmentTab';
import { AttendanceTab } from '../run/AttendanceTab';
import { CertificatesTab } from '../run/CertificatesTab';
import { OverviewTab } from './detail/OverviewTab';
import { ParticipantsTab } from './detail/ParticipantsTab';
import { QuotasTab } from './detail/QuotasTab';
import { SessionsTab } from './detail/SessionsTab';
import { StatusActions } from './detail/StatusActions';
import { TrainersTab } from './detail/TrainersTab';
import { hasQuotas, LEVEL_COLOR, STATUS_COLOR, useDateRange, useProjectLabels } from './labels';
import { ProjectFormDrawer } from './ProjectFormDrawer';
import { useDeleteProject, useProject } from './projects.api';

const RUN_STATUSES: ProjectStatus[] = ['running', 'assessing', 'closed'];

function visibleTabs(p: ProjectDetail, a: Access): string[] {
  const admin = a.readRoster; // county, leader, area, school admins
  const tabs = ['overview', 'sessions', 'trainers'];
  if (admin && hasQuotas(p) && p.status !== 'draft') tabs.push('quotas');
  if ((admin || a.trainer || a.provider) && p.status !== 'draft') tabs.push('participants');
  if (RUN_STATUSES.includes(p.status)) tabs.push('attendance', 'assessment');
  if (p.status === 'assessing' || p.status === 'closed') tabs.push('certificates');
  return tabs;
}

export default function ProjectDetailPage() {
  const { t } = useTranslation('projects');
  const { message } = App.useApp();
  const params = useParams();
  const id = Number(params.id);
  const me = useMe().data;
  const access = accessOf(me);
  const navigate = useNavigate();
  const labels = useProjectLabels();
  const range = useDateRange();
  const project = useProject(id);
  const del = useDeleteProject();
  const [editing, setEditing] = useState(false);
  const [search, setSearch] = useSearchParams();

  if (project.isLoading) return <PageLoading />;
  if (project.error || !project.data)
    return <PageError error={project.error ?? new Error('not found')} onRetry={() => project.refetch()} />;
  const p = project.data;
  const tabs = visibleTabs(p, access);
  const tabParam = search.get('tab');
  const active = tabParam && tabs.includes(tabParam) ? tabParam : 'overview';

  const onDelete = async () => {
    try {
      await del.mutateAsync(p.id);
      message.success(t('common:state.deleted'));
      navigate('/projects', { replace: true });
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const content: Record<string, React.ReactNode> = {
    overview: <OverviewTab project={p} />,
    sessions: <SessionsTab project={p} />,
    trainers: <TrainersTab project={p} />,
    quotas: <QuotasTab project={p} />,
    participants: <ParticipantsTab project={p} />,
    attendance: <AttendanceTab projectId={p.id} />,
    assessment: <AssessmentTab projectId={p.id} />,
    certificates: <CertificatesTab projectId={p.id} />,
  };

  return (
    <div>
      <div style={{ marginBottom: 8 }}>
        <Link to={access.trainer ? '/teaching' : access.provider ? '/provider' : '/projects'}>
          <ArrowLeftOutlined />{' '}
          {access.trainer ? t('detail.backTeaching') : access.provider ? t('detail.backProvider') : t('detail.back')}
        </Link>
      </div>
      <Card styles={{ body: { paddingBottom: 12 } }} style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between' }}>
          <div style={{ minWidth: 0, flex: '1 1 360px' }}>
            <Space size={6} wrap style={{ marginBottom: 4 }}>
              <Tag color={LEVEL_COLOR[p.level]}>{labels.level(p.level)}</Tag>
              <Tag color={STATUS_COLOR[p.status]} data-testid="project-status">
                {labels.status(p.status)}
              </Tag>
              {p.code && <Typography.Text type="secondary">{p.code}</Typography.Text>}
            </Space>
            <Typography.Title level={4} style={{ margin: '0 0 4px' }}>
              {p.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {[
                p.category,
                labels.mode(p.mode),
                range(p.startDate, p.endDate),
                t('detail.hours', { n: p.hours }),
                p.place,
                p.schoolName ?? p.organiser,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </div>
          <Space wrap align="start">
            {p.can.edit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common:action.edit')}
              </Button>
            )}
            {p.can.delete && (
              <Popconfirm
                title={t('list.deleteConfirm', { name: p.name })}
                okButtonProps={{ danger: true }}
                onConfirm={onDelete}
              >
                <Button danger icon={<DeleteOutlined />}>
                  {t('common:action.delete')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </div>
        {p.can.changeStatus && <StatusActions project={p} />}
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={active}
          onChange={(k) =>
            setSearch(
              (prev) => {
                const next = new URLSearchParams(prev);
                if (k === 'overview') next.delete('tab');
                else next.set('tab', k);
                return next;
              },
              { replace: true },
            )
          }
          destroyOnHidden
          items={tabs.map((k) => ({ key: k, label: t(`tab.${k}`), children: content[k] }))}
        />
      </Card>
      <ProjectFormDrawer open={editing} project={p} onClose={() => setEditing(false)} />
    </div>
  );
}
