// Every module's routes, registered in this order by app.ts.
import type { App, Deps } from '../deps.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { assessmentRoutes } from './assessment/assessment.routes.js';
import { attendanceRoutes } from './attendance/attendance.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { certificatesRoutes } from './certificates/certificates.routes.js';
import { creditsRoutes } from './credits/credits.routes.js';
import { enrolmentRoutes } from './enrolment/enrolment.routes.js';
import { importsRoutes } from './imports/imports.routes.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { projectsRoutes } from './projects/projects.routes.js';
import { resultsRoutes } from './results/results.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { teachersRoutes } from './teachers/teachers.routes.js';
import { trainersRoutes } from './trainers/trainers.routes.js';

export const modules: Array<(app: App, deps: Deps) => Promise<void>> = [
  authRoutes,
  orgRoutes,
  teachersRoutes,
  importsRoutes,
  accountsRoutes,
  auditRoutes,
  statsRoutes,
  notificationsRoutes,
  projectsRoutes,
  resultsRoutes,
  trainersRoutes,
  enrolmentRoutes,
  attendanceRoutes,
  assessmentRoutes,
  certificatesRoutes,
  creditsRoutes,
];
