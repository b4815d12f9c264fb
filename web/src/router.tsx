// Routes, menu and access as one array (ant-design-pro style). Pages are lazy-loaded.
import {
  AccountBookOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FormOutlined,
  FundOutlined,
  IdcardOutlined,
  KeyOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  TeamOutlined,
  TrophyOutlined,
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
  /** Rendered without the side menu and header (full-screen QR, print pages). */
  bare?: boolean;
}

const orgGroup = { key: 'org', label: 'menu.org', icon: <BankOutlined /> };
const trainingGroup = { key: 'training', label: 'menu.training', icon: <BookOutlined /> };
const myGroup = { key: 'my', label: 'menu.myTraining', icon: <CalendarOutlined /> };
// Groups of the credit bank (issue 4) and of after-training and money (issue 5).
export const creditGroup = { key: 'credit', label: 'menu.credit', icon: <SafetyCertificateOutlined /> };
export const afterGroup = { key: 'after', label: 'menu.after', icon: <FileDoneOutlined /> };
export const fundsGroup = { key: 'funds', label: 'menu.funds', icon: <AccountBookOutlined /> };
// The yearly loop (issue 15): surveys, and the year-end evaluation and summary.
export const surveysGroup = { key: 'surveys', label: 'menu.surveysGroup', icon: <FormOutlined /> };
export const yearlyGroup = { key: 'yearly', label: 'menu.yearly', icon: <TrophyOutlined /> };

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
    path: '/projects',
    menu: 'menu.projects',
    group: trainingGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/projects/ProjectsPage')),
  },
  {
    path: '/projects/calendar',
    menu: 'menu.calendar',
    group: trainingGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/projects/ProjectCalendarPage')),
  },
  {
    path: '/projects/:id',
    allow: (a) => a.readRoster || a.trainer,
    page: lazy(() => import('./features/projects/ProjectDetailPage')),
  },
  {
    path: '/nominations',
    menu: 'menu.nominations',
    group: trainingGroup,
    allow: (a) => a.schoolAdmin || a.countyAdmin,
    page: lazy(() => import('./features/projects/NominationsPage')),
  },
  {
    path: '/trainers',
    menu: 'menu.trainers',
    group: trainingGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/projects/TrainersPage')),
  },
  {
    path: '/training/categories',
    menu: 'menu.categories',
    group: trainingGroup,
    allow: (a) => a.countyAdmin,
    page: lazy(() => import('./features/projects/CategoriesPage')),
  },
  {
    path: '/teaching',
    menu: 'menu.teaching',
    icon: <CalendarOutlined />,
    allow: (a) => a.trainer,
    page: lazy(() => import('./features/run/TeachingPage')),
  },
  {
    path: '/sessions/:id/qr',
    allow: (a) => a.readRoster || a.trainer,
    bare: true,
    page: lazy(() => import('./features/run/SessionQrPage')),
  },
  {
    path: '/certificates/:number/print',
    allow: () => true,
    bare: true,
    page: lazy(() => import('./features/run/CertificatePrintPage')),
  },
  {
    path: '/stats',
    menu: 'menu.stats',
    icon: <BarChartOutlined />,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/my/StatsPage')),
  },
  {
    path: '/my/trainings',
    menu: 'menu.myTrainings',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/my/MyTrainingsPage')),
  },
  {
    path: '/my/certificates',
    menu: 'menu.myCertificates',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/my/MyCertificatesPage')),
  },
  {
    path: '/my/credit-applications',
    menu: 'menu.myApplications',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/credit-applications/MyApplicationsPage')),
  },
  {
    path: '/my/credits',
    menu: 'menu.myCredits',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/credits/MyCreditsPage')),
  },
  {
    path: '/credit/progress',
    menu: 'menu.creditProgress',
    group: creditGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/credits/ProgressPage')),
  },
  {
    path: '/credit/teachers/:id',
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/credits/TeacherCreditsPage')),
  },
  {
    path: '/credit/rules',
    menu: 'menu.creditRules',
    group: creditGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/credits/RulesPage')),
  },
  {
    path: '/credit/statements/:number/print',
    allow: () => true,
    bare: true,
    page: lazy(() => import('./features/credits/StatementPrintPage')),
  },
  {
    path: '/credit/applications',
    menu: 'menu.creditApplications',
    group: creditGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/credit-applications/ApplicationsReviewPage')),
  },
  {
    path: '/credit/import',
    menu: 'menu.creditImport',
    group: creditGroup,
    allow: (a) => a.writeRoster,
    page: lazy(() => import('./features/credit-applications/CreditImportPage')),
  },
  {
    path: '/credit/audit-tables',
    menu: 'menu.auditTables',
    group: creditGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/credit-audit/AuditTablesPage')),
  },
  {
    path: '/credit/audit-tables/:schoolId/:year',
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/credit-audit/AuditTablePage')),
  },
  {
    path: '/my/archive',
    menu: 'menu.myArchive',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/archive/ArchivePage')),
  },
  {
    path: '/teachers/:id/archive',
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/archive/ArchivePage')),
  },
  {
    path: '/archive/:id/print',
    allow: (a) => a.readRoster || a.teacher,
    bare: true,
    page: lazy(() => import('./features/archive/ArchivePrintPage')),
  },
  {
    path: '/my/report-backs',
    menu: 'menu.myReportBacks',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/after/MyReportBacksPage')),
  },
  {
    path: '/my/reflections',
    menu: 'menu.myReflections',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/after/MyReflectionsPage')),
  },
  {
    path: '/after/report-backs',
    menu: 'menu.reportBacks',
    group: afterGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/after/ReportBacksPage')),
  },
  {
    path: '/after/reflections',
    menu: 'menu.reflections',
    group: afterGroup,
    allow: (a) => a.readRoster || a.trainer,
    page: lazy(() => import('./features/after/ReflectionsPage')),
  },
  {
    path: '/my/claims',
    menu: 'menu.myClaims',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/money/MyClaimsPage')),
  },
  {
    path: '/funds/budgets',
    menu: 'menu.budgets',
    group: fundsGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/money/BudgetsPage')),
  },
  {
    path: '/funds/expenses',
    menu: 'menu.expenses',
    group: fundsGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/money/ExpensesPage')),
  },
  {
    path: '/funds/claims',
    menu: 'menu.claims',
    group: fundsGroup,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/money/ClaimsPage')),
  },
  {
    path: '/checkin/:sessionId',
    allow: (a) => a.teacher,
    page: lazy(() => import('./features/my/CheckinPage')),
  },
  {
    path: '/notifications',
    allow: () => true,
    page: lazy(() => import('./features/my/NotificationsPage')),
  },
  {
    path: '/notices',
    menu: 'menu.notices',
    icon: <NotificationOutlined />,
    allow: () => true,
    page: lazy(() => import('./features/notices/NoticesPage')),
  },
  {
    path: '/notices/:id',
    allow: () => true,
    page: lazy(() => import('./features/notices/NoticeDetailPage')),
  },
  {
    path: '/weekly-reports',
    menu: 'menu.weeklyReports',
    icon: <ScheduleOutlined />,
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/weekly/WeeklyReportsPage')),
  },
  {
    path: '/weekly-reports/:weekStart',
    allow: (a) => a.readRoster,
    page: lazy(() => import('./features/weekly/WeeklyReportPage')),
  },
  {
    path: '/reports/dashboard',
    menu: 'menu.leaderDashboard',
    icon: <FundOutlined />,
    allow: (a) => a.can('reports.read') && (a.countyWide || a.role === 'area_admin'),
    page: lazy(() => import('./features/reports/LeaderDashboardPage')),
  },
  {
    path: '/reports/person-times',
    allow: (a) => a.can('reports.read'),
    page: lazy(() => import('./features/reports/PersonTimesPage')),
  },
  {
    path: '/reports/untrained',
    allow: (a) => a.can('reports.read'),
    page: lazy(() => import('./features/reports/UntrainedPage')),
  },
  {
    path: '/reports/schools-below-target',
    allow: (a) => a.can('reports.read'),
    page: lazy(() => import('./features/reports/SchoolsBelowTargetPage')),
  },
  {
    path: '/surveys',
    menu: 'menu.surveys',
    group: surveysGroup,
    allow: (a) => a.can('surveys.read'),
    page: lazy(() => import('./features/surveys/SurveysPage')),
  },
  {
    path: '/surveys/new',
    allow: (a) => a.can('surveys.manage'),
    page: lazy(() => import('./features/surveys/SurveyBuilderPage')),
  },
  {
    path: '/surveys/template',
    allow: (a) => a.can('surveys.manage'),
    page: lazy(() => import('./features/surveys/TemplatePage')),
  },
  {
    path: '/surveys/satisfaction',
    menu: 'menu.satisfaction',
    group: surveysGroup,
    allow: (a) => a.can('surveys.read'),
    page: lazy(() => import('./features/surveys/SatisfactionPage')),
  },
  {
    path: '/surveys/needs',
    menu: 'menu.needs',
    group: surveysGroup,
    allow: (a) => a.can('surveys.read'),
    page: lazy(() => import('./features/surveys/NeedsPage')),
  },
  {
    path: '/surveys/:id/edit',
    allow: (a) => a.can('surveys.manage'),
    page: lazy(() => import('./features/surveys/SurveyBuilderPage')),
  },
  {
    path: '/surveys/:id/results',
    allow: (a) => a.can('surveys.read'),
    page: lazy(() => import('./features/surveys/SurveyResultsPage')),
  },
  {
    path: '/my/surveys',
    menu: 'menu.mySurveys',
    group: myGroup,
    allow: (a) => a.can('surveys.answer'),
    page: lazy(() => import('./features/surveys/MySurveysPage')),
  },
  {
    path: '/my/surveys/:id',
    allow: (a) => a.can('surveys.answer'),
    page: lazy(() => import('./features/surveys/SurveyAnswerPage')),
  },
  {
    path: '/evaluations',
    menu: 'menu.evaluations',
    group: yearlyGroup,
    allow: (a) => a.can('evaluations.read'),
    page: lazy(() => import('./features/evaluations/EvaluationsPage')),
  },
  {
    path: '/evaluations/new',
    allow: (a) => a.can('evaluations.manage'),
    page: lazy(() => import('./features/evaluations/RubricPage')),
  },
  {
    path: '/evaluations/:id/edit',
    allow: (a) => a.can('evaluations.manage'),
    page: lazy(() => import('./features/evaluations/RubricPage')),
  },
  {
    path: '/evaluations/:id',
    allow: (a) => a.can('evaluations.read'),
    page: lazy(() => import('./features/evaluations/EvaluationPage')),
  },
  {
    path: '/evaluations/:id/print',
    allow: (a) => a.can('evaluations.read'),
    bare: true,
    page: lazy(() => import('./features/evaluations/RankingPrintPage')),
  },
  {
    path: '/evaluations/:id/schools/:schoolId',
    allow: (a) => a.can('evaluations.read'),
    page: lazy(() => import('./features/evaluations/ScorecardPage')),
  },
  {
    path: '/reports/year-summary',
    menu: 'menu.yearSummary',
    group: yearlyGroup,
    allow: (a) => a.can('reports.read') && (a.countyWide || a.schoolAdmin),
    page: lazy(() => import('./features/reports/YearSummaryPage')),
  },
  {
    path: '/reports/year-summary/print',
    allow: (a) => a.can('reports.read') && (a.countyWide || a.schoolAdmin),
    bare: true,
    page: lazy(() => import('./features/reports/YearSummaryPrintPage')),
  },
  {
    path: '/accounts',
    menu: 'menu.accounts',
    icon: <UserOutlined />,
    allow: (a) => a.countyAdmin,
    page: lazy(() => import('./features/accounts/AccountsPage')),
  },
  {
    path: '/accounts/slips',
    menu: 'menu.accountSlips',
    icon: <KeyOutlined />,
    allow: (a) => a.writeRoster,
    page: lazy(() => import('./features/accounts/SlipsPage')),
  },
  {
    path: '/accounts/slips/print',
    allow: (a) => a.writeRoster,
    page: lazy(() => import('./features/accounts/SlipPrintPage')),
    bare: true,
  },
  {
    path: '/import/accounts',
    allow: (a) => a.countyAdmin,
    page: lazy(() => import('./features/accounts/AccountImportPage')),
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
  verify: lazy(() => import('./features/run/VerifyPage')),
  verifyStatement: lazy(() => import('./features/credits/StatementVerifyPage')),
  login: lazy(() => import('./features/auth/LoginPage')),
  password: lazy(() => import('./features/auth/ChangePasswordPage')),
  activate: lazy(() => import('./features/auth/ActivatePage')),
};
