// The accounts list's .xlsx columns (GET /api/accounts/export). What an account is and how it
// stands — never a password, an activation code or an ID number: `account` carries none of them,
// and a username that is itself an ID number (an admin may have chosen one) is written masked.
import { ACCOUNT_STATE_LABELS, type Account, checkIdNumber, maskIdNumber, ROLE_LABELS } from '@shixun/common';
import { chinaDateTime, type XlsxColumn } from '../../lib/xlsx-export.js';

/** A username, masked when it is a valid ID number. */
export const safeUsername = (username: string) => (checkIdNumber(username).ok ? maskIdNumber(username) : username);

/** Where the account acts: its school, consortium or area; the whole county for county roles. */
export function accountScopeLabel(a: Account): string {
  return (
    a.schoolName ?? a.consortiumName ?? a.areaName ?? (a.role === 'county_admin' || a.role === 'leader' ? '全县' : '')
  );
}

/** 停用 / 登录受限 / 需修改密码, or 正常. */
export function accountStatusLabel(a: Account): string {
  const parts = [a.disabled && '已停用', a.locked && '登录受限', a.mustChangePassword && '需修改密码'].filter(
    (x): x is string => typeof x === 'string',
  );
  return parts.length ? parts.join('、') : '正常';
}

export const ACCOUNT_EXPORT_COLUMNS: XlsxColumn<Account>[] = [
  { header: '用户名', key: 'username', width: 16, value: (a) => safeUsername(a.username) },
  { header: '姓名', key: 'displayName', width: 14 },
  { header: '角色', key: 'role', width: 16, value: (a) => ROLE_LABELS[a.role] },
  { header: '学校 / 学区 / 教联体', key: 'scope', width: 26, value: accountScopeLabel },
  { header: '手机号', key: 'phone', width: 14 },
  { header: '开通情况', key: 'state', width: 16, value: (a) => ACCOUNT_STATE_LABELS[a.state] },
  { header: '账号状态', key: 'status', width: 16, value: accountStatusLabel },
  { header: '最近登录（北京时间）', key: 'lastLoginAt', width: 20, value: (a) => chinaDateTime(a.lastLoginAt) },
];
