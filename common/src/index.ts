import { z } from 'zod';

// Validation messages users see are Chinese, on the server and in forms alike.
z.config(z.locales.zhCN());

export * from './access.js';
export * from './after-training.js';
export * from './assessment.js';
export * from './attachments.js';
export * from './attendance.js';
export * from './credential-rules.js';
export * from './credentials.js';
export * from './credit-applications.js';
export * from './credit-audit.js';
export * from './credit-rules.js';
export * from './credits.js';
export * from './dictionaries.js';
export * from './dictionary-rules.js';
export * from './enrolment.js';
export * from './enums.js';
export * from './errors.js';
export * from './evaluations.js';
export * from './idcard.js';
export * from './languages.js';
export * from './money.js';
export * from './notices.js';
export * from './primitives.js';
export * from './printing.js';
export * from './projects.js';
export * from './reports.js';
export * from './schemas.js';
export * from './scope.js';
export * from './stats.js';
export * from './survey-rules.js';
export * from './surveys.js';
export * from './training.js';
export * from './weekly.js';
