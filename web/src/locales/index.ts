// Namespace registry: one entry per feature. Add a line here when a feature gets strings.
// The build reads the `import { x } from '…/locales';` lines (web/build/locale-imports.ts): keep that form.
import { files } from '../components/attachments.locales';
import { list } from '../components/list/locales';
import { accounts } from '../features/accounts/locales';
import { after } from '../features/after/locales';
import { archive } from '../features/archive/locales';
import { audit } from '../features/audit/locales';
import { auth } from '../features/auth/locales';
import { creditApplications } from '../features/credit-applications/locales';
import { creditAudit } from '../features/credit-audit/locales';
import { credits } from '../features/credits/locales';
import { dashboard } from '../features/dashboard/locales';
import { dictionaries } from '../features/dictionaries/locales';
import { honours } from '../features/honours/locales';
import { imports } from '../features/imports/locales';
import { mentoring } from '../features/mentoring/locales';
import { money } from '../features/money/locales';
import { my } from '../features/my/locales';
import { notices } from '../features/notices/locales';
import { org } from '../features/org/locales';
import { plans } from '../features/plans/locales';
import { projects } from '../features/projects/locales';
import { providers } from '../features/providers/locales';
import { reading } from '../features/reading/locales';
import { run } from '../features/run/locales';
import { research } from '../features/school-research/locales';
import { researchMy } from '../features/school-research/my-locales';
import { studios } from '../features/studios/locales';
import { teachers } from '../features/teachers/locales';
import { teams } from '../features/teams/locales';
import { weekly } from '../features/weekly/locales';
import { common } from './common';

export type Strings = { 'zh-CN': object; en: object; 'zh-TW': object };

export const namespaces: Record<string, Strings> = {
  common,
  after,
  files,
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
  notices,
  weekly,
  creditApplications,
  credits,
  creditAudit,
  archive,
  money,
  mentoring,
  honours,
  plans,
  studios,
  teams,
  providers,
  dictionaries,
  research,
  researchMy,
  reading,
  list,
};
