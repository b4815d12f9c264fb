// 校本研修活动: the activities of the caller's schools on the list page (filters in the URL, paging,
// audited export, a card per activity on a phone); the host school records new ones; flags against
// 虚假式研修 show in the list.
import { PlusOutlined } from '@ant-design/icons';
import { ACTIVITY_KINDS_FILTER, ACTIVITY_STATUSES, type ActivityStatus, type ActivitySummary } from '@shixun/common';
import { Button, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useMe } from '../auth/auth.api';
import { useAreas } from '../org/org.api';
import { ActivityFormDrawer } from './ActivityFormDrawer';
import { useActivities, useResearchSettings } from './school-research.api';
import { ActivityStatusTag, FlagTags, fmtWhen, VerdictTag, yearOptions } from './shared';

export default function ActivitiesPage() {
  const { t, i18n } = useTranslation('research');
  const access = accessOf(useMe().data);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const settings = useResearchSettings();
  const areas = useAreas(access.countyWide);
  const canCreate = access.can('school-research.manage');

  const kindTags = (r: ActivitySummary) => (
    <>
      {r.consortiumName && <Tag color="purple">{t('kind.showcase')}</Tag>}
      {r.outreachId && <Tag color="cyan">{t('kind.outreach')}</Tag>}
    </>
  );

  const columns: ListColumn<ActivitySummary>[] = [
    {
      key: 'title',
      title: t('col.title'),
      dataIndex: 'title',
      fixed: 'left',
      locked: true,
      width: 260,
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/school-research/activities/${r.id}`} data-testid={`activity-link-${r.id}`}>
            {v}
          </Link>
          {kindTags(r)}
        </Space>
      ),
    },
    { key: 'type', title: t('col.type'), dataIndex: 'type', render: (v: string) => <Tag>{v}</Tag> },
    { key: 'school', title: t('col.school'), dataIndex: 'schoolName' },
    { key: 'when', title: t('col.when'), render: (_, r) => fmtWhen(r.startsAt, r.endsAt, i18n.language) },
    { key: 'hours', title: t('col.hours'), dataIndex: 'hours', align: 'right' },
    { key: 'participants', title: t('col.participants'), dataIndex: 'participants', align: 'right', render: fmtInt },
    { key: 'evidence', title: t('col.evidence'), dataIndex: 'evidence', align: 'right', render: fmtInt },
    {
      key: 'status',
      title: t('col.status'),
      dataIndex: 'status',
      render: (v: ActivityStatus) => <ActivityStatusTag status={v} />,
    },
    {
      key: 'flags',
      title: t('col.flags'),
      dataIndex: 'flags',
      render: (v: ActivitySummary['flags']) => <FlagTags flags={v} />,
    },
    {
      key: 'spotCheck',
      title: t('col.spotCheck'),
      dataIndex: 'spotCheck',
      render: (v: ActivitySummary['spotCheck']) => <VerdictTag verdict={v} />,
    },
  ];

  const phoneCard = (r: ActivitySummary) => (
    <div data-testid={`activity-card-${r.id}`}>
      <Space size={4} wrap style={{ marginBottom: 2 }}>
        <ActivityStatusTag status={r.status} />
        <Tag style={{ marginInlineEnd: 0 }}>{r.type}</Tag>
        {kindTags(r)}
        <FlagTags flags={r.flags} />
        {r.spotCheck && <VerdictTag verdict={r.spotCheck} />}
      </Space>
      <div>
        <Link to={`/school-research/activities/${r.id}`}>{r.title}</Link>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[
          r.schoolName,
          fmtWhen(r.startsAt, r.endsAt, i18n.language),
          `${t('col.hours')} ${r.hours}`,
          `${t('col.participants')} ${fmtInt(r.participants)}`,
          `${t('col.evidence')} ${fmtInt(r.evidence)}`,
        ].join(' · ')}
      </Typography.Text>
    </div>
  );

  return (
    <>
      <ListPage<ActivitySummary>
        id="research-activities"
        title={t('activities.title')}
        sub={t('activities.sub')}
        actions={
          canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="activity-new">
              {t('activities.create')}
            </Button>
          )
        }
        filters={[
          { type: 'search', name: 'q', label: t('filter.search'), width: 200 },
          {
            type: 'select',
            name: 'year',
            label: t('filter.year'),
            width: 100,
            options: yearOptions().map((o) => ({ value: String(o.value), label: o.label })),
          },
          {
            type: 'select',
            name: 'type',
            label: t('filter.type'),
            width: 130,
            options: (settings.data?.activityTypes ?? []).map((v) => ({ value: v, label: v })),
            loading: settings.isLoading,
          },
          {
            type: 'select',
            name: 'kind',
            label: t('filter.kind'),
            width: 150,
            options: ACTIVITY_KINDS_FILTER.map((k) => ({ value: k, label: t(`kind.${k}`) })),
          },
          {
            type: 'select',
            name: 'status',
            label: t('filter.status'),
            width: 150,
            options: ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          },
          {
            type: 'select',
            name: 'areaId',
            label: t('filter.area'),
            width: 140,
            hidden: !access.countyWide,
            options: (areas.data?.items ?? []).map((a) => ({ value: String(a.id), label: a.name })),
            loading: areas.isLoading,
          },
          { type: 'school', name: 'schoolId', label: t('col.school'), hidden: access.schoolAdmin },
          {
            type: 'custom',
            name: 'flagged',
            render: ({ values, set }) => (
              <Space size={6} style={{ height: 32 }}>
                <Switch
                  size="small"
                  checked={values.flagged === '1'}
                  onChange={(v) => set({ flagged: v ? '1' : undefined })}
                  aria-label={t('filter.flagged')}
                />
                <span>{t('filter.flagged')}</span>
              </Space>
            ),
          },
        ]}
        useList={useActivities}
        exportPath="/api/school-research/activities/export"
        columns={columns}
        rowKey={(r) => r.id}
        phoneRender={phoneCard}
        empty={{ none: t('activities.empty'), filtered: t('activities.emptyFiltered') }}
      />
      <ActivityFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          navigate(`/school-research/activities/${id}`);
        }}
      />
    </>
  );
}
