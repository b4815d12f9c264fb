// React Query hooks of the surveys (问卷): the county's list, builder and results, the satisfaction
// template and figures, the needs summary beside the plan; the teacher's surveys, form and answers.
import type {
  MySurveys,
  NeedsSummary,
  ProjectSatisfactionRow,
  SatisfactionTemplate,
  SatisfactionTemplateBody,
  Survey,
  SurveyBody,
  SurveyForm,
  SurveyListItem,
  SurveyListQuery,
  SurveyResponseBody,
  SurveyResponseResult,
  SurveyResults,
  SurveyResultsQuery,
  TrainerSatisfactionRow,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export const surveyKeys = {
  all: ['surveys'] as const,
  list: (q: Partial<SurveyListQuery>) => ['surveys', 'list', q] as const,
  one: (id: number) => ['surveys', 'one', id] as const,
  results: (id: number, q: SurveyResultsQuery) => ['surveys', 'results', id, q] as const,
  template: ['surveys', 'template'] as const,
  needs: (year?: number) => ['surveys', 'needs-summary', year ?? null] as const,
  trainers: (year?: number) => ['surveys', 'satisfaction', 'trainers', year ?? null] as const,
  projects: (year?: number) => ['surveys', 'satisfaction', 'projects', year ?? null] as const,
  project: (id: number) => ['surveys', 'satisfaction', 'project', id] as const,
  mine: ['surveys', 'mine'] as const,
  form: (id: number, projectId?: number) => ['surveys', 'form', id, projectId ?? null] as const,
};

// ---------- the county ----------

export function useSurveys(q: Partial<SurveyListQuery>) {
  return useQuery({
    queryKey: surveyKeys.list(q),
    queryFn: () => http.get<{ items: SurveyListItem[]; total: number }>('/api/surveys', q),
    placeholderData: keepPreviousData,
  });
}

export function useSurvey(id: number | null) {
  return useQuery({
    queryKey: surveyKeys.one(id ?? 0),
    queryFn: () => http.get<Survey>(`/api/surveys/${id}`),
    enabled: id != null,
  });
}

function useInvalidateSurveys() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: surveyKeys.all });
}

export function useSaveSurvey() {
  const done = useInvalidateSurveys();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: SurveyBody }) =>
      id == null
        ? http.post<{ id: number }>('/api/surveys', body)
        : http.put<Survey>(`/api/surveys/${id}`, body).then((s) => ({ id: s.id })),
    onSuccess: done,
  });
}

export function useSurveyAction() {
  const done = useInvalidateSurveys();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'publish' | 'close' | 'copy' | 'delete' }) =>
      action === 'delete'
        ? http.del<{ ok: true }>(`/api/surveys/${id}`).then(() => ({ id, invited: 0 }))
        : http.post<{ id: number; invited?: number }>(`/api/surveys/${id}/${action}`),
    onSuccess: done,
  });
}

export function useSurveyResults(id: number, q: SurveyResultsQuery) {
  return useQuery({
    queryKey: surveyKeys.results(id, q),
    queryFn: () => http.get<SurveyResults>(`/api/surveys/${id}/results`, q),
    placeholderData: keepPreviousData,
  });
}

export const exportSurveyResults = (id: number, q: Omit<SurveyResultsQuery, 'by'>) =>
  downloadUrl(`/api/surveys/${id}/results/export`, q);

export function useSatisfactionTemplate(enabled = true) {
  return useQuery({
    queryKey: surveyKeys.template,
    queryFn: () => http.get<SatisfactionTemplate>('/api/surveys/template'),
    enabled,
  });
}

export function useSaveTemplate() {
  const done = useInvalidateSurveys();
  return useMutation({
    mutationFn: (body: SatisfactionTemplateBody) => http.put<Survey>('/api/surveys/template', body),
    onSuccess: done,
  });
}

export function useNeedsSummary(year?: number, enabled = true) {
  return useQuery({
    queryKey: surveyKeys.needs(year),
    queryFn: () => http.get<NeedsSummary>('/api/surveys/needs-summary', { year }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useTrainerSatisfaction(year?: number, enabled = true) {
  return useQuery({
    queryKey: surveyKeys.trainers(year),
    queryFn: () =>
      http.get<{ year: number; items: TrainerSatisfactionRow[] }>('/api/surveys/satisfaction/trainers', { year }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useProjectsSatisfaction(year?: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: surveyKeys.projects(year),
    queryFn: () =>
      http.get<{ year: number; items: ProjectSatisfactionRow[] }>('/api/surveys/satisfaction/projects', { year }),
    placeholderData: keepPreviousData,
  });
}

export const exportSatisfaction = (what: 'projects' | 'trainers', year?: number) =>
  downloadUrl(`/api/surveys/satisfaction/${what}/export`, { year });

export function useProjectSatisfaction(projectId: number, enabled = true) {
  return useQuery({
    queryKey: surveyKeys.project(projectId),
    queryFn: () => http.get<{ item: ProjectSatisfactionRow | null }>(`/api/projects/${projectId}/satisfaction`),
    enabled,
  });
}

// ---------- the teacher ----------

export function useMySurveys() {
  return useQuery({ queryKey: surveyKeys.mine, queryFn: () => http.get<MySurveys>('/api/me/surveys') });
}

export function useSurveyForm(id: number, projectId?: number) {
  return useQuery({
    queryKey: surveyKeys.form(id, projectId),
    queryFn: () => http.get<SurveyForm>(`/api/surveys/${id}/form`, { projectId }),
  });
}

export function useAnswerSurvey(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SurveyResponseBody) => http.post<SurveyResponseResult>(`/api/surveys/${id}/responses`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
      void qc.invalidateQueries({ queryKey: ['my'] });
    },
  });
}
