// The roster: search, filters and paging all in the URL; server-side paging and sorting.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  type AccountState,
  type DictionaryKind,
  TEACHER_STATUSES,
  type Teacher,
  type TeacherStatus,
} from '@shixun/common';
import {
  Button,
  Card,
  Col,
  Empty,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { accessOf } from '../../access';
import { PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { SchoolSelect, useSchoolOptions } from '../../components/SchoolSelect';
import { STATE_COLOR } from '../accounts/state';
import { useMe } from '../auth/auth.api';
import { useDictionaries } from '../dictionaries/dictionaries.api';
import { AccountSlipButton } from './AccountSlipButton';
import { hasNarrowing, readFilters, writeFilters } from './filters';
import { STATUS_COLOR, TAG_COLOR, useDateFormat, useEnumLabel } from './format';
import { TeacherFormDrawer } from './TeacherFormDrawer';
import { exportTeachers, type TeacherFilters, useTeachers } from './teachers.api';

type SortKey = 'name' | 'school' | 'hireDate' | 'birthDate';

export default function TeachersPage() {
  const { t } = useTranslation('teachers');
  const navigate = useNavigate();
  const me = useMe();
  const access = accessOf(me.data);
  const enumLabel = useEnumLabel();
  const fmt = useDateFormat();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const dictionaries = useDictionaries();
  const list = useTeachers(filters);
  const schools = useSchoolOptions();
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState(filters.q ?? '');
  const [selected, setSelected] = useState<number[]>([]);

  // Back/forward changes the URL under us: keep the search box in step.
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);

  const update = (patch: Partial<TeacherFilters>, resetPage = true) =>
    setParams(writeFilters({ ...filters, ...patch, ...(resetPage ? { page: 1 } : {}) }));

  // The county's own vocabularies (数据字典); a value in the URL stays selectable even if retired.
  const dict = (kind: DictionaryKind) => {
    const values = (dictionaries.data?.[kind] ?? []).map((e) => e.value);
    const current = filters[kind === 'honour' ? 'tag' : (kind as 'stage')] as string | undefined;
    return current && !values.includes(current) ? [...values, current] : values;
  };
  const enumSelect = (key: keyof TeacherFilters, values: readonly string[], label: string) => (
    <Select
      allowClear
      style={{ width: '100%' }}
      placeholder={label}
      aria-label={label}
      value={(filters[key] as string | undefined) ?? undefined}
      onChange={(v?: string) => update({ [key]: v })}
      options={values.map((v) => ({ value: v, label: enumLabel(v) }))}
    />
  );

  const sortOrder = (key: SortKey) =>
    filters.sort === key ? (filters.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;

  const columns: TableProps<Teacher>['columns'] = [
    {
      title: t('field.name'),
      dataIndex: 'name',
      key: 'name',
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (name: string, r) => <Link to={`/teachers/${r.id}`}>{name}</Link>,
    },
    { title: t('field.gender'), dataIndex: 'gender', render: (g: string | null) => enumLabel(g) || t('none') },
    {
      title: t('field.idNumber'),
      dataIndex: 'idNumberMasked',
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    {
      title: t('field.school'),
      dataIndex: 'schoolName',
      key: 'school',
      sorter: true,
      sortOrder: sortOrder('school'),
    },
    { title: t('field.stage'), dataIndex: 'stage', render: (v: string) => enumLabel(v) },
    { title: t('field.subject'), dataIndex: 'subject', render: (v: string) => enumLabel(v) },
    { title: t('field.title'), dataIndex: 'title', render: (v: string | null) => enumLabel(v) || t('none') },
    { title: t('field.degree'), dataIndex: 'degree', render: (v: string | null) => enumLabel(v) || t('none') },
    // The birth date is 8 of the ID number's 18 digits: the year for who may not see the full number.
    access.seeFullId
      ? {
          title: t('field.birthDate'),
          dataIndex: 'birthDate',
          key: 'birthDate',
          sorter: true,
          sortOrder: sortOrder('birthDate'),
          render: (v: string | null) => fmt.date(v),
        }
      : {
          title: t('field.birthYear'),
          dataIndex: 'birthYear',
          key: 'birthDate',
          sorter: true,
          sortOrder: sortOrder('birthDate'),
          render: (v: number | null) => v ?? t('none'),
        },
    {
      title: t('field.hireDate'),
      dataIndex: 'hireDate',
      key: 'hireDate',
      sorter: true,
      sortOrder: sortOrder('hireDate'),
      render: (v: string | null) => fmt.date(v),
    },
    {
      title: t('field.tags'),
      dataIndex: 'tags',
      render: (tags: string[]) =>
        tags.length ? (
          <Space size={[0, 4]} wrap>
            {tags.map((g) => (
              <Tag key={g} color={TAG_COLOR[g]}>
                {enumLabel(g)}
              </Tag>
            ))}
          </Space>
        ) : (
          t('none')
        ),
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      render: (s: TeacherStatus) => <Tag color={STATUS_COLOR[s]}>{enumLabel(s)}</Tag>,
    },
    {
      title: t('field.account'),
      dataIndex: 'accountState',
      render: (st: AccountState | null) =>
        st ? <Tag color={STATE_COLOR[st]}>{t(`accounts:state.${st}`)}</Tag> : t('detail.accountNone'),
    },
  ];

  const onTableChange: TableProps<Teacher>['onChange'] = (pagination, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.order ? (s.columnKey as SortKey) : undefined;
    const sortChanged = key !== filters.sort || (s?.order === 'descend' ? 'desc' : 'asc') !== (filters.order ?? 'asc');
    update(
      {
        page: sortChanged ? 1 : (pagination.current ?? 1),
        pageSize: pagination.pageSize ?? 20,
        sort: key,
        order: key ? (s?.order === 'descend' ? 'desc' : 'asc') : undefined,
      },
      false,
    );
  };

  const narrowed = hasNarrowing(filters);
  const total = list.data?.total ?? 0;
  const scopedBy = filters.areaId ? 'area' : filters.consortiumId ? 'consortium' : null;
  const showSchoolFilter = (schools.data?.length ?? 0) > 1;

  const emptyText = narrowed ? (
    <Empty description={t('empty.filtered')}>
      <Button onClick={() => setParams(new URLSearchParams())}>{t('empty.resetFilters')}</Button>
    </Empty>
  ) : (
    <Empty
      description={
        <Space orientation="vertical" size={4}>
          <Typography.Text strong>{t('empty.none')}</Typography.Text>
          <Typography.Text type="secondary">
            {access.writeRoster ? t('empty.noneHint') : t('empty.noneHintReadOnly')}
          </Typography.Text>
        </Space>
      }
    >
      {access.writeRoster && (
        <Space wrap style={{ justifyContent: 'center' }}>
          <Button type="primary" icon={<UploadOutlined />} onClick={() => navigate('/import/teachers')}>
            {t('empty.goImport')}
          </Button>
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('action.create')}
          </Button>
        </Space>
      )}
    </Empty>
  );

  return (
    <div>
      <PageHeader
        title={t('title')}
        extra={
          <>
            {access.writeRoster && (
              <>
                <AccountSlipButton
                  teacherIds={selected}
                  countyAdmin={access.countyAdmin}
                  size="middle"
                  label={t('slip.printSelected', { n: selected.length })}
                />
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setCreating(true)}
                  data-testid="teacher-create"
                >
                  {t('action.create')}
                </Button>
                <Button icon={<UploadOutlined />} onClick={() => navigate('/import/teachers')}>
                  {t('action.import')}
                </Button>
              </>
            )}
            <Popconfirm
              title={t('export.title')}
              description={<div style={{ maxWidth: 280 }}>{t('export.confirm', { total })}</div>}
              okText={t('action.export')}
              cancelText={t('common:action.cancel')}
              disabled={total === 0}
              onConfirm={() => exportTeachers(filters)}
            >
              <Button icon={<DownloadOutlined />} disabled={total === 0} title={t('export.hint')}>
                {t('action.export')}
              </Button>
            </Popconfirm>
          </>
        }
      />
      <Card>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={24} md={12} xl={8}>
            <Input.Search
              allowClear
              placeholder={t('searchPlaceholder')}
              aria-label={t('searchPlaceholder')}
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                // The clear button empties the box: drop the filter at once.
                if (!e.target.value && filters.q) update({ q: undefined });
              }}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              enterButton
            />
          </Col>
          {showSchoolFilter && (
            <Col xs={24} md={12} xl={8}>
              <SchoolSelect
                style={{ width: '100%' }}
                placeholder={t('filter.school')}
                aria-label={t('filter.school')}
                value={filters.schoolId}
                onChange={(v?: number) => update({ schoolId: v })}
              />
            </Col>
          )}
          <Col xs={12} sm={8} xl={4}>
            {enumSelect('stage', dict('stage'), t('field.stage'))}
          </Col>
          <Col xs={12} sm={8} xl={4}>
            {enumSelect('subject', dict('subject'), t('field.subject'))}
          </Col>
          <Col xs={12} sm={8} xl={4}>
            {enumSelect('title', dict('title'), t('field.title'))}
          </Col>
          <Col xs={12} sm={8} xl={4}>
            {enumSelect('degree', dict('degree'), t('field.degree'))}
          </Col>
          <Col xs={12} sm={8} xl={4}>
            {enumSelect('tag', dict('honour'), t('field.tags'))}
          </Col>
          <Col xs={12} sm={8} xl={4}>
            {enumSelect('status', TEACHER_STATUSES, t('field.status'))}
          </Col>
          <Col xs={24} sm={8} xl={4}>
            <Button block disabled={!narrowed} onClick={() => setParams(new URLSearchParams())}>
              {t('common:action.reset')}
            </Button>
          </Col>
        </Row>
        {scopedBy && (
          <Tag
            closable
            color="blue"
            style={{ marginBottom: 12 }}
            onClose={() => update({ areaId: undefined, consortiumId: undefined })}
          >
            {t(`filter.scoped.${scopedBy}`)}
          </Tag>
        )}
        {list.isError && !list.data ? (
          <PageError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<Teacher>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            onChange={onTableChange}
            rowSelection={
              access.writeRoster
                ? {
                    selectedRowKeys: selected,
                    preserveSelectedRowKeys: true,
                    onChange: (keys) => setSelected(keys as number[]),
                    getCheckboxProps: (r) => ({ disabled: r.status !== '在职' || r.accountState === 'active' }),
                  }
                : undefined
            }
            locale={{ emptyText: list.isLoading ? ' ' : emptyText }}
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => t('common:total', { total: n }),
              hideOnSinglePage: false,
            }}
          />
        )}
        <TeacherFormDrawer
          mode="create"
          open={creating}
          onClose={() => setCreating(false)}
          defaultSchoolId={filters.schoolId ?? me.data?.schoolId}
          onSaved={(saved) => navigate(`/teachers/${saved.id}`)}
        />
      </Card>
    </div>
  );
}
