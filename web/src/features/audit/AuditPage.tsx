// The audit log (county admins): who did what to which record, from where; newest first, with
// each entry's changes (before → after) in an expandable row.
import type { AuditEntry } from '@shixun/common';
import { DatePicker, Empty, Input, Select, Table, type TableProps, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { fmtDateTime, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { AuditDiff } from './AuditDiff';
import { type AuditListParams, useAuditActions, useAuditLog } from './audit.api';

/** The entities modules record; anything else is shown as stored. */
const ENTITIES = ['teacher', 'school', 'area', 'consortium', 'user', 'region'] as const;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export default function AuditPage() {
  const { t } = useTranslation('audit');
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const date = (k: string) => {
    const v = uq.str(k);
    return v && isoDate.test(v) ? v : undefined;
  };
  const params: AuditListParams = {
    page,
    pageSize,
    q: uq.str('q'),
    action: uq.str('action'),
    entity: uq.str('entity'),
    entityId: uq.str('entityId'),
    from: date('from'),
    to: date('to'),
  };
  const list = useAuditLog(params);
  const actions = useAuditActions();
  const labels = new Map((actions.data ?? []).map((a) => [a.action, a.label]));
  const filtered = Boolean(params.q || params.action || params.entity || params.entityId || params.from || params.to);
  const entityLabel = (e: string) => t(`entity.${e}`, { defaultValue: e });

  const columns: TableProps<AuditEntry>['columns'] = [
    {
      title: t('col.at'),
      dataIndex: 'at',
      render: (v: string) => (
        <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{fmtDateTime(v)}</span>
      ),
    },
    { title: t('col.user'), dataIndex: 'userName', render: (v: string | null) => v ?? t('system') },
    {
      title: t('col.action'),
      dataIndex: 'action',
      render: (v: string) => <Tooltip title={v}>{labels.get(v) ?? v}</Tooltip>,
    },
    {
      title: t('col.entity'),
      key: 'entity',
      render: (_, e) => (
        <span>
          {entityLabel(e.entity)}
          {e.entityId && (
            <Typography.Link
              style={{ marginLeft: 4 }}
              onClick={() => uq.set({ entity: e.entity, entityId: e.entityId })}
              title={t('sameRecord')}
            >
              #{e.entityId}
            </Typography.Link>
          )}
        </span>
      ),
    },
    {
      title: t('col.ip'),
      dataIndex: 'ip',
      render: (v: string | null, e) => (
        <Tooltip title={e.userAgent}>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v ?? '—'}</span>
        </Tooltip>
      ),
    },
  ];

  return (
    <div>
      <PageHeader title={t('title')} sub={t('sub')} />
      <FilterBar>
        <Input.Search
          key={`q-${params.q ?? ''}`}
          defaultValue={params.q}
          placeholder={t('filter.user')}
          allowClear
          onSearch={(v) => uq.set({ q: v.trim() })}
          style={{ width: 200, maxWidth: '100%' }}
        />
        <Select
          value={params.action}
          placeholder={t('filter.action')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={actions.isLoading}
          options={(actions.data ?? []).map((a) => ({ value: a.action, label: a.label }))}
          onChange={(v) => uq.set({ action: v })}
          style={{ width: 180 }}
        />
        <Select
          value={params.entity}
          placeholder={t('filter.entity')}
          allowClear
          options={ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))}
          onChange={(v) => uq.set({ entity: v, entityId: undefined })}
          style={{ width: 130 }}
        />
        {params.entityId && (
          <Input
            value={`#${params.entityId}`}
            readOnly
            allowClear
            onChange={(e) => {
              if (!e.target.value) uq.set({ entityId: undefined });
            }}
            style={{ width: 110 }}
            aria-label={t('filter.entityId')}
          />
        )}
        <DatePicker.RangePicker
          value={
            params.from || params.to
              ? [params.from ? dayjs(params.from) : null, params.to ? dayjs(params.to) : null]
              : null
          }
          onChange={(r) => uq.set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          allowEmpty={[true, true]}
          style={{ width: 260, maxWidth: '100%' }}
        />
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          expandable={{
            rowExpandable: (e) => e.before != null || e.after != null,
            expandedRowRender: (e) => <AuditDiff before={e.before} after={e.after} />,
          }}
          locale={{
            emptyText: list.isLoading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('emptyFiltered') : t('empty')} />
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
          onChange={(p) => uq.set({ page: p.current, pageSize: p.pageSize })}
        />
      )}
    </div>
  );
}
