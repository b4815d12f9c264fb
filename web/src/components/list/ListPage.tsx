// The one list page of the admin screens, in the manner of ant-design-pro's ProTable (which does not
// support antd 6): filters and tabs in the URL (shareable, Back works), server-side pagination and
// sorting, loading / empty / error states, column settings remembered per user, an export button
// on the list's GET …/export with the same filters, and row selection with bulk actions.
// docs/ARCHITECTURE.md has a short example.
import { DownloadOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Grid,
  Input,
  Popover,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnType,
  type TableProps,
  Tabs,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type Key, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../features/auth/auth.api';
import { downloadUrl } from '../../lib/http';
import { fmtInt } from '../format';
import { FilterBar, PageHeader } from '../PageHeader';
import { PageError } from '../PageState';
import { SchoolSelect } from '../SchoolSelect';
import { type ListUrl, useListUrl } from './useListUrl';

/** What a list endpoint answers: a page of items, the total (not needed when paged in the browser), and anything else (counts, sums). */
export type ListData<T> = { items: T[]; total?: number };

/** The URL's values of the filters and the tab (strings as written in the URL). */
export type ListValues = Record<string, string | undefined>;

export interface ListColumn<T> extends Omit<TableColumnType<T>, 'key' | 'sorter' | 'sortOrder'> {
  /** Stable id: column settings remember it. */
  key: string;
  title: ReactNode;
  /** The server-side sort this column offers (URL `sort=<sortKey>&order=asc|desc`). */
  sortKey?: string;
  /** Always shown (the row's name, its actions): not offered in the column settings. */
  locked?: boolean;
  /** Hidden until the user shows it in the column settings. */
  defaultHidden?: boolean;
  /** A client-side sorter, for lists paged in the browser (`paging="client"`). */
  compare?: (a: T, b: T) => number;
}

interface FilterBase {
  /** URL param (and, unless toParams says otherwise, the list endpoint's query param). */
  name: string;
  /** Placeholder and accessible name. */
  label: string;
  width?: number;
  /** Not shown (e.g. a school filter for a school admin); its URL value still applies. */
  hidden?: boolean;
}

export type ListFilter =
  | (FilterBase & { type: 'search' })
  | (FilterBase & {
      type: 'select';
      options: Array<{ value: string; label: ReactNode }>;
      /** Shown when the URL has no value; choosing it clears the param. */
      defaultValue?: string;
      showSearch?: boolean;
      loading?: boolean;
      /** Other params to change along with this one. */
      alsoSet?: (value: string | undefined) => Record<string, string | undefined>;
    })
  | (FilterBase & { type: 'school'; alsoSet?: (value: string | undefined) => Record<string, string | undefined> })
  | { type: 'dateRange'; name: string; to: string; label: string; width?: number; hidden?: boolean }
  | { type: 'custom'; name: string; render: (ctx: ListContext) => ReactNode; hidden?: boolean };

export interface ListTabs<D> {
  /** URL param of the tab. */
  name: string;
  /** The tab shown when the URL has none. */
  default: string;
  items:
    | Array<{ key: string; label: ReactNode | ((data: D | undefined) => ReactNode) }>
    | ((data: D | undefined) => Array<{ key: string; label: ReactNode }>);
  /** `tabs` above the filters (default), or a `segmented` control in the filter bar. */
  variant?: 'tabs' | 'segmented';
}

export interface ListContext {
  url: ListUrl;
  values: ListValues;
  set(patch: Record<string, string | number | null | undefined>): void;
}

export interface ListPageProps<T, D extends ListData<T>> {
  /** Names the list: column settings are remembered per user under it. */
  id: string;
  title?: ReactNode;
  sub?: ReactNode;
  /** Buttons in the header (create …). */
  actions?: ReactNode;
  /** URL param prefix for a list inside another page (a tab), e.g. `p.`. */
  prefix?: string;
  filters?: ListFilter[];
  tabs?: ListTabs<D>;
  /** URL values → the list endpoint's query (default: the values as they are, tab `all` left out). */
  toParams?: (values: ListValues) => Record<string, unknown>;
  /**
   * The feature's React Query hook for the list endpoint (`useTrainers`), called with the query
   * (toParams' result) plus page, pageSize, sort and order.
   */
  useList: (params: never) => UseQueryResult<D>;
  /** GET endpoint answering the same query as .xlsx; no export button without it. */
  exportPath?: string;
  /** The columns; a function when some depend on the data (e.g. figures only some callers get). */
  columns: ListColumn<T>[] | ((data: D | undefined) => ListColumn<T>[]);
  rowKey: (row: T) => Key;
  empty?: { none?: ReactNode; filtered?: ReactNode; extra?: ReactNode };
  /** Beside the filters: sums, capacity … */
  summary?: (data: D) => ReactNode;
  /** Above the table: hints and alerts that depend on the data. */
  banner?: (data: D | undefined) => ReactNode;
  /** More buttons in the toolbar (print, import …). */
  toolbar?: ReactNode;
  /** Row selection with bulk actions. */
  bulk?: {
    actions: (rows: T[], clear: () => void, data: D | undefined) => ReactNode;
    /** Which rows may be selected (others show a disabled box with a hint). */
    selectable?: (row: T) => boolean;
    disabledHint?: ReactNode;
    /** Off to hide the boxes (e.g. nothing the caller may act on). */
    enabled?: boolean | ((data: D | undefined) => boolean);
  };
  /** One card per row on a phone instead of the columns. */
  phoneRender?: (row: T) => ReactNode;
  /** `server` (default): the endpoint pages; `client`: it answers everything and the browser pages. */
  paging?: 'server' | 'client';
  defaultPageSize?: number;
  tableProps?: Omit<TableProps<T>, 'columns' | 'dataSource' | 'pagination' | 'rowSelection' | 'loading' | 'rowKey'>;
  'data-testid'?: string;
}

const PAGE_SIZES = [20, 50, 100, 200];

function storageKey(userId: number | undefined, id: string) {
  return `shixun.list.${userId ?? 'anon'}.${id}.hidden`;
}

function readHidden(key: string, fallback: string[]): string[] {
  try {
    const v = localStorage.getItem(key);
    const parsed = v ? JSON.parse(v) : null;
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : fallback;
  } catch {
    return fallback;
  }
}

/** Which columns are hidden, remembered per user and list in localStorage. */
function useHiddenColumns(id: string, columns: ListColumn<unknown>[]) {
  const me = useMe().data;
  const key = storageKey(me?.id, id);
  const defaults = useMemo(() => columns.filter((c) => c.defaultHidden).map((c) => c.key), [columns]);
  const [hidden, setHidden] = useState<string[]>(() => readHidden(key, defaults));
  const loadedFor = useRef(key);
  useEffect(() => {
    // The user became known after the first render (or changed): load their settings.
    if (loadedFor.current === key) return;
    loadedFor.current = key;
    setHidden(readHidden(key, defaults));
  }, [key, defaults]);
  const save = (next: string[] | null) => {
    const value = next ?? defaults;
    setHidden(value);
    try {
      if (next === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(next));
    } catch {
      /* private mode: settings last for this visit */
    }
  };
  return { hidden, save };
}

function defaultParams(values: ListValues, tabs?: { name: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === '') continue;
    if (tabs && k === tabs.name && v === 'all') continue;
    out[k] = v;
  }
  return out;
}

