// 送教下乡: the 送教 of the caller's scope (the county all; a school those it sends or receives) on
// the list page, filtered by year, state and school in the URL, each with its progress through the
// county's 五段五步 stages (a card each on a phone); a core school (or the county) plans a new one.
import { PlusOutlined } from '@ant-design/icons';
import type { OutreachSummary } from '@shixun/common';
import { Button, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { type ListColumn, ListPage, type ListValues } from '../../components/list/ListPage';
import { useMe } from '../auth/auth.api';
import { OutreachFormDrawer } from './OutreachFormDrawer';
import { useOutreachList } from './school-research.api';
import { thisYear, yearOptions } from './shared';

const STATES = ['active', 'done'] as const;

export default function OutreachPage() {
  const { t } = useTranslation('research');
  const access = accessOf(useMe().data);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const statusTag = (done: boolean) =>
    done ? <Tag color="success">{t('outreach.done')}</Tag> : <Tag color="processing">{t('outreach.active')}</Tag>;
  const progress = (r: OutreachSummary) => (
    <div style={{ minWidth: 160 }}>
      <Progress
        percent={r.stagesTotal ? Math.round((r.stagesDone / r.stagesTotal) * 100) : 0}
        size="small"
        status={r.done ? 'success' : 'active'}
        format={() => `${r.stagesDone}/${r.stagesTotal}`}
      />
    </div>
  );

  const columns: ListColumn<OutreachSummary>[] = [
    {
      key: 'title',
      title: t('outreach.theme'),
      dataIndex: 'title',
      locked: true,
      render: (v: string, r) => (
        <Link to={`/school-research/outreach/${r.id}`} data-testid={`outreach-link-${r.id}`}>
          {v}
        </Link>
      ),
    },
    {
      key: 'organiser',
      title: t('outreach.organiser'),
      render: (_, r) => (
        <>
          {r.organiserName} <Tag style={{ marginInlineStart: 4 }}>{t(`organiser.${r.organiserKind}`)}</Tag>
        </>
      ),
    },
    { key: 'target', title: t('outreach.target'), dataIndex: 'targetSchoolName' },
    { key: 'subject', title: t('outreach.subject'), dataIndex: 'subject', render: (v: string | null) => v ?? '—' },
    { key: 'progress', title: t('outreach.progress'), render: (_, r) => progress(r) },
    { key: 'status', title: t('col.status'), dataIndex: 'done', render: (v: boolean) => statusTag(v) },
  ];

  const phoneCard = (r: OutreachSummary) => (
    <div data-testid={`outreach-card-${r.id}`}>
      <Space size={4} wrap style={{ marginBottom: 2 }}>
        {statusTag(r.done)}
        <Tag style={{ marginInlineEnd: 0 }}>{t(`organiser.${r.organiserKind}`)}</Tag>
      </Space>
      <div>
        <Link to={`/school-research/outreach/${r.id}`}>{r.title}</Link>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[`${r.organiserName} → ${r.targetSchoolName}`, r.subject].filter(Boolean).join(' · ')}
      </Typography.Text>
      {progress(r)}
    </div>
  );

  return (
    <>
      <ListPage<OutreachSummary>
        id="research-outreach"
        title={t('outreach.title')}
        sub={t('outreach.sub')}
        actions={
          access.can('school-research.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="outreach-new">
              {t('outreach.create')}
            </Button>
          )
        }
        filters={[
          {
            type: 'select',
            name: 'year',
            label: t('filter.year'),
            width: 100,
            defaultValue: String(thisYear()),
            options: yearOptions().map((o) => ({ value: String(o.value), label: o.label })),
          },
          {
            type: 'select',
            name: 'status',
            label: t('filter.status'),
            width: 120,
            options: STATES.map((s) => ({ value: s, label: t(`outreach.${s}`) })),
          },
          { type: 'school', name: 'schoolId', label: t('filter.school'), hidden: access.schoolAdmin },
        ]}
        toParams={(v: ListValues) => ({
          year: Number(v.year) || thisYear(),
          status: STATES.find((s) => s === v.status),
          schoolId: v.schoolId ? Number(v.schoolId) : undefined,
        })}
        useList={useOutreachList}
        columns={columns}
        rowKey={(r) => r.id}
        phoneRender={phoneCard}
        empty={{ none: t('outreach.empty') }}
      />
      <OutreachFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          navigate(`/school-research/outreach/${id}`);
        }}
      />
    </>
  );
}
