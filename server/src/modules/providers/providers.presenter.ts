// Rows of the providers module → the response schemas of common/src/providers.ts.
import type { ProjectStatus, ProviderItem, ProviderProject } from '@shixun/common';
import type { ProviderAccountRow, ProviderProjectRow, ProviderRow } from './providers.repo.js';

export const presentProvider = (r: ProviderRow): ProviderItem => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  contact: r.contact,
  phone: r.phone,
  address: r.address,
  note: r.note,
  active: r.active,
  accountCount: Number(r.account_count),
  projectCount: Number(r.project_count),
});

export const presentAccount = (r: ProviderAccountRow) => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  phone: r.phone,
  disabled: r.disabled,
  activated: r.activated,
  lastLoginAt: r.last_login_at,
});

export const presentProject = (r: ProviderProjectRow): ProviderProject => ({
  id: r.id,
  name: r.name,
  year: Number(r.year),
  level: r.level,
  category: r.category,
  status: r.status as ProjectStatus,
  startDate: r.start_date,
  endDate: r.end_date,
  hours: Number(r.hours),
  participants: Number(r.participants),
  sessions: Number(r.sessions),
});
