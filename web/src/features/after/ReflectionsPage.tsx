// 心得体会 for reviewers (admins in their scope, trainers for the projects they teach): the list,
// waiting ones first, a drawer with the full text to review and mark 优秀; counts per school and
// per project.
import { REFLECTION_STATUSES, type Reflection, type ReflectionCountRow, type ReflectionStatus } from '@shixun/common';
import {
  App,
  Button,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  type TableProps,
  Tabs,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { fmtDate, fmtDateTime, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect } from '../../components/SchoolSelect';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { LevelTag } from '../my/shared';
import { useReflectionCounts, useReflections, useReviewReflection } from './after.api';
import { ReflectionStatusTag } from './shared';

const thisYear = () => new Date().getFullYear();
const yearOptions = () => Array.from({ length: 6 }, (_, i) => thisYear() + 1 - i).map((y) => ({ value: y, label: y }));

export default function ReflectionsPage() {
  const { t } = useTranslation('after');
  const uq = useUrlQuery();
  const tab = uq.str('tab') === 'counts' ? 'counts' : 'list';
  return (
    <div>
      <PageHeader title={t('reflections.title')} sub={t('reflections.sub')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => uq.set({ tab: k === 'list' ? undefined : k })}
        items={[
          { key: 'list', label: t('reflections.tabList'), children: tab === 'list' && <ListTab /> },
          { key: 'counts', label: t('reflections.tabCounts'), children: tab === 'counts' && <CountsTab /> },
        ]}
      />
    </div>
  );
}

function ListTab() {
  const { t } = useTranslation('after');
  const access = accessOf(useMe().data);
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const statusParam = uq.str('status');
  const status = REFLECTION_STATUSES.find((s) => s === statusParam) as ReflectionStatus | undefined;
  const featured = uq.str('featured') === 'true' ? 'true' : undefined;
  const year = uq.num('year');
  const schoolId = uq.num('schoolId');
  const q = uq.str('q');
  const list = useReflections({ page, pageSize, status, featured, year, schoolId, q });
  const openId = uq.num('open');
  const open = list.data?.items.find((r) => r.id === openId) ?? null;
  const filtered = !!(status || featured || year || schoolId || q);

  const columns: TableProps<Reflection>['columns'] = [
    { title: t('col.teacher'), dataIndex: 'teacherName', fixed: 'left' },
    { title: t('col.school'), dataIndex: 'schoolName' },
    {
      title: t('col.project'),
      dataIndex: 'projectName',
      render: (v: string, r) => (
        <Space size={4}>
          <LevelTag level={r.level as never} />
          <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 220 }}>
            {v}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('reflection.titleLabel'),
      dataIndex: 'title',
      render: (v: string) => (
        <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 220 }}>
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('col.status'),
      dataIndex: 'status',
      render: (s: ReflectionStatus, r) => <ReflectionStatusTag status={s} featured={r.featured} />,
    },
    { title: t('reflection.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtDate(v) },
    {
      title: t('common:action.operations'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          onClick={() => uq.set({ open: r.id, page })}
          data-testid={`reflection-open-${r.id}`}
        >
          {r.status === 'submitted' && !access.countyWide ? t('reflections.review') : t('admin.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <FilterBar>
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          placeholder={t('reflections.search')}
          allowClear
          onSearch={(v) => uq.set({ q: v.trim() })}
          style={{ width: 220, maxWidth: '100%' }}
        />
        <Select
          value={status}
          placeholder={t('filter.status')}
          allowClear
          options={REFLECTION_STATUSES.map((s) => ({ value: s, label: t(`rstatus.${s}`) }))}
          onChange={(v) => uq.set({ status: v })}
          style={{ width: 120 }}
        />
        <Select
          value={year}
          placeholder={t('filter.year')}
          allowClear
          options={yearOptions()}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 110 }}
        />
        {(access.countyWide || access.role === 'area_admin') && (
          <SchoolSelect value={schoolId} onChange={(v) => uq.set({ schoolId: v })} style={{ width: 220 }} />
        )}
        <Space size={6} style={{ height: 32 }}>
          <Switch
            size="small"
            checked={!!featured}
            onChange={(v) => uq.set({ featured: v ? 'true' : undefined })}
            aria-label={t('reflections.featuredOnly')}
          />
          <span>{t('reflections.featuredOnly')}</span>
        </Space>
        {filtered && <Button onClick={uq.reset}>{t('common:action.reset')}</Button>}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Reflection>
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
                description={filtered ? t('reflections.emptyFiltered') : t('reflections.empty')}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
          }}
          onChange={(p, _f, _s, extra) => {
            if (extra.action === 'paginate') uq.set({ page: p.current, pageSize: p.pageSize });
          }}
        />
      )}
      <ReviewDrawer r={open} onClose={() => uq.set({ open: undefined, page })} />
    </>
  );
}

