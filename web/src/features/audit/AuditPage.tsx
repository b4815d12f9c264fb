// The audit log (county admins): who did what to which record, from where; newest first, with
// each entry's changes (before → after) in an expandable row; filters in the URL, export.
import type { AuditEntry } from '@shixun/common';
import { Input, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fmtDateTime } from '../../components/format';
import { type ListColumn, ListPage } from '../../components/list/ListPage';
import { useListUrl } from '../../components/list/useListUrl';
import { AuditDiff } from './AuditDiff';
import { useAuditActions, useAuditLog } from './audit.api';

/** The records the filter offers (every entity has a name in the locales; others show as stored). */
const ENTITIES = [
  'teacher',
  'school',
  'area',
  'consortium',
  'user',
  'project',
  'participation',
  'certificate',
  'report_back',
  'reimbursement_claim',
  'credit_application',
  'credit_entry',
  'notice',
] as const;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export default function AuditPage() {
  const { t } = useTranslation('audit');
  const url = useListUrl();
  const actions = useAuditActions();
  const labels = new Map((actions.data ?? []).map((a) => [a.action, a.label]));
  const entityLabel = (e: string) => t(`entity.${e}`, { defaultValue: e });

  const columns: ListColumn<AuditEntry>[] = [
    {
      key: 'at',
      title: t('col.at'),
      dataIndex: 'at',
      locked: true,
      render: (v: string) => (
        <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{fmtDateTime(v)}</span>
      ),
    },
    {
      key: 'user',
      title: t('col.user'),
      dataIndex: 'userName',
      render: (v: string | null, e) => (e.userId == null ? t('system') : (v ?? t('system'))),
    },
    {
      key: 'action',
      title: t('col.action'),
      dataIndex: 'action',
      locked: true,
      render: (v: string) => <Tooltip title={v}>{labels.get(v) ?? v}</Tooltip>,
    },
    {
      key: 'entity',
      title: t('col.entity'),
      render: (_, e) => (
        <span>
          <Typography.Text type="secondary">{entityLabel(e.entity)}</Typography.Text>
          {e.entityId ? (
            <Tooltip title={t('sameRecord')}>
              <Typography.Link
                style={{ marginLeft: 6 }}
                onClick={() => url.set({ entity: e.entity, entityId: e.entityId })}
                data-testid="audit-target"
              >
                {e.target ?? `#${e.entityId}`}
              </Typography.Link>
            </Tooltip>
          ) : (
            e.target && <span style={{ marginLeft: 6 }}>{e.target}</span>
          )}
        </span>
      ),
    },
    {
      key: 'ip',
      title: t('col.ip'),
      dataIndex: 'ip',
      render: (v: string | null, e) => (
        <Tooltip title={e.userAgent}>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v ?? '—'}</span>
        </Tooltip>
      ),
    },
  ];

  /** One card per entry on a phone: what was done, to which record, by whom and when. */
  const phoneCard = (e: AuditEntry) => (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <Typography.Text strong>{labels.get(e.action) ?? e.action}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {fmtDateTime(e.at)}
        </Typography.Text>
      </div>
      {(e.target || e.entityId) && (
        <div>
          <Typography.Text type="secondary">{entityLabel(e.entity)} </Typography.Text>
          {e.target ?? `#${e.entityId}`}
        </div>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {e.userId == null ? t('system') : (e.userName ?? t('system'))}
        {e.ip ? ` · ${e.ip}` : ''}
      </Typography.Text>
    </div>
  );

  return (
    <ListPage<AuditEntry>
      id="audit"
      title={t('title')}
      sub={t('sub')}
      filters={[
        { type: 'search', name: 'q', label: t('filter.user'), width: 200 },
        {
          type: 'select',
          name: 'action',
          label: t('filter.action'),
          width: 180,
          showSearch: true,
          loading: actions.isLoading,
          options: (actions.data ?? []).map((a) => ({ value: a.action, label: a.label })),
        },
        {
          type: 'select',
          name: 'entity',
          label: t('filter.entity'),
          width: 130,
          options: ENTITIES.map((e) => ({ value: e, label: entityLabel(e) })),
          alsoSet: () => ({ entityId: undefined }),
        },
        {
          type: 'custom',
          name: 'entityId',
          hidden: !url.get('entityId'),
          render: ({ values, set }) => (
            <Input
              value={`#${values.entityId ?? ''}`}
              readOnly
              allowClear
              onChange={(e) => {
                if (!e.target.value) set({ entityId: undefined });
              }}
              style={{ width: 110 }}
              aria-label={t('filter.entityId')}
            />
          ),
        },
        { type: 'dateRange', name: 'from', to: 'to', label: t('filter.dates') },
      ]}
      toParams={(v) => ({
        q: v.q,
        action: v.action,
        entity: v.entity,
        entityId: v.entityId,
        from: v.from && isoDate.test(v.from) ? v.from : undefined,
        to: v.to && isoDate.test(v.to) ? v.to : undefined,
      })}
      useList={useAuditLog}
      exportPath="/api/audit/export"
      columns={columns}
      rowKey={(e) => e.id}
      phoneRender={phoneCard}
      empty={{ none: t('empty'), filtered: t('emptyFiltered') }}
      tableProps={{
        expandable: {
          rowExpandable: (e) => e.before != null || e.after != null,
          expandedRowRender: (e) => <AuditDiff before={e.before} after={e.after} />,
        },
      }}
    />
  );
}
