import { z } from 'zod';

// Validation messages users see are Chinese, on the server and in forms alike.
z.config(z.locales.zhCN());

export * from './assessment.js';
export * from './attendance.js';
export * from './enrolment.js';
export * from './enums.js';
export * from './errors.js';
export * from './idcard.js';
export * from './projects.js';
export * from './schemas.js';
export * from './scope.js';
export * from './stats.js';
export * from './training.js';
