// Survey rows → the API's shapes (common/src/surveys.ts).
import {
  type MySurvey,
  type SatisfactionSettings,
  type Survey,
  type SurveyAudience,
  type SurveyListItem,
  type SurveySection,
  surveyAudience,
} from '@shixun/common';
import type { MySurveyRow, SurveyRow } from './surveys.repo.js';

const audienceOf = (raw: unknown): SurveyAudience => {
  const parsed = surveyAudience.safeParse(raw ?? {});
  return parsed.success ? parsed.data : { stages: [], subjects: [], areaIds: [], schoolIds: [] };
};

const settingsOf = (raw: Record<string, unknown>): Partial<SatisfactionSettings> => {
  const out: Partial<SatisfactionSettings> = {};
  if (typeof raw.requiredForCertificate === 'boolean') out.requiredForCertificate = raw.requiredForCertificate;
  if (typeof raw.windowDays === 'number') out.windowDays = raw.windowDays;
  return out;
};

export function presentListItem(r: SurveyRow): SurveyListItem {
  return {
    id: r.id,
    kind: r.kind,
    isTemplate: r.is_template,
    title: r.title,
    anonymous: r.anonymous,
    status: r.status,
    year: r.year,
    version: r.version,
    settings: settingsOf(r.settings ?? {}),
    closesOn: r.closes_on,
    publishedAt: r.published_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    invited: Number(r.invited ?? 0),
    responded: Number(r.responded ?? 0),
  };
}

export function presentSurvey(r: SurveyRow): Survey {
  return {
    ...presentListItem(r),
    intro: r.intro,
    audience: audienceOf(r.audience),
    sections: (r.sections ?? []) as SurveySection[],
  };
}

export function presentMySurvey(r: MySurveyRow): MySurvey {
  return {
    surveyId: r.survey_id,
    kind: r.kind,
    title: r.title,
    projectId: r.project_id,
    projectName: r.project_name,
    closesAt: r.closes_at,
    requiredForCertificate: r.required,
    answered: r.answered,
  };
}
