// Every module's routes, registered in this order by app.ts.
import type { App, Deps } from '../deps.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { archiveRoutes } from './archive/archive.routes.js';
import { assessmentRoutes } from './assessment/assessment.routes.js';
import { attachmentsRoutes } from './attachments/attachments.routes.js';
import { attendanceRoutes } from './attendance/attendance.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { budgetsRoutes } from './budgets/budgets.routes.js';
import { certificatesRoutes } from './certificates/certificates.routes.js';
import { claimsRoutes } from './claims/claims.routes.js';
import { creditApplicationsRoutes } from './credit-applications/credit-applications.routes.js';
import { creditAuditRoutes } from './credit-audit/credit-audit.routes.js';
import { creditsRoutes } from './credits/credits.routes.js';
import { dictionariesRoutes } from './dictionaries/dictionaries.routes.js';
import { enrolmentRoutes } from './enrolment/enrolment.routes.js';
import { ethicsRoutes } from './ethics/ethics.routes.js';
import { honoursRoutes } from './honours/honours.routes.js';
import { importsRoutes } from './imports/imports.routes.js';
import { mentoringRoutes } from './mentoring/mentoring.routes.js';
import { noticesRoutes } from './notices/notices.routes.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { plansRoutes } from './plans/plans.routes.js';
import { projectsRoutes } from './projects/projects.routes.js';
import { providersRoutes } from './providers/providers.routes.js';
import { readingRoutes } from './reading/reading.routes.js';
import { reflectionsRoutes } from './reflections/reflections.routes.js';
import { reportBacksRoutes } from './report-backs/report-backs.routes.js';
import { resultsRoutes } from './results/results.routes.js';
import { schoolResearchRoutes } from './school-research/school-research.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { studiosRoutes } from './studios/studios.routes.js';
import { teachersRoutes } from './teachers/teachers.routes.js';
import { teamsRoutes } from './teams/teams.routes.js';
import { trainersRoutes } from './trainers/trainers.routes.js';
import { weeklyRoutes } from './weekly/weekly.routes.js';

export const modules: Array<(app: App, deps: Deps) => Promise<void>> = [
  authRoutes,
  attachmentsRoutes,
  orgRoutes,
  teachersRoutes,
  importsRoutes,
  accountsRoutes,
  auditRoutes,
  statsRoutes,
  notificationsRoutes,
  noticesRoutes,
  weeklyRoutes,
  projectsRoutes,
  resultsRoutes,
  trainersRoutes,
  enrolmentRoutes,
  attendanceRoutes,
  assessmentRoutes,
  certificatesRoutes,
  creditsRoutes,
  creditApplicationsRoutes,
  creditAuditRoutes,
  ethicsRoutes,
  archiveRoutes,
  reportBacksRoutes,
  reflectionsRoutes,
  budgetsRoutes,
  claimsRoutes,
  providersRoutes,
  honoursRoutes,
  mentoringRoutes,
  studiosRoutes,
  teamsRoutes,
  plansRoutes,
  dictionariesRoutes,
  schoolResearchRoutes,
  readingRoutes,
];
