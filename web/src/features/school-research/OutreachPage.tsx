// 送教下乡: the 送教 of the caller's scope (the county all; a school those it sends or receives),
// filtered by year, state and school in the URL, each with its progress through the county's
// 五段五步 stages; a core school (or the county) plans a new one.
import { PlusOutlined } from '@ant-design/icons';
import type { OutreachSummary } from '@shixun/common';
import { Button, Empty, Progress, Select, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { OutreachFormDrawer } from './OutreachFormDrawer';
import { useOutreachList } from './school-research.api';
import { thisYear, yearOptions } from './shared';

const STATES = ['active', 'done'] as const;

export default function OutreachPage() {
  const { t } = useTranslation('research');
  const access = accessOf(useMe().data);
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const year = uq.num('year') ?? thisYear();
  const status = STATES.find((s) => s === uq.str('status'));
  const schoolId = uq.num('schoolId');
  const list = useOutreachList({ year, status, schoolId, page, pageSize });
  const [creating, setCreating] = useState(false);

  const columns: TableProps<OutreachSummary>['columns'] = [
    {
      title: t('outreach.theme'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/school-research/outreach/${r.id}`} data-testid={`outreach-link-${r.id}`}>
          {v}
        </Link>
      ),
    },
    {
      title: t('outreach.organiser'),
      key: 'organiser',
      render: (_, r) => (
        <>
          {r.organiserName} <Tag style={{ marginInlineStart: 4 }}>{t(`organiser.${r.organiserKind}`)}</Tag>
        </>
      ),
    },
    { title: t('outreach.target'), dataIndex: 'targetSchoolName' },
    { title: t('outreach.subject'), dataIndex: 'subject', render: (v: string | null) => v ?? '—' },
    {
      title: t('outreach.progress'),
      key: 'progress',
      render: (_, r) => (
        <div style={{ minWidth: 160 }}>
          <Progress
            percent={r.stagesTotal ? Math.round((r.stagesDone / r.stagesTotal) * 100) : 0}
            size="small"
            status={r.done ? 'success' : 'active'}
            format={() => `${r.stagesDone}/${r.stagesTotal}`}
          />
        </div>
      ),
    },
    {
      title: t('col.status'),
      dataIndex: 'done',
      render: (v: boolean) =>
        v ? <Tag color="success">{t('outreach.done')}</Tag> : <Tag color="processing">{t('outreach.active')}</Tag>,
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('outreach.title')}
        sub={t('outreach.sub')}
        extra={
          access.can('school-research.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="outreach-new">
              {t('outreach.create')}
            </Button>
          )
        }
      />
      <FilterBar>
        <Select value={year} options={yearOptions()} onChange={(v) => uq.set({ year: v })} style={{ width: 100 }} />
        <Select
          value={status}
          placeholder={t('filter.status')}
          allowClear
          options={STATES.map((s) => ({ value: s, label: t(`outreach.${s}`) }))}
          onChange={(v) => uq.set({ status: v })}
          style={{ width: 120 }}
        />
        {!access.schoolAdmin && (
          <SchoolSelect value={schoolId} onChange={(v) => uq.set({ schoolId: v })} style={{ width: 200 }} />
        )}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<OutreachSummary>
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
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('outreach.empty')} />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('common:total', { total: fmtInt(n) }),
            onChange: (p, s) => uq.set({ page: p, pageSize: s }),
          }}
        />
      )}
      <OutreachFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          navigate(`/school-research/outreach/${id}`);
        }}
      />
    </div>
  );
}
