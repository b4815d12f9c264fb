// Accounts of the county (county admins): filters in the URL, status and activation tags, create/edit,
// account slips (one-time codes), reset password, disable/enable, clear the sign-in wait; school-admin
// accounts in bulk and from a sheet. Teacher accounts (thousands) are hidden unless asked for.
import { KeyOutlined, PlusOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { ACCOUNT_STATES, type Account, type AccountState, ROLES, type Role } from '@shixun/common';
import { App, Button, Empty, Input, Popconfirm, Select, Space, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtDate, fmtDateTime, fmtInt } from '../../components/format';
import { FilterBar, PageHeader } from '../../components/PageHeader';
import { PageError } from '../../components/PageState';
import { usePaging, useUrlQuery } from '../../components/useUrlQuery';
import { useMe } from '../auth/auth.api';
import { useSchoolOptions } from '../org/org.api';
import { AccountFormDrawer } from './AccountFormDrawer';
import { type AccountListParams, useAccounts, useSetDisabled, useUnlockAccount } from './accounts.api';
import { BulkSchoolAdminsModal } from './BulkSchoolAdminsModal';
import { ResetPasswordModal } from './ResetPasswordModal';
import { keepSlips } from './slipStore';
import { useIssueSlips } from './slips.api';
import { STATE_COLOR } from './state';

/** URL value of the role filter: absent = everyone but teachers, `all`, or one role. */
const STAFF = 'staff';
const ALL = 'all';

export default function AccountsPage() {
  const { t } = useTranslation('accounts');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe().data;
  const uq = useUrlQuery();
  const { page, pageSize } = usePaging(uq);
  const roleParam = uq.str('role') ?? STAFF;
  const role = ROLES.find((r) => r === roleParam);
  const disabledParam = uq.str('disabled');
  const params: AccountListParams = {
    page,
    pageSize,
    q: uq.str('q'),
    role,
    excludeRole: roleParam === STAFF ? 'teacher' : undefined,
    schoolId: uq.num('schoolId'),
    disabled: disabledParam === 'true' || disabledParam === 'false' ? disabledParam : undefined,
    state: ACCOUNT_STATES.find((x) => x === uq.str('state')),
  };
  const list = useAccounts(params);
  const schools = useSchoolOptions();
  const setDisabled = useSetDisabled();
  const unlock = useUnlockAccount();
  const issue = useIssueSlips();
  const [editing, setEditing] = useState<Account | null | undefined>(undefined);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [bulk, setBulk] = useState(false);
  const filtered = Boolean(params.q || params.schoolId || params.disabled || params.state || roleParam !== STAFF);

  /** One account's slip; for an account in use this is a reset (its password stops working). */
  const printSlip = async (a: Account) => {
    try {
      const batch = await issue.mutateAsync({ userIds: [a.id], reissue: a.state === 'active' });
      keepSlips(batch);
      if (batch.slips.length === 0) {
        message.warning(batch.skipped[0]?.reason ?? t('slips.nothing'));
        return;
      }
      navigate('/accounts/slips/print');
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      message.success(ok);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const scopeOf = (a: Account) =>
    a.schoolName ??
    a.consortiumName ??
    a.areaName ??
    (a.role === 'county_admin' || a.role === 'leader' ? t('wholeCounty') : '—');

  const columns: TableProps<Account>['columns'] = [
    { title: t('col.username'), dataIndex: 'username' },
    { title: t('col.displayName'), dataIndex: 'displayName' },
    { title: t('col.role'), dataIndex: 'role', render: (r: Role) => t(`common:role.${r}`) },
    { title: t('col.scope'), key: 'scope', render: (_, a) => scopeOf(a) },
    { title: t('col.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    {
      title: t('col.activation'),
      dataIndex: 'state',
      render: (st: AccountState, a) => (
        <Tag color={STATE_COLOR[st]}>
          {t(`state.${st}`)}
          {a.codeExpiresAt && st === 'code_issued' ? t('state.until', { date: fmtDate(a.codeExpiresAt) }) : ''}
        </Tag>
      ),
    },
    {
      title: t('col.status'),
      key: 'status',
      render: (_, a) => (
        <Space size={[4, 4]} wrap>
          {a.disabled && <Tag color="red">{t('status.disabled')}</Tag>}
          {a.locked && <Tag color="orange">{t('status.locked')}</Tag>}
          {a.mustChangePassword && <Tag color="gold">{t('status.mustChange')}</Tag>}
          {!a.disabled && !a.locked && !a.mustChangePassword && <Tag color="green">{t('status.ok')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('col.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (v: string | null) => (v ? fmtDateTime(v) : t('never')),
    },
    {
      title: t('common:action.operations'),
      key: 'actions',
      render: (_, a) => {
        const self = a.id === me?.id;
        return (
          <Space size={0} wrap={false}>
            <Button type="link" size="small" onClick={() => setEditing(a)}>
              {t('common:action.edit')}
            </Button>
            {!self && !a.disabled && (
              <Popconfirm
                title={
                  a.state === 'active' ? t('action.reissueConfirm', { name: a.displayName }) : t('action.slipConfirm')
                }
                description={
                  <div style={{ maxWidth: 280 }}>
                    {a.state === 'active' ? t('action.reissueHint') : t('slips.voidsEarlier')}
                  </div>
                }
                okButtonProps={{ danger: a.state === 'active' }}
                onConfirm={() => printSlip(a)}
              >
                <Button type="link" size="small" data-testid={`slip-${a.username}`}>
                  {a.state === 'active' ? t('action.reissue') : t('action.slip')}
                </Button>
              </Popconfirm>
            )}
            <Button type="link" size="small" onClick={() => setResetting(a)}>
              {t('action.resetPassword')}
            </Button>
            {a.locked && !a.disabled && (
              <Button type="link" size="small" onClick={() => run(unlock.mutateAsync(a.id), t('action.unlocked'))}>
                {t('action.unlock')}
              </Button>
            )}
            {!self &&
              (a.disabled ? (
                <Button
                  type="link"
                  size="small"
                  onClick={() => run(setDisabled.mutateAsync({ id: a.id, disabled: false }), t('action.enabled'))}
                >
                  {t('action.enable')}
                </Button>
              ) : (
                <Popconfirm
                  title={t('action.disableConfirm', { name: a.displayName })}
                  description={t('action.disableHint')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => run(setDisabled.mutateAsync({ id: a.id, disabled: true }), t('action.disabled'))}
                >
                  <Button type="link" size="small" danger>
                    {t('action.disable')}
                  </Button>
                </Popconfirm>
              ))}
          </Space>
        );
      },
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('title')}
        sub={t('sub')}
        extra={
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('create')}
            </Button>
            <Button icon={<TeamOutlined />} onClick={() => setBulk(true)} data-testid="bulk-school-admins">
              {t('bulk.open')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => navigate('/import/accounts')}>
              {t('importAccounts')}
            </Button>
            <Button icon={<KeyOutlined />} onClick={() => navigate('/accounts/slips')}>
              {t('slips.title')}
            </Button>
          </>
        }
      />
      <FilterBar>
        <Input.Search
          key={`q-${params.q ?? ''}`}
          defaultValue={params.q}
          placeholder={t('searchPlaceholder')}
          allowClear
          onSearch={(v) => uq.set({ q: v.trim() })}
          style={{ width: 280, maxWidth: '100%' }}
        />
        <Select
          value={roleParam}
          options={[
            { value: STAFF, label: t('filter.staff') },
            { value: ALL, label: t('filter.allRoles') },
            ...ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) })),
          ]}
          onChange={(v) => uq.set({ role: v === STAFF ? undefined : v })}
          style={{ width: 170 }}
          aria-label={t('col.role')}
        />
        <Select
          value={params.schoolId}
          placeholder={t('col.school')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={schools.isLoading}
          options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          onChange={(v) => uq.set({ schoolId: v })}
          style={{ width: 220, maxWidth: '100%' }}
        />
        <Select
          value={params.disabled}
          placeholder={t('col.status')}
          allowClear
          options={[
            { value: 'false', label: t('filter.enabled') },
            { value: 'true', label: t('status.disabled') },
          ]}
          onChange={(v) => uq.set({ disabled: v })}
          style={{ width: 120 }}
        />
        <Select
          value={params.state}
          placeholder={t('col.activation')}
          allowClear
          options={ACCOUNT_STATES.map((x) => ({ value: x, label: t(`state.${x}`) }))}
          onChange={(v) => uq.set({ state: v })}
          style={{ width: 170 }}
          aria-label={t('col.activation')}
        />
        {filtered && <Button onClick={uq.reset}>{t('common:action.reset')}</Button>}
      </FilterBar>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Account>
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
      <AccountFormDrawer open={editing !== undefined} account={editing ?? null} onClose={() => setEditing(undefined)} />
      <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} />
      <BulkSchoolAdminsModal open={bulk} onClose={() => setBulk(false)} />
    </div>
  );
}
