// Teachers' honours for admins: the year's verified counts per level, the list by status (filters in
// the URL, paging, export), entry and correction by schools (with the certificate scan), the sheet
// import, and the county's verification (one by one or selected rows together).
import { DeleteOutlined, DownloadOutlined, EditOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { HONOUR_LEVEL_KEYS, type HonourItem, type HonourStatus } from '@shixun/common';
import {
  App,
  Button,
  Card,
  Col,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { AttachmentList } from '../../components/AttachmentList';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { thisYear, yearOptions } from '../../components/years';
import { useMe } from '../auth/auth.api';
import { HonourFormDrawer } from './HonourFormDrawer';
import {
  exportHonours,
  type HonourFilters,
  useDeleteHonour,
  useHonourLevels,
  useHonourStats,
  useHonours,
  useVerifyHonours,
} from './honours.api';
import { HonourStatusTag } from './shared';

type Tab = HonourStatus | 'all';

export default function HonoursPage() {
  const { t } = useTranslation('honours');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const canVerify = access.can('honours.verify');
  const canWrite = access.can('honours.write');
  const tab = (uq.str('tab') as Tab | undefined) ?? (canVerify ? 'pending' : 'all');
  const filters: HonourFilters = {
    year: uq.num('year'),
    level: uq.str('level'),
    status: tab === 'all' ? undefined : tab,
    schoolId: uq.num('schoolId'),
    q: uq.str('q'),
  };
  const list = useHonours({ ...filters, page, pageSize });
  const levels = useHonourLevels();
  const statsYear = filters.year ?? thisYear();
  const stats = useHonourStats(statsYear, access.can('stats.read'));
  const verify = useVerifyHonours();
  const del = useDeleteHonour();
  const [selected, setSelected] = useState<number[]>([]);
  const [editing, setEditing] = useState<HonourItem | 'new' | null>(null);
  const [rejecting, setRejecting] = useState<number[] | null>(null);
  const [reason, setReason] = useState('');
  const counts = list.data?.counts;
  const total = list.data?.total ?? 0;
  const filtered = !!(filters.year || filters.level || filters.schoolId || filters.q);

  const decide = async (ids: number[], decision: 'verify' | 'reject', why?: string) => {
    try {
      const r = await verify.mutateAsync({ ids, decision, reason: why });
      message.success(t(decision === 'verify' ? 'verify.done' : 'verify.rejectedDone', { n: r.changed }));
      setSelected([]);
      return true;
    } catch (e) {
      message.error((e as Error).message);
      return false;
    }
  };

  return (
    <div>
      <PageHeader
        title={t('title')}
        sub={t('sub')}
        extra={
          canWrite && (
            <>
              <Button icon={<ImportOutlined />} onClick={() => navigate('/honours/import')}>
                {t('import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="honour-new">
                {t('create')}
              </Button>
            </>
          )
        }
      />
      {stats.data && (
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="honour-stats">
          {HONOUR_LEVEL_KEYS.map((k) => (
            <Col key={k} flex="1 1 120px">
              <Card size="small">
                <Statistic
                  title={`${statsYear} · ${levels.data?.items.find((l) => l.key === k)?.label ?? t(`levelKey.${k}`)}`}
                  value={stats.data[k]}
                />
              </Card>
            </Col>
          ))}
          <Col flex="1 1 120px">
            <Card size="small">
              <Statistic title={t('stats.total', { year: statsYear })} value={stats.data.total} />
            </Card>
          </Col>
        </Row>
      )}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            setSelected([]);
            uq.set({ tab: k });
          }}
          items={(['pending', 'verified', 'rejected', 'all'] as const).map((k) => ({
            key: k,
            label: (
              <span data-testid={`tab-${k}`}>
                {t(`tab.${k}`)}
                {k !== 'all' && counts ? ` ${counts[k]}` : ''}
              </span>
            ),
          }))}
        />
        <FilterBar>
          <Select<number>
            allowClear
            style={{ width: 110 }}
            placeholder={t('filter.year')}
            value={filters.year}
            onChange={(v) => uq.set({ year: v })}
            options={yearOptions(t).slice(1)}
          />
          <Select<string>
            allowClear
            style={{ width: 120 }}
            placeholder={t('filter.level')}
            value={filters.level}
            onChange={(v) => uq.set({ level: v })}
            options={(levels.data?.items ?? []).map((l) => ({ value: l.label, label: l.label }))}
          />
          {!access.schoolAdmin && (
            <SchoolSelect style={{ width: 220 }} value={filters.schoolId} onChange={(v) => uq.set({ schoolId: v })} />
          )}
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('filter.search')}
            defaultValue={filters.q}
            onSearch={(v) => uq.set({ q: v })}
          />
          <div style={{ flex: 1 }} />
          <Button icon={<DownloadOutlined />} disabled={total === 0} onClick={() => exportHonours(filters)}>
            {t('common:action.export')}
          </Button>
        </FilterBar>
        {canVerify && tab === 'pending' && selected.length > 0 && (
          <Space style={{ marginBottom: 12 }} wrap>
            <Typography.Text>{t('verify.selected', { n: selected.length })}</Typography.Text>
            <Button type="primary" loading={verify.isPending} onClick={() => decide(selected, 'verify')}>
              {t('verify.verifySelected')}
            </Button>
            <Button danger onClick={() => setRejecting(selected)}>
              {t('verify.rejectSelected')}
            </Button>
          </Space>
        )}
        {list.error && !list.data ? (
          <PageError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<HonourItem>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1000 }}
            rowSelection={
              canVerify && tab === 'pending'
                ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]) }
                : undefined
            }
            locale={{ emptyText: filtered ? t('emptyFiltered') : t(`empty.${tab}`) }}
            pagination={{
              current: page,
              pageSize,
              total,
              showTotal: (n) => t('common:total', { total: fmtInt(n) }),
              onChange: (p, ps) => uq.set({ page: p, pageSize: ps }),
            }}
            columns={[
              {
                title: t('col.teacher'),
                key: 'teacher',
                width: 180,
                render: (_, h) => (
                  <span>
                    {h.teacherName}
                    <br />
                    <Typography.Text type="secondary">{h.schoolName}</Typography.Text>
                  </span>
                ),
              },
              {
                title: t('col.title'),
                dataIndex: 'title',
                render: (v: string, h) => (
                  <span>
                    {v}
                    {h.source === 'import' && (
                      <Tag style={{ marginInlineStart: 6 }} bordered={false}>
                        {t('imported')}
                      </Tag>
                    )}
                  </span>
                ),
              },
              { title: t('col.level'), dataIndex: 'level', width: 90 },
              { title: t('col.year'), dataIndex: 'year', width: 70 },
              { title: t('col.awardingBody'), dataIndex: 'awardingBody', width: 160 },
              {
                title: t('col.certificate'),
                key: 'files',
                width: 150,
                render: (_, h) => <AttachmentList items={h.attachments} empty="—" />,
              },
              {
                title: t('col.status'),
                key: 'status',
                width: 110,
                render: (_, h) => (
                  <Space orientation="vertical" size={0}>
                    <HonourStatusTag status={h.status} />
                    {h.rejectReason && <Typography.Text type="secondary">{h.rejectReason}</Typography.Text>}
                  </Space>
                ),
              },
              {
                title: t('common:action.operations'),
                key: 'op',
                width: 210,
                render: (_, h) => (
                  <Space size={0} wrap>
                    {canVerify && h.status !== 'verified' && (
                      <Button type="link" size="small" onClick={() => decide([h.id], 'verify')}>
                        {t('verify.verify')}
                      </Button>
                    )}
                    {canVerify && h.status === 'pending' && (
                      <Button type="link" size="small" danger onClick={() => setRejecting([h.id])}>
                        {t('verify.reject')}
                      </Button>
                    )}
                    {h.editable && (
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t('common:action.edit')}
                        onClick={() => setEditing(h)}
                      />
                    )}
                    {h.editable && (
                      <Popconfirm
                        title={t('deleteConfirm', { title: h.title })}
                        okButtonProps={{ danger: true }}
                        onConfirm={async () => {
                          try {
                            await del.mutateAsync(h.id);
                            message.success(t('common:state.deleted'));
                          } catch (e) {
                            message.error((e as Error).message);
                          }
                        }}
                      >
                        <Button
                          type="link"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('common:action.delete')}
                        />
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <HonourFormDrawer honour={editing} onClose={() => setEditing(null)} />
      <Modal
        open={rejecting != null}
        title={t('verify.rejectTitle', { n: rejecting?.length ?? 0 })}
        onCancel={() => setRejecting(null)}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: verify.isPending }}
        onOk={async () => {
          if (await decide(rejecting!, 'reject', reason.trim())) {
            setRejecting(null);
            setReason('');
          }
        }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={200}
          placeholder={t('verify.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}