export function ListPage<T, D extends ListData<T> = ListData<T>>(props: ListPageProps<T, D>) {
  const {
    id,
    title,
    sub,
    actions,
    prefix = '',
    filters = [],
    tabs,
    toParams,
    useList,
    exportPath,
    columns: columnsProp,
    rowKey,
    empty,
    summary,
    banner,
    toolbar,
    bulk,
    phoneRender,
    paging = 'server',
    defaultPageSize = 20,
    tableProps,
  } = props;
  const { t } = useTranslation('list');
  const url = useListUrl(prefix);
  const phone = !Grid.useBreakpoint().md;

  // ---------- state from the URL ----------
  const values: ListValues = readFilterValues(url, filters);
  if (tabs) values[tabs.name] = url.get(tabs.name) ?? tabs.default;
  const page = Math.max(1, Number(url.get('page')) || 1);
  const pageSizeRaw = Number(url.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(pageSizeRaw) ? pageSizeRaw : defaultPageSize;
  const sortParam = url.get('sort');
  // Sortable columns do not depend on the data (which depends on the sort).
  const sortable = (typeof columnsProp === 'function' ? columnsProp(undefined) : columnsProp)
    .filter((c) => c.sortKey)
    .map((c) => c.sortKey);
  const sort = sortParam && sortable.includes(sortParam) ? sortParam : undefined;
  const order = url.get('order') === 'desc' ? 'desc' : url.get('order') === 'asc' ? 'asc' : undefined;
  const filterParams = (toParams ?? ((v: ListValues) => defaultParams(v, tabs)))(values);
  const listParams =
    paging === 'server'
      ? { ...filterParams, page, pageSize, ...(sort ? { sort, order: order ?? 'asc' } : {}) }
      : filterParams;
  const list = useList(listParams as never);
  const data = list.data;
  const columns = typeof columnsProp === 'function' ? columnsProp(data) : columnsProp;
  const filtered = filters.some((f) => {
    const v = url.get(f.name) ?? (f.type === 'dateRange' ? url.get(f.to) : undefined);
    return v !== undefined && !(f.type === 'select' && v === f.defaultValue);
  });
  const set = (patch: Record<string, string | number | null | undefined>) => url.set(patch);
  const ctx: ListContext = { url, values, set };

  // ---------- selection ----------
  const [selected, setSelected] = useState<Map<Key, T>>(new Map());
  const filterKey = JSON.stringify(filterParams);
  const lastFilterKey = useRef(filterKey);
  useEffect(() => {
    if (lastFilterKey.current !== filterKey) {
      lastFilterKey.current = filterKey;
      setSelected(new Map());
    }
  }, [filterKey]);
  const clearSelection = () => setSelected(new Map());
  const selecting = !!bulk && (typeof bulk.enabled === 'function' ? bulk.enabled(data) : bulk.enabled !== false);

  // ---------- columns ----------
  const { hidden, save } = useHiddenColumns(id, columns as ListColumn<unknown>[]);
  const hideable = columns.filter((c) => !c.locked);
  const shown = columns.filter((c) => c.locked || !hidden.includes(c.key));
  const tableColumns: TableProps<T>['columns'] = shown.map(({ sortKey, locked, defaultHidden, compare, ...c }) => ({
    ...c,
    ...(sortKey
      ? {
          sorter: true,
          sortOrder: sort === sortKey ? (order === 'desc' ? 'descend' : 'ascend') : null,
        }
      : compare && paging === 'client'
        ? { sorter: compare }
        : {}),
  }));

  const items = data?.items ?? [];
  const total = data?.total ?? items.length;
  const emptyText = list.isLoading ? (
    ' '
  ) : (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={filtered ? (empty?.filtered ?? t('emptyFiltered')) : (empty?.none ?? t('empty'))}
    >
      {!filtered && empty?.extra}
    </Empty>
  );

  const exportButton = exportPath && (
    <Tooltip title={total ? t('exportHint', { total: fmtInt(total) }) : t('exportEmpty')}>
      <Button
        icon={<DownloadOutlined />}
        disabled={!data || total === 0}
        onClick={() => {
          const { page: _p, pageSize: _s, ...rest } = listParams as Record<string, unknown>;
          downloadUrl(exportPath, rest as Record<string, string>);
        }}
        data-testid={`${id}-export`}
      >
        {phone ? null : t('export')}
      </Button>
    </Tooltip>
  );
  const columnSettings =
    !phone || !phoneRender ? (
      <Popover
        trigger="click"
        placement="bottomRight"
        title={t('columnsHint')}
        content={
          <Space orientation="vertical" size={4} data-testid={`${id}-columns`}>
            {hideable.map((c) => (
              <Checkbox
                key={c.key}
                checked={!hidden.includes(c.key)}
                onChange={(e) => save(e.target.checked ? hidden.filter((k) => k !== c.key) : [...hidden, c.key])}
              >
                {c.title}
              </Checkbox>
            ))}
            <Button size="small" type="link" style={{ paddingInline: 0 }} onClick={() => save(null)}>
              {t('columnsReset')}
            </Button>
          </Space>
        }
      >
        <Tooltip title={t('columns')}>
          <Button icon={<SettingOutlined />} aria-label={t('columns')} data-testid={`${id}-column-settings`} />
        </Tooltip>
      </Popover>
    ) : null;

  const tabList = typeof tabs?.items === 'function' ? tabs.items(data) : tabs?.items;
  const tabItems = tabList?.map((it) => ({
    key: it.key,
    label: <span data-testid={`tab-${it.key}`}>{typeof it.label === 'function' ? it.label(data) : it.label}</span>,
  }));
  const onTab = (k: string) => set({ [tabs!.name]: k === tabs!.default ? undefined : k });

  const filterControls = <FilterControls filters={filters} ctx={ctx} />;

  const selectedRows = [...selected.values()];
  const rowSelection: TableProps<T>['rowSelection'] = selecting
    ? {
        selectedRowKeys: [...selected.keys()],
        preserveSelectedRowKeys: true,
        onChange: (keys, rows) => {
          const next = new Map<Key, T>();
          for (const k of keys) {
            const row = rows.find((r) => r && rowKey(r) === k) ?? selected.get(k);
            if (row) next.set(k, row);
          }
          setSelected(next);
        },
        getCheckboxProps: (r) => ({ disabled: bulk?.selectable ? !bulk.selectable(r) : false }),
        renderCell: (_checked, r, _i, node) =>
          bulk?.selectable && !bulk.selectable(r) ? (
            <Tooltip title={bulk.disabledHint ?? t('notSelectable')}>{node}</Tooltip>
          ) : (
            node
          ),
      }
    : undefined;

  const usePhoneCards = phone && !!phoneRender;
  const phoneColumns: TableProps<T>['columns'] = [{ key: 'card', render: (_, r) => phoneRender?.(r) }];

  return (
    <div data-testid={props['data-testid'] ?? `list-${id}`}>
      {(title || actions) && <PageHeader title={title} sub={sub} extra={actions} />}
      {tabs && tabs.variant !== 'segmented' && <Tabs activeKey={values[tabs.name]} onChange={onTab} items={tabItems} />}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start' }}>
        <div style={{ flex: '1 1 200px', minWidth: 0 }}>
          <FilterBar>
            {tabs?.variant === 'segmented' && (
              <div style={{ maxWidth: '100%', overflowX: 'auto' }}>
                <Segmented
                  value={values[tabs.name]}
                  onChange={(v) => onTab(String(v))}
                  options={(tabItems ?? []).map((i) => ({ value: i.key, label: i.label }))}
                />
              </div>
            )}
            {filterControls}
            {filtered && (
              <Button
                onClick={() => url.clear(filters.flatMap((f) => (f.type === 'dateRange' ? [f.name, f.to] : [f.name])))}
              >
                {t('reset')}
              </Button>
            )}
            {data && summary && (
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
                {summary(data)}
              </Typography.Text>
            )}
          </FilterBar>
        </div>
        <Space wrap size={8} style={{ marginBottom: 16 }}>
          {toolbar}
          {exportButton}
          <Tooltip title={t('reload')}>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('reload')}
              loading={list.isFetching && !list.isLoading}
              onClick={() => list.refetch()}
            />
          </Tooltip>
          {columnSettings}
        </Space>
      </div>
      {banner?.(data)}
      {selecting && selectedRows.length > 0 && (
        <div
          style={{
            display: 'flex',
            flexWrap: 'wrap',
            gap: 8,
            alignItems: 'center',
            padding: '8px 12px',
            marginBottom: 12,
            background: '#e6f4ff',
            border: '1px solid #91caff',
            borderRadius: 8,
          }}
          data-testid={`${id}-bulk`}
        >
          <Typography.Text>{t('selected', { n: selectedRows.length })}</Typography.Text>
          <Button type="link" size="small" onClick={clearSelection}>
            {t('clearSelection')}
          </Button>
          <span style={{ flex: 1 }} />
          <Space wrap>{bulk!.actions(selectedRows, clearSelection, data)}</Space>
        </div>
      )}
      {list.error && !data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<T>
          rowKey={rowKey}
          size="middle"
          columns={usePhoneCards ? phoneColumns : tableColumns}
          showHeader={!usePhoneCards}
          dataSource={items}
          loading={list.isFetching}
          scroll={usePhoneCards ? undefined : { x: 'max-content' }}
          rowSelection={rowSelection}
          locale={{ emptyText }}
          {...tableProps}
          pagination={{
            current: page,
            ...(paging === 'server' ? { total } : {}),
            pageSize,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (n) => t('total', { total: fmtInt(n) }),
            size: phone ? 'small' : undefined,
            hideOnSinglePage: false,
          }}
          onChange={(p, _f, sorter, extra) => {
            if (extra.action === 'sort' && paging === 'server') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const col = shown.find((c) => c.key === String(s?.columnKey));
              set({
                sort: s?.order && col?.sortKey ? col.sortKey : undefined,
                order: s?.order === 'descend' ? 'desc' : s?.order ? 'asc' : undefined,
              });
            } else if (extra.action === 'paginate') {
              set({
                page: p.current === 1 ? undefined : p.current,
                pageSize: p.pageSize === defaultPageSize ? undefined : p.pageSize,
              });
            }
          }}
        />
      )}
    </div>
  );
}

