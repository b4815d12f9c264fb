// Accounts of the county (county admins), on the list page: filters in the URL, status and activation
// tags, column settings, an audited .xlsx export (no passwords, codes or ID numbers); create/edit,
// account slips (one-time codes), reset password, disable/enable, clear the sign-in wait; school-admin
// accounts in bulk and from a sheet. Teacher accounts (thousands) are hidden unless asked for.
import { KeyOutlined, PlusOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { ACCOUNT_STATES, type Account, type AccountState, ROLES, type Role } from '@shixun/common';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fmtDate, fmtDateTime } from '../../components/format';
import { type ListColumn, ListPage, type ListValues } from '../../components/list/ListPage';
import { useMe } from '../auth/auth.api';
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
  const setDisabled = useSetDisabled();
  const unlock = useUnlockAccount();
  const issue = useIssueSlips();
  const [editing, setEditing] = useState<Account | null | undefined>(undefined);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [bulk, setBulk] = useState(false);

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

  const stateTag = (a: Account) => (
    <Tag color={STATE_COLOR[a.state]} style={{ marginInlineEnd: 0 }}>
      {t(`state.${a.state}`)}
      {a.codeExpiresAt && a.state === 'code_issued' ? t('state.until', { date: fmtDate(a.codeExpiresAt) }) : ''}
    </Tag>
  );

  const statusTags = (a: Account) => (
    <>
      {a.disabled && <Tag color="red">{t('status.disabled')}</Tag>}
      {a.locked && <Tag color="orange">{t('status.locked')}</Tag>}
      {a.mustChangePassword && <Tag color="gold">{t('status.mustChange')}</Tag>}
      {!a.disabled && !a.locked && !a.mustChangePassword && <Tag color="green">{t('status.ok')}</Tag>}
    </>
  );

  const actions = (a: Account, wrap = false) => {
    const self = a.id === me?.id;
    return (
      <Space size={0} wrap={wrap}>
        <Button type="link" size="small" onClick={() => setEditing(a)}>
          {t('common:action.edit')}
        </Button>
        {!self && !a.disabled && (
          <Popconfirm
            title={a.state === 'active' ? t('action.reissueConfirm', { name: a.displayName }) : t('action.slipConfirm')}
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
  };

  /** One card per account on a phone: who, where, how it stands, and what can be done. */
  const phoneCard = (a: Account) => (
    <div>
      <Space size={6} wrap>
        <Typography.Text strong>{a.displayName}</Typography.Text>
        <Typography.Text type="secondary">{a.username}</Typography.Text>
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[t(`common:role.${a.role}`), scopeOf(a), a.phone].filter((x) => x && x !== '—').join(' · ')}
        </Typography.Text>
      </div>
      <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
        {stateTag(a)}
        {statusTags(a)}
      </Space>
      <div style={{ marginInlineStart: -8, marginTop: 2 }}>{actions(a, true)}</div>
    </div>
  );

  const columns: ListColumn<Account>[] = [
    { key: 'username', title: t('col.username'), dataIndex: 'username', locked: true },
    { key: 'displayName', title: t('col.displayName'), dataIndex: 'displayName', locked: true },
    { key: 'role', title: t('col.role'), dataIndex: 'role', render: (r: Role) => t(`common:role.${r}`) },
    { key: 'scope', title: t('col.scope'), render: (_, a) => scopeOf(a) },
    { key: 'phone', title: t('col.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    {
      key: 'activation',
      title: t('col.activation'),
      dataIndex: 'state',
      render: (_: AccountState, a) => stateTag(a),
    },
    {
      title: t('col.status'),
      key: 'status',
      render: (_, a) => (
        <Space size={[4, 4]} wrap>
          {statusTags(a)}
        </Space>
      ),
    },
    {
      key: 'lastLogin',
      title: t('col.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (v: string | null) => (v ? fmtDateTime(v) : t('never')),
    },
    {
      title: t('common:action.operations'),
      key: 'actions',
      locked: true,
      render: (_, a) => actions(a),
    },
  ];

  return (
    <>
      <ListPage<Account>
        id="accounts"
        title={t('title')}
        sub={t('sub')}
        actions={
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
        filters={[
          { type: 'search', name: 'q', label: t('searchPlaceholder'), width: 280 },
          {
            type: 'select',
            name: 'role',
            label: t('col.role'),
            width: 170,
            defaultValue: STAFF,
            options: [
              { value: STAFF, label: t('filter.staff') },
              { value: ALL, label: t('filter.allRoles') },
              ...ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) })),
            ],
          },
          { type: 'school', name: 'schoolId', label: t('col.school') },
          {
            type: 'select',
            name: 'disabled',
            label: t('col.status'),
            width: 120,
            options: [
              { value: 'false', label: t('filter.enabled') },
              { value: 'true', label: t('status.disabled') },
            ],
          },
          {
            type: 'select',
            name: 'state',
            label: t('col.activation'),
            width: 170,
            options: ACCOUNT_STATES.map((x) => ({ value: x, label: t(`state.${x}`) })),
          },
        ]}
        toParams={toParams}
        useList={useAccounts}
        exportPath="/api/accounts/export"
        columns={columns}
        rowKey={(a) => a.id}
        phoneRender={phoneCard}
        empty={{ none: t('empty'), filtered: t('emptyFiltered') }}
      />
      <AccountFormDrawer open={editing !== undefined} account={editing ?? null} onClose={() => setEditing(undefined)} />
      <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} />
      <BulkSchoolAdminsModal open={bulk} onClose={() => setBulk(false)} />
    </>
  );
}

/** URL values → the list's query: absent role = everyone but teachers; a school id, flags and state as they are. */
function toParams(v: ListValues): Omit<AccountListParams, 'page' | 'pageSize'> {
  const role = ROLES.find((r) => r === v.role);
  const schoolId = Number(v.schoolId);
  return {
    q: v.q,
    role,
    excludeRole: v.role === STAFF || v.role === undefined ? 'teacher' : undefined,
    schoolId: Number.isInteger(schoolId) && schoolId > 0 ? schoolId : undefined,
    disabled: v.disabled === 'true' || v.disabled === 'false' ? v.disabled : undefined,
    state: ACCOUNT_STATES.find((x) => x === v.state),
  };
}
