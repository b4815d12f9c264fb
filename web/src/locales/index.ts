// Namespace registry: one entry per feature. Add a line here when a feature gets strings.
import { accounts } from '../features/accounts/locales';
import { audit } from '../features/audit/locales';
import { auth } from '../features/auth/locales';
import { dashboard } from '../features/dashboard/locales';
import { imports } from '../features/imports/locales';
import { my } from '../features/my/locales';
import { org } from '../features/org/locales';
import { projects } from '../features/projects/locales';
import { run } from '../features/run/locales';
import { teachers } from '../features/teachers/locales';
import { common } from './common';

export type Strings = { 'zh-CN': object; en: object; 'zh-TW': object };

export const namespaces: Record<string, Strings> = {
  common,
  auth,
  dashboard,
  org,
  teachers,
  imports,
  accounts,
  audit,
  projects,
  run,
  my,
};
