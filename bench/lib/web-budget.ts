// The JavaScript a teacher's phone route may load (gzip bytes, as served), checked in `npm test`
// by e2e/bundle-budget.e2e.ts against the build the browser tests use, and printed by
// bench/web-pages.ts. The goal is 150 kB for every teacher route (issue "Phone first"); the budgets
// are what each route loads now plus a little room, so that growth fails CI and is a decision.
// Lower a budget when a route gets lighter; raise one only with a reason in the commit.

export const GOAL_GZIP = 150_000;

/** Route pattern (as in router.tsx / App.tsx) → budget in gzip bytes. */
export const TEACHER_BUDGETS: Record<string, number> = {
  '/login': 345_000,
  '/password': 355_000,
  '/me': 335_000,
  '/checkin/:sessionId': 315_000,
  '/my/trainings': 440_000,
  '/my/certificates': 355_000,
  '/my/credits': 450_000,
  '/my/credit-applications': 530_000,
  '/my/archive': 365_000,
  '/my/report-backs': 475_000,
  '/my/reflections': 435_000,
  '/my/claims': 495_000,
  '/notifications': 355_000,
  '/notices': 530_000,
  '/notices/:id': 445_000,
  '/research/checkin/:activityId': 275_000,
  '/my/research': 280_000,
  '/my/reading': 310_000,
  // People development: native inputs (no antd Form, Select, DatePicker, Table or Pagination), and the
  // vocabularies from common/src/people-vocab.ts, which has no zod.
  '/my/mentoring': 335_000,
  '/my/mentoring/:id': 340_000,
  '/my/plans': 330_000,
  '/my/honours': 312_000,
  '/my/studios': 335_000,
};

/** Admin routes the bench prints beside them (no budget). */
export const ADMIN_ROUTES = [
  '/',
  '/teachers',
  '/teachers/:id',
  '/projects',
  '/projects/:id',
  '/stats',
  '/credit/progress',
];