/** Read a list's filters from the URL: the values each control shows (defaults applied). */
export function readFilterValues(url: ListUrl, filters: ListFilter[]): ListValues {
  const values: ListValues = {};
  for (const f of filters) {
    values[f.name] = url.get(f.name);
    if (f.type === 'dateRange') values[f.to] = url.get(f.to);
    if (f.type === 'select' && f.defaultValue !== undefined && values[f.name] === undefined) {
      values[f.name] = f.defaultValue;
    }
  }
  return values;
}

/** The filter controls of a list, bound to the URL (also used by pages that are not a table). */
export function FilterControls({ filters, ctx }: { filters: ListFilter[]; ctx: ListContext }) {
  const { t } = useTranslation('list');
  const { url, values, set } = ctx;
  return (
    <>
      {filters.map((f) => {
        if (f.hidden) return null;
        switch (f.type) {
          case 'search':
            return (
              <Input.Search
                key={`${f.name}-${url.get(f.name) ?? ''}`}
                defaultValue={url.get(f.name)}
                placeholder={f.label}
                aria-label={f.label}
                allowClear
                onSearch={(v) => set({ [f.name]: v.trim() || undefined })}
                style={{ width: f.width ?? 220, maxWidth: '100%' }}
              />
            );
          case 'select':
            return (
              <Select<string>
                key={f.name}
                value={values[f.name]}
                placeholder={f.label}
                aria-label={f.label}
                allowClear={f.defaultValue === undefined}
                showSearch={f.showSearch ? { optionFilterProp: 'label' } : undefined}
                loading={f.loading}
                options={f.options}
                onChange={(v) => set({ [f.name]: v === f.defaultValue ? undefined : v, ...f.alsoSet?.(v) })}
                style={{ width: f.width ?? 140, maxWidth: '100%' }}
              />
            );
          case 'school':
            return (
              <SchoolSelect
                key={f.name}
                value={values[f.name] ? Number(values[f.name]) : undefined}
                placeholder={f.label}
                aria-label={f.label}
                onChange={(v) => set({ [f.name]: v, ...f.alsoSet?.(v == null ? undefined : String(v)) })}
                style={{ width: f.width ?? 220, maxWidth: '100%' }}
              />
            );
          case 'dateRange': {
            const from = url.get(f.name);
            const to = url.get(f.to);
            return (
              <DatePicker.RangePicker
                key={f.name}
                aria-label={f.label}
                placeholder={[t('dateFrom'), t('dateTo')]}
                value={from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null}
                allowEmpty={[true, true]}
                onChange={(r) => set({ [f.name]: r?.[0]?.format('YYYY-MM-DD'), [f.to]: r?.[1]?.format('YYYY-MM-DD') })}
                style={{ width: f.width ?? 260, maxWidth: '100%' }}
              />
            );
          }
          case 'custom':
            return <span key={f.name}>{f.render(ctx)}</span>;
        }
        return null;
      })}
    </>
  );
}