function ReviewDrawer({ r, onClose }: { r: Reflection | null; onClose: () => void }) {
  const { t } = useTranslation('after');
  const { message } = App.useApp();
  const access = accessOf(useMe().data);
  const mobile = !Grid.useBreakpoint().md;
  const review = useReviewReflection();
  const [form] = Form.useForm<{ featured: boolean; comment?: string }>();
  const canReview = !access.countyWide || access.countyAdmin;

  useEffect(() => {
    if (r) form.setFieldsValue({ featured: r.featured, comment: r.reviewComment ?? undefined });
  }, [r, form]);

  const onFinish = async (v: { featured: boolean; comment?: string }) => {
    if (!r) return;
    try {
      await review.mutateAsync({ id: r.id, body: { featured: !!v.featured, comment: v.comment?.trim() || undefined } });
      message.success(t('reflections.reviewed'));
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Drawer
      open={!!r}
      onClose={onClose}
      title={r?.title}
      size={mobile ? '100%' : 680}
      destroyOnHidden
      footer={
        canReview && (
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={onClose}>{t('common:action.cancel')}</Button>
            <Button
              type="primary"
              loading={review.isPending}
              onClick={() => form.submit()}
              data-testid="reflection-review"
            >
              {r?.status === 'reviewed' ? t('reflections.saveReview') : t('reflections.submitReview')}
            </Button>
          </Space>
        )
      }
    >
      {r && (
        <>
          <Space size={4} wrap style={{ marginBottom: 8 }}>
            <Typography.Text strong>{r.teacherName}</Typography.Text>
            <Typography.Text type="secondary">
              {r.schoolName} · {r.projectName}
            </Typography.Text>
            <ReflectionStatusTag status={r.status} featured={r.featured} />
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('reflection.createdAt')} {fmtDateTime(r.createdAt)}
            {r.reviewedAt &&
              ` · ${t('reflections.reviewedBy', { name: r.reviewedByName ?? '', date: fmtDateTime(r.reviewedAt) })}`}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.9 }}>
            {r.body}
          </Typography.Paragraph>
          {canReview && (
            <Form form={form} layout="vertical" onFinish={onFinish} style={{ marginTop: 24 }}>
              <Form.Item name="featured" label={t('reflections.featuredLabel')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="comment" label={t('reflections.commentLabel')}>
                <Input.TextArea rows={3} maxLength={500} showCount />
              </Form.Item>
            </Form>
          )}
        </>
      )}
    </Drawer>
  );
}

function CountsTab() {
  const { t } = useTranslation('after');
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const by = uq.str('by') === 'project' ? 'project' : 'school';
  const year = uq.num('year') ?? thisYear();
  const counts = useReflectionCounts({ by, year, page, pageSize });
  const sum = counts.data?.sum;
  const columns: TableProps<ReflectionCountRow>['columns'] = [
    { title: by === 'school' ? t('col.school') : t('col.project'), dataIndex: 'name' },
    { title: t('reflections.count'), dataIndex: 'total', align: 'right', render: (v: number) => fmtInt(v) },
    { title: t('rstatus.reviewed'), dataIndex: 'reviewed', align: 'right', render: (v: number) => fmtInt(v) },
    { title: t('reflection.featured'), dataIndex: 'featured', align: 'right', render: (v: number) => fmtInt(v) },
  ];
  return (
    <>
      <FilterBar>
        <Radio.Group
          optionType="button"
          value={by}
          onChange={(e) => uq.set({ by: e.target.value === 'school' ? undefined : e.target.value })}
          options={[
            { value: 'school', label: t('reflections.bySchool') },
            { value: 'project', label: t('reflections.byProject') },
          ]}
        />
        <Select
          value={year}
          options={yearOptions()}
          onChange={(v) => uq.set({ year: v })}
          style={{ width: 110 }}
          aria-label={t('filter.year')}
        />
      </FilterBar>
      {counts.error && !counts.data ? (
        <PageError error={counts.error} onRetry={() => counts.refetch()} />
      ) : (
        <Table<ReflectionCountRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={counts.data?.items}
          loading={counts.isFetching}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reflections.countsEmpty')} />,
          }}
          summary={() =>
            sum && sum.total > 0 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('stats.sum')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {fmtInt(sum.total)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {fmtInt(sum.reviewed)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {fmtInt(sum.featured)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
          pagination={{
            current: page,
            pageSize,
            total: counts.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common:total', { total: fmtInt(total) }),
          }}
          onChange={(p, _f, _s, extra) => {
            if (extra.action === 'paginate') uq.set({ page: p.current, pageSize: p.pageSize });
          }}
        />
      )}
    </>
  );
}
