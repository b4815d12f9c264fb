// The one shape of the county's groupings of schools — 学区 (areas) and 教联体 (consortia): a list
// with school and teacher counts (a count opens the schools), a name search, sorting and column
// settings on the shared list page; county admins create, edit (each kind its own form) and delete.
import { PlusOutlined } from '@ant-design/icons';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space } from 'antd';
import { type ComponentType, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf } from '../../access';
import { fmtInt } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useMe } from '../auth/auth.api';

export interface OrgUnit {
  id: number;
  name: string;
  schoolCount: number;
  teacherCount: number;
}

type UnitList<T> = { items: T[]; total?: number };

/**
 * A unit list filtered by name in the browser (the lists are a few dozen rows, loaded whole); each
 * page wraps its list hook with it at module level.
 */
export function useNameSearch<T extends OrgUnit>(
  result: UseQueryResult<UnitList<T>>,
  q: string | undefined,
): UseQueryResult<UnitList<T>> {
  const data = useMemo(() => {
    if (!result.data) return undefined;
    const needle = q?.trim();
    const items = needle ? result.data.items.filter((u) => u.name.includes(needle)) : result.data.items;
    return { items, total: items.length };
  }, [result.data, q]);
  return { ...result, data } as UseQueryResult<UnitList<T>>;
}

export interface OrgUnitsPageProps<T extends OrgUnit> {
  /** `area` or `consortium`: the list's id, its strings (org:<kind>.*) and its school filter. */
  kind: 'area' | 'consortium';
  useList: (p: { q?: string }) => UseQueryResult<UnitList<T>>;
  useDelete: () => UseMutationResult<unknown, Error, number>;
  /** The kind's own columns, between the name and the counts. */
  columns: ListColumn<T>[];
  /** What deleting this one does (shown in the confirmation). */
  deleteHint: (unit: T) => ReactNode;
  /** The create/edit form: `unit` null to create, undefined when closed. */
  Form: ComponentType<{ unit: T | null | undefined; onClose: () => void }>;
}

export function OrgUnitsPage<T extends OrgUnit>({
  kind,
  useList,
  useDelete,
  columns,
  deleteHint,
  Form,
}: OrgUnitsPageProps<T>) {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const access = accessOf(useMe().data);
  const del = useDelete();
  const [editing, setEditing] = useState<T | null | undefined>(undefined);
  const schoolFilter = kind === 'area' ? 'areaId' : 'consortiumId';

  const onDelete = async (u: T) => {
    try {
      await del.mutateAsync(u.id);
      message.success(t('common:state.deleted'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const all: ListColumn<T>[] = [
    {
      key: 'name',
      title: t(`${kind}.name`),
      dataIndex: 'name',
      locked: true,
      compare: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
    },
    ...columns,
    {
      key: 'schoolCount',
      title: t(`${kind}.schoolCount`),
      dataIndex: 'schoolCount',
      align: 'right',
      compare: (a, b) => a.schoolCount - b.schoolCount,
      render: (v: number, u) => <Link to={`/schools?${schoolFilter}=${u.id}`}>{fmtInt(v)}</Link>,
    },
    {
      key: 'teacherCount',
      title: t(`${kind}.teacherCount`),
      dataIndex: 'teacherCount',
      align: 'right',
      compare: (a, b) => a.teacherCount - b.teacherCount,
      render: (v: number) => fmtInt(v),
    },
    ...(access.can('org.manage')
      ? [
          {
            key: 'actions',
            title: t('common:action.operations'),
            locked: true,
            render: (_: unknown, u: T) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(u)}>
                  {t('common:action.edit')}
                </Button>
                <Popconfirm
                  title={t(`${kind}.deleteConfirm`, { name: u.name })}
                  description={deleteHint(u)}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => onDelete(u)}
                >
                  <Button type="link" size="small" danger>
                    {t('common:action.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <ListPage<T, UnitList<T>>
        id={kind === 'area' ? 'areas' : 'consortia'}
        title={t(`${kind}.title`)}
        sub={t(`${kind}.sub`)}
        actions={
          access.can('org.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t(`${kind}.create`)}
            </Button>
          )
        }
        filters={[{ type: 'search', name: 'q', label: t(`${kind}.name`), width: 200 }]}
        useList={useList}
        paging="client"
        columns={all}
        rowKey={(u) => u.id}
        empty={{ none: access.can('org.manage') ? t(`${kind}.emptyHint`) : t(`${kind}.empty`) }}
      />
      <Form unit={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
