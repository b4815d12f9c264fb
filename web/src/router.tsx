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
  IdcardOutlined,
  ImportOutlined,
  KeyOutlined,
  NotificationOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Access } from './access';
import { type LazyPage, lazyPage } from './lib/lazy-page';

export interface AppRoute {
  path: string;
  /** i18n key in `common` for the menu label; no key → not in the menu */
  menu?: string;
  icon?: ReactNode;
  /** parent menu key for grouping */
  group?: { key: string; label: string; icon: ReactNode };
  allow: (a: Access) => boolean;
  page: LazyPage;
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
// School-based development (校本研修, 送教下乡, reading).
export const researchGroup = { key: 'research', label: 'menu.research', icon: <ReadOutlined /> };
// People development: 青蓝 mentoring, studios, training teams, honours, plans, providers.
export const peopleGroup = { key: 'people', label: 'menu.people', icon: <SolutionOutlined /> };

export const routes: AppRoute[] = [
  {
    path: '/',
    menu: 'menu.dashboard',
    icon: <DashboardOutlined />,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/dashboard/DashboardPage')),
  },
  {
    path: '/schools',
    menu: 'menu.schools',
    group: orgGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/org/SchoolsPage')),
  },
  {
    path: '/schools/:id',
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/org/SchoolDetailPage')),
  },
  {
    path: '/areas',
    menu: 'menu.areas',
    group: orgGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/org/AreasPage')),
  },
  {
    path: '/consortia',
    menu: 'menu.consortia',
    group: orgGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/org/ConsortiaPage')),
  },
  {
    path: '/import/schools',
    menu: 'menu.schoolImport',
    group: orgGroup,
    allow: (a) => a.manageSchools,
    page: lazyPage(() => import('./features/imports/SchoolImportPage')),
  },
  {
    path: '/teachers',
    menu: 'menu.teachers',
    icon: <TeamOutlined />,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/teachers/TeachersPage')),
  },
  {
    path: '/teachers/:id',
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/teachers/TeacherDetailPage')),
  },
  {
    path: '/dictionaries',
    menu: 'menu.dictionaries',
    group: orgGroup,
    allow: (a) => a.can('dictionaries.entries'),
    page: lazyPage(() => import('./features/dictionaries/DictionariesPage')),
  },
  {
    path: '/import/teachers',
    menu: 'menu.teacherImport',
    icon: <IdcardOutlined />,
    allow: (a) => a.writeRoster,
    page: lazyPage(() => import('./features/imports/TeacherImportPage')),
  },
  {
    path: '/imports',
    menu: 'menu.imports',
    icon: <ImportOutlined />,
    allow: (a) => a.writeRoster,
    page: lazyPage(() => import('./features/imports/ImportsPage')),
  },
  {
    path: '/import/results',
    allow: (a) => a.can('results.import'),
    page: lazyPage(() => import('./features/imports/ResultsImportPage')),
  },
  {
    path: '/projects',
    menu: 'menu.projects',
    group: trainingGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/projects/ProjectsPage')),
  },
  {
    path: '/projects/calendar',
    menu: 'menu.calendar',
    group: trainingGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/projects/ProjectCalendarPage')),
  },
  {
    path: '/projects/plan',
    menu: 'menu.planTable',
    group: trainingGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/projects/PlanTablePage')),
  },
  {
    path: '/projects/plan/print',
    allow: (a) => a.readRoster,
    bare: true,
    page: lazyPage(() => import('./features/projects/PlanPrintPage')),
  },
  {
    path: '/projects/:id/sign-in',
    allow: (a) => a.readRoster || a.trainer,
    bare: true,
    page: lazyPage(() => import('./features/projects/SignInPrintPage')),
  },
  {
    path: '/projects/:id',
    allow: (a) => a.readRoster || a.trainer || a.provider,
    page: lazyPage(() => import('./features/projects/ProjectDetailPage')),
  },
  {
    path: '/nominations',
    menu: 'menu.nominations',
    group: trainingGroup,
    allow: (a) => a.schoolAdmin || a.countyAdmin,
    page: lazyPage(() => import('./features/projects/NominationsPage')),
  },
  {
    path: '/trainers',
    menu: 'menu.trainers',
    group: trainingGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/projects/TrainersPage')),
  },
  {
    path: '/training/categories',
    menu: 'menu.categories',
    group: trainingGroup,
    allow: (a) => a.countyAdmin,
    page: lazyPage(() => import('./features/projects/CategoriesPage')),
  },
  {
    path: '/teaching',
    menu: 'menu.teaching',
    icon: <CalendarOutlined />,
    allow: (a) => a.trainer,
    page: lazyPage(() => import('./features/run/TeachingPage')),
  },
  {
    path: '/sessions/:id/qr',
    allow: (a) => a.readRoster || a.trainer,
    bare: true,
    page: lazyPage(() => import('./features/run/SessionQrPage')),
  },
  {
    path: '/certificates/:number/print',
    allow: () => true,
    bare: true,
    page: lazyPage(() => import('./features/run/CertificatePrintPage')),
  },
  {
    path: '/stats',
    menu: 'menu.stats',
    icon: <BarChartOutlined />,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/my/StatsPage')),
  },
  {
    path: '/my/trainings',
    menu: 'menu.myTrainings',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/my/MyTrainingsPage')),
  },
  {
    path: '/my/certificates',
    menu: 'menu.myCertificates',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/my/MyCertificatesPage')),
  },
  {
    path: '/my/credit-applications',
    menu: 'menu.myApplications',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/credit-applications/MyApplicationsPage')),
  },
  {
    path: '/my/credits',
    menu: 'menu.myCredits',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/credits/MyCreditsPage')),
  },
  {
    path: '/credit/progress',
    menu: 'menu.creditProgress',
    group: creditGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/credits/ProgressPage')),
  },
  {
    path: '/credit/teachers/:id',
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/credits/TeacherCreditsPage')),
  },
  {
    path: '/credit/rules',
    menu: 'menu.creditRules',
    group: creditGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/credits/RulesPage')),
  },
  {
    path: '/credit/statements/:number/print',
    allow: () => true,
    bare: true,
    page: lazyPage(() => import('./features/credits/StatementPrintPage')),
  },
  {
    path: '/credit/applications',
    menu: 'menu.creditApplications',
    group: creditGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/credit-applications/ApplicationsReviewPage')),
  },
  {
    path: '/credit/import',
    menu: 'menu.creditImport',
    group: creditGroup,
    allow: (a) => a.writeRoster,
    page: lazyPage(() => import('./features/credit-applications/CreditImportPage')),
  },
  {
    path: '/credit/audit-tables',
    menu: 'menu.auditTables',
    group: creditGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/credit-audit/AuditTablesPage')),
  },
  {
    path: '/credit/audit-tables/:schoolId/:year',
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/credit-audit/AuditTablePage')),
  },
  {
    path: '/my/archive',
    menu: 'menu.myArchive',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/archive/ArchivePage')),
  },
  {
    path: '/teachers/:id/archive',
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/archive/ArchivePage')),
  },
  {
    path: '/archive/:id/print',
    allow: (a) => a.readRoster || a.teacher,
    bare: true,
    page: lazyPage(() => import('./features/archive/ArchivePrintPage')),
  },
  {
    path: '/my/report-backs',
    menu: 'menu.myReportBacks',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/after/MyReportBacksPage')),
  },
  {
    path: '/my/reflections',
    menu: 'menu.myReflections',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/after/MyReflectionsPage')),
  },
  {
    path: '/after/report-backs',
    menu: 'menu.reportBacks',
    group: afterGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/after/ReportBacksPage')),
  },
  {
    path: '/after/reflections',
    menu: 'menu.reflections',
    group: afterGroup,
    allow: (a) => a.readRoster || a.trainer,
    page: lazyPage(() => import('./features/after/ReflectionsPage')),
  },
  {
    path: '/my/claims',
    menu: 'menu.myClaims',
    group: myGroup,
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/money/MyClaimsPage')),
  },
  {
    path: '/funds/budgets',
    menu: 'menu.budgets',
    group: fundsGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/money/BudgetsPage')),
  },
  {
    path: '/funds/budgets/import',
    allow: (a) => a.can('budgets.configure'),
    page: lazyPage(() => import('./features/money/BudgetImportPage')),
  },
  {
    path: '/funds/expenses',
    menu: 'menu.expenses',
    group: fundsGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/money/ExpensesPage')),
  },
  {
    path: '/funds/claims',
    menu: 'menu.claims',
    group: fundsGroup,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/money/ClaimsPage')),
  },
  {
    path: '/school-research/activities',
    menu: 'menu.researchActivities',
    group: researchGroup,
    allow: (a) => a.can('school-research.read'),
    page: lazyPage(() => import('./features/school-research/ActivitiesPage')),
  },
  {
    path: '/school-research/activities/:id',
    allow: (a) => a.can('school-research.read'),
    page: lazyPage(() => import('./features/school-research/ActivityDetailPage')),
  },
  {
    path: '/school-research/activities/:id/qr',
    allow: (a) => a.can('school-research.manage'),
    bare: true,
    page: lazyPage(() => import('./features/school-research/ActivityQrPage')),
  },
  {
    path: '/school-research/plans',
    menu: 'menu.researchPlans',
    group: researchGroup,
    allow: (a) => a.can('school-research.read'),
    page: lazyPage(() => import('./features/school-research/PlansPage')),
  },
  {
    path: '/school-research/plans/:id',
    allow: (a) => a.can('school-research.read'),
    page: lazyPage(() => import('./features/school-research/PlanPage')),
  },
  {
    path: '/school-research/plans/:id/print',
    allow: (a) => a.can('school-research.read'),
    bare: true,
    page: lazyPage(() => import('./features/school-research/PlanPrintPage')),
  },
  {
    path: '/school-research/spot-checks',
    menu: 'menu.spotChecks',
    group: researchGroup,
    allow: (a) => a.can('school-research.read'),
    page: lazyPage(() => import('./features/school-research/SpotChecksPage')),
  },
  {
    path: '/school-research/outreach',
    menu: 'menu.outreach',
    group: researchGroup,
    allow: (a) => a.can('school-research.read'),
    page: lazyPage(() => import('./features/school-research/OutreachPage')),
  },
  {
    path: '/school-research/outreach/:id',
    allow: (a) => a.can('school-research.read'),
    page: lazyPage(() => import('./features/school-research/OutreachDetailPage')),
  },
  {
    path: '/school-research/showcases',
    menu: 'menu.showcases',
    group: researchGroup,
    allow: (a) => a.can('school-research.compliance'),
    page: lazyPage(() => import('./features/school-research/ShowcasesPage')),
  },
  {
    path: '/school-research/compliance',
    menu: 'menu.researchCompliance',
    group: researchGroup,
    allow: (a) => a.can('school-research.compliance'),
    page: lazyPage(() => import('./features/school-research/CompliancePage')),
  },
  {
    path: '/reading',
    menu: 'menu.reading',
    group: researchGroup,
    allow: (a) => a.can('reading.review'),
    page: lazyPage(() => import('./features/reading/ReadingPage')),
  },
  {
    path: '/my/research',
    menu: 'menu.myResearch',
    group: myGroup,
    allow: (a) => a.can('school-research.self'),
    page: lazyPage(() => import('./features/school-research/MyResearchPage')),
  },
  {
    path: '/my/reading',
    menu: 'menu.myReading',
    group: myGroup,
    allow: (a) => a.can('reading.self'),
    page: lazyPage(() => import('./features/reading/MyReadingPage')),
  },
  {
    path: '/research/checkin/:activityId',
    allow: (a) => a.can('school-research.self'),
    page: lazyPage(() => import('./features/school-research/ResearchCheckinPage')),
  },
  {
    path: '/checkin/:sessionId',
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/my/CheckinPage')),
  },
  {
    path: '/notifications',
    allow: () => true,
    page: lazyPage(() => import('./features/my/NotificationsPage')),
  },
  {
    path: '/notices',
    menu: 'menu.notices',
    icon: <NotificationOutlined />,
    allow: () => true,
    page: lazyPage(() => import('./features/notices/NoticesPage')),
  },
  {
    path: '/notices/:id',
    allow: () => true,
    page: lazyPage(() => import('./features/notices/NoticeDetailPage')),
  },
  {
    path: '/weekly-reports',
    menu: 'menu.weeklyReports',
    icon: <ScheduleOutlined />,
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/weekly/WeeklyReportsPage')),
  },
  {
    path: '/weekly-reports/:weekStart',
    allow: (a) => a.readRoster,
    page: lazyPage(() => import('./features/weekly/WeeklyReportPage')),
  },
  // ---------- people development ----------
  {
    path: '/mentoring',
    menu: 'menu.mentoring',
    group: peopleGroup,
    allow: (a) => a.readRoster && a.can('mentoring.read'),
    page: lazyPage(() => import('./features/mentoring/MentoringPage')),
  },
  {
    path: '/studios',
    menu: 'menu.studios',
    group: peopleGroup,
    allow: (a) => a.readRoster && a.can('studios.read'),
    page: lazyPage(() => import('./features/studios/StudiosPage')),
  },
  {
    path: '/studios/:id',
    allow: (a) => a.readRoster && a.can('studios.read'),
    page: lazyPage(() => import('./features/studios/StudioDetailPage')),
  },
  {
    path: '/training-teams',
    menu: 'menu.trainingTeams',
    group: peopleGroup,
    allow: (a) => a.can('teams.read'),
    page: lazyPage(() => import('./features/teams/TeamsPage')),
  },
  {
    path: '/honours',
    menu: 'menu.honours',
    group: peopleGroup,
    allow: (a) => a.readRoster && a.can('honours.read'),
    page: lazyPage(() => import('./features/honours/HonoursPage')),
  },
  {
    path: '/honours/import',
    menu: 'menu.honourImport',
    group: peopleGroup,
    allow: (a) => a.can('honours.write'),
    page: lazyPage(() => import('./features/honours/HonoursImportPage')),
  },
  {
    path: '/plans',
    menu: 'menu.plans',
    group: peopleGroup,
    allow: (a) => a.readRoster && a.can('plans.read'),
    page: lazyPage(() => import('./features/plans/PlansPage')),
  },
  {
    path: '/providers',
    menu: 'menu.providers',
    group: peopleGroup,
    allow: (a) => a.can('providers.read'),
    page: lazyPage(() => import('./features/providers/ProvidersPage')),
  },
  {
    path: '/providers/:id',
    allow: (a) => a.can('providers.read'),
    page: lazyPage(() => import('./features/providers/ProviderDetailPage')),
  },
  {
    path: '/my/mentoring',
    menu: 'menu.myMentoring',
    group: myGroup,
    allow: (a) => a.can('mentoring.self'),
    page: lazyPage(() => import('./features/mentoring/MyMentoringPage')),
  },
  {
    path: '/my/mentoring/:id',
    allow: (a) => a.can('mentoring.self'),
    page: lazyPage(() => import('./features/mentoring/MyPairPage')),
  },
  {
    path: '/my/plans',
    menu: 'menu.myPlans',
    group: myGroup,
    allow: (a) => a.can('plans.self'),
    page: lazyPage(() => import('./features/plans/MyPlansPage')),
  },
  {
    path: '/my/honours',
    menu: 'menu.myHonours',
    group: myGroup,
    allow: (a) => a.teacher && a.can('honours.read'),
    page: lazyPage(() => import('./features/honours/MyHonoursPage')),
  },
  {
    path: '/my/studios',
    menu: 'menu.myStudios',
    group: myGroup,
    allow: (a) => a.can('studios.self'),
    page: lazyPage(() => import('./features/studios/MyStudiosPage')),
  },
  {
    path: '/provider',
    menu: 'menu.providerProjects',
    icon: <BookOutlined />,
    allow: (a) => a.can('providers.self'),
    page: lazyPage(() => import('./features/providers/ProviderHomePage')),
  },
  {
    path: '/accounts',
    menu: 'menu.accounts',
    icon: <UserOutlined />,
    allow: (a) => a.countyAdmin,
    page: lazyPage(() => import('./features/accounts/AccountsPage')),
  },
  {
    path: '/accounts/slips',
    menu: 'menu.accountSlips',
    icon: <KeyOutlined />,
    allow: (a) => a.writeRoster,
    page: lazyPage(() => import('./features/accounts/SlipsPage')),
  },
  {
    path: '/accounts/slips/print',
    allow: (a) => a.writeRoster,
    page: lazyPage(() => import('./features/accounts/SlipPrintPage')),
    bare: true,
  },
  {
    path: '/import/accounts',
    allow: (a) => a.countyAdmin,
    page: lazyPage(() => import('./features/accounts/AccountImportPage')),
  },
  {
    path: '/audit',
    menu: 'menu.audit',
    icon: <AuditOutlined />,
    allow: (a) => a.countyAdmin,
    page: lazyPage(() => import('./features/audit/AuditPage')),
  },
  {
    path: '/me',
    menu: 'menu.me',
    icon: <IdcardOutlined />,
    allow: (a) => a.teacher,
    page: lazyPage(() => import('./features/teachers/MyRecordPage')),
  },
];

/** Public pages, outside the layout. */
export const publicRoutes = {
  verify: lazyPage(() => import('./features/run/VerifyPage')),
  verifyStatement: lazyPage(() => import('./features/credits/StatementVerifyPage')),
  login: lazyPage(() => import('./features/auth/LoginPage')),
  password: lazyPage(() => import('./features/auth/ChangePasswordPage')),
  activate: lazyPage(() => import('./features/auth/ActivatePage')),
};

/**
 * Starts loading the page for this URL (main.tsx, before the first render), so it arrives while
 * the shell asks who is signed in. Not for `/`, whose page depends on the role (teachers go to /me).
 */
export function preloadPage(pathname: string) {
  if (pathname === '/') return;
  const pages: [string, LazyPage][] = [
    ['/login', publicRoutes.login],
    ['/password', publicRoutes.password],
    ['/activate', publicRoutes.activate],
    ['/verify/statement/:number', publicRoutes.verifyStatement],
    ['/verify/:number', publicRoutes.verify],
    ...routes.map((r): [string, LazyPage] => [r.path, r.page]),
  ];
  // A plain segment match (react-router's matchPath compiles every pattern: slow on a phone at
  // start-up); the most specific wins, as the router picks it (/projects/calendar before /projects/:id).
  const parts = pathname.split('/');
  const matches = (pattern: string) => {
    const want = pattern.split('/');
    return want.length === parts.length && want.every((w, i) => (w.startsWith(':') ? parts[i] !== '' : w === parts[i]));
  };
  const params = (p: string) => p.split('/').filter((x) => x.startsWith(':')).length;
  const match = pages.filter(([p]) => matches(p)).sort((a, b) => params(a[0]) - params(b[0]))[0];
  match?.[1].preload();
}
