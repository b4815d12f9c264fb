// Schools of the caller's scope: server-side paging/sorting, filters in the URL, create/edit in a
// drawer (county admins), contact edits (area/school admins), delete, export.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { type School, URBAN_RURAL } from '@shixun/common';
import { App, Button, Empty, Input, Popconfirm, Select, Space, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useDictionaryOptions } from '../dictionaries/dictionaries.api';
import { exportSchools, type SchoolFilters, useAreas, useConsortia, useDeleteSchool, useSchools } from './org.api';
import { SchoolFormDrawer } from './SchoolFormDrawer';

const SORTS = ['name', 'type', 'teacherCount'] as const;

export default function SchoolsPage() {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const access = accessOf(useMe().data);
  const navigate = useNavigate();
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const filters: SchoolFilters = {
    q: uq.str('q'),
    type: uq.str('type'),
    areaId: uq.num('areaId'),
    consortiumId: uq.num('consortiumId'),
    urbanRural: uq.str('urbanRural'),
  };
  const sortParam = uq.str('sort');
  const sort = SORTS.find((s) => s === sortParam);
  const order = uq.str('order') === 'desc' ? 'desc' : uq.str('order') === 'asc' ? 'asc' : undefined;
  const list = useSchools({ ...filters, page, pageSize, sort, order });
  const areas = useAreas();
  const consortia = useConsortia();
  const del = useDeleteSchool();
  const [editing, setEditing] = useState<School | null | undefined>(undefined);

  const filtered = Object.values(filters).some((v) => v !== undefined);
  const enumOpts = (vals: readonly string[]) => vals.map((v) => ({ value: v, label: t(`common:enum.${v}`) }));
  const types = useDictionaryOptions('school_type', [filters.type]);

  const onDelete = async (s: School) => {
    try {
      await del.mutateAsync(s.id);
      message.success(t('common:state.deleted'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: TableProps<School>['columns'] = [
    {
      title: t('school.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sort === 'name' ? (order === 'desc' ? 'descend' : 'ascend') : null,
      render: (_, s) => (
        <Space size={4} wrap={false}>
          <Link to={`/schools/${s.id}`}>{s.name}</Link>
          {s.isCore && <Tag color="gold">{t('school.core')}</Tag>}
        </Space>
      ),
    },
    { title: t('school.code'), dataIndex: 'code', render: (v: string | null) => v ?? '—' },
    {
      title: t('school.type'),
      dataIndex: 'type',
      key: 'type',
      sorter: true,
      sortOrder: sort === 'type' ? (order === 'desc' ? 'descend' : 'ascend') : null,
      // The county's own types show as themselves; 直属/镇乡 and the 中心校 beside them.
      render: (v: string, s) => (
        <Space size={4} wrap={false}>
          <span>{t(`common:enum.${v}`, { defaultValue: v })}</span>
          {s.affiliation && <Tag bordered={false}>{s.affiliation}</Tag>}
          {s.parentSchoolName && (
            <Link to={`/schools/${s.parentSchoolId}`} title={t('school.parent')}>
              <Tag color="cyan" bordered={false}>
                {s.parentSchoolName}
              </Tag>
            </Link>
          )}
        </Space>
      ),
    },
    {
      title: t('school.urbanRural'),
      dataIndex: 'urbanRural',
      render: (v: string) => <Tag color={v === '乡村' ? 'green' : 'blue'}>{t(`common:enum.${v}`)}</Tag>,
    },
    {
      title: t('school.area'),
      dataIndex: 'areaName',
      render: (v: string | null, s) => (v ? <Link to={`/schools?areaId=${s.areaId}`}>{v}</Link> : '—'),
    },
    {
      title: t('school.consortium'),
      dataIndex: 'consortiumName',
      render: (v: string | null, s) =>
        v && s.consortiumId ? <Link to={`/schools?consortiumId=${s.consortiumId}`}>{v}</Link> : '—',
    },
    {
      title: t('school.teacherCount'),
      dataIndex: 'teacherCount',
      key: 'teacherCount',
      align: 'right',
      sorter: true,
      sortOrder: sort === 'teacherCount' ? (order === 'desc' ? 'descend' : 'ascend') : null,
      render: (v: number, s) => <Link to={`/teachers?schoolId=${s.id}`}>{fmtInt(v)}</Link>,
    },
    { title: t('school.principal'), dataIndex: 'principal', render: (v: string | null) => v ?? '—' },
    { title: t('school.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    ...(access.writeRoster
      ? [
          {
            title: t('common:action.operations'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, s: School) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(s)}>
                  {t('common:action.edit')}
                </Button>
                {access.manageSchools && (
                  <Popconfirm
                    title={t('school.deleteConfirm', { name: s.name })}
                    description={t('school.deleteHint')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => onDelete(s)}
                  >
                    <Button type="link" size="small" danger>
                      {t('common:action.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('school.title')}
        extra={
          <>
            {access.manageSchools && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
                {t('school.create')}
              </Button>
            )}
            {access.manageSchools && (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/import/schools')}>
                {t('common:action.import')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} onClick={() => exportSchools(filters)}>
              {t('common:action.export')}
            </Button>
          </>
        }
      />
      <FilterBar>
        <Input.Search
          key={`q-${filters.q ?? ''}`}
          defaultValue={filters.q}
          placeholder={t('school.searchPlaceholder')}
          allowClear
          onSearch={(v) => uq.set({ q: v.trim() })}
          style={{ width: 240, maxWidth: '100%' }}
        />
        <Select
          value={filters.type}
          placeholder={t('school.type')}
          allowClear
          options={types.options}
          onChange={(v) => uq.set({ type: v })}
          style={{ width: 140 }}
        />
        <Select
          value={filters.areaId}
          placeholder={t('school.area')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={areas.isLoading}
          options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
          onChange={(v) => uq.set({ areaId: v })}
          style={{ width: 160 }}
        />
        <Select
          value={filters.consortiumId}
          placeholder={t('school.consortium')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={consortia.isLoading}
          options={(consortia.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onChange={(v) => uq.set({ consortiumId: v })}
          style={{ width: 180 }}
        />
        <Select
          value={filters.urbanRural}
          placeholder={t('school.urbanRural')}
          allowClear
          options={enumOpts(URBAN_RURAL)}
          onChange={(v) => uq.set({ urbanRural: v })}
          style={{ width: 110 }}
        />
        {filtered && <Button onClick={uq.reset}>{t('common:action.reset')}</Button>}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<School>
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
                description={filtered ? t('school.emptyFiltered') : t('school.empty')}
                image={Empty.PRESENTED_IMAGE_SIMPLE}
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
          onChange={(p, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = s?.order ? String(s.columnKey ?? s.field) : undefined;
              uq.set({ sort: key, order: s?.order === 'descend' ? 'desc' : s?.order ? 'asc' : undefined });
            } else if (extra.action === 'paginate') {
              uq.set({ page: p.current, pageSize: p.pageSize });
            }
          }}
        />
      )}
      <SchoolFormDrawer
        open={editing !== undefined}
        school={editing ?? null}
        full={access.manageSchools}
        onClose={() => setEditing(undefined)}
      />
    </div>
  );
}
