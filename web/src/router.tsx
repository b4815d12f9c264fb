// Routes, menu and access as one array (ant-design-pro style). Pages are lazy-loaded.
import {
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  IdcardOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { lazy, type ReactNode } from 'react';
import type { Access } from './access';

export interface AppRoute {
  path: string;
  /** i18n key in `common` for the menu label; no key → not in the menu */
  menu?: string;
  icon?: ReactNode;
  /** parent menu key for grouping */
  group?: { key: string; label: string; icon: ReactNode };
  allow: (a: Access) => boolean;
  page: React.LazyExoticComponent<React.ComponentType>;
}

const orgGroup = { key: 'org', label: 'menu.org', icon: <BankOutlined /> };

export const routes: AppRoute[] = [
  {
    path: '/',
    menu: 'menu.dashboard',
    icon: <DashboardOutlined />,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/dashboard/DashboardPage')),
  },
  {
    path: '/schools',
    menu: 'menu.schools',
    group: orgGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/org/SchoolsPage')),
  },
  {
    path: '/schools/:id',
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/org/SchoolDetailPage')),
  },
  {
    path: '/areas',
    menu: 'menu.areas',
    group: orgGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/org/AreasPage')),
  },
  {
    path: '/consortia',
    menu: 'menu.consortia',
    group: orgGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/org/ConsortiaPage')),
  },
  {
    path: '/import/schools',
    menu: 'menu.schoolImport',
    group: orgGroup,
    allow: (a) => a.manageSchools,
    page: lazy(() => import('./features/imports/SchoolImportPage')),
  },
  {
    path: '/teachers',
    menu: 'menu.teachers',
    icon: <TeamOutlined />,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/teachers/TeachersPage')),
  },
  {
    path: '/teachers/:id',
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/teachers/TeacherDetailPage')),
  },
  {
    path: '/import/teachers',
    menu: 'menu.teacherImport',
    icon: <IdcardOutlined />,
    allow: (a) => a.writeRoster,
    page: lazy(() => import('./features/imports/TeacherImportPage')),
  },
  {
    path: '/accounts',
    menu: 'menu.accounts',
    icon: <UserOutlined />,
    allow: (a) => a.countyAdmin,
    page: lazy(() => import('./features/accounts/AccountsPage')),
  },
  {
    path: '/audit',
    menu: 'menu.audit',
    icon: <AuditOutlined />,
    allow: (a) => a.countyAdmin,
    page: lazy(() => import('./features/audit/AuditPage')),
  },
  {
    path: '/me',
    menu: 'menu.me',
    icon: <IdcardOutlined />,
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/teachers/MyRecordPage')),
  },
];

/** Public pages, outside the layout. */
export const publicRoutes = {
  login: lazy(() => import('./features/auth/LoginPage')),
  password: lazy(() => import('./features/auth/ChangePasswordPage')),
};
