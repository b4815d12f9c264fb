// React Query hooks of the year-end school evaluation (年度考评): the indicator registry, rubrics,
// compute, results, manual scores, adjustments, publishing, scorecards, the ranking's .xlsx.
import type {
  AdjustmentBody,
  Evaluation,
  EvaluationBody,
  EvaluationResults,
  IndicatorInfo,
  ManualScoreBody,
  Scorecard,
} from '@shixun/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadUrl, http } from '../../lib/http';

export const evaluationKeys = {
  all: ['evaluations'] as const,
  indicators: ['evaluations', 'indicators'] as const,
  list: (year?: number) => ['evaluations', 'list', year ?? null] as const,
  one: (id: number) => ['evaluations', 'one', id] as const,
  results: (id: number) => ['evaluations', 'results', id] as const,
  scorecard: (id: number, schoolId: number) => ['evaluations', 'scorecard', id, schoolId] as const,
};

export function useIndicators() {
  return useQuery({
    queryKey: evaluationKeys.indicators,
    queryFn: () => http.get<{ items: IndicatorInfo[] }>('/api/evaluations/indicators'),
    staleTime: 10 * 60_000,
  });
}

export function useEvaluations(year?: number) {
  return useQuery({
    queryKey: evaluationKeys.list(year),
    queryFn: () => http.get<{ items: Evaluation[] }>('/api/evaluations', { year }),
  });
}

export function useEvaluation(id: number | null) {
  return useQuery({
    queryKey: evaluationKeys.one(id ?? 0),
    queryFn: () => http.get<Evaluation>(`/api/evaluations/${id}`),
    enabled: id != null,
  });
}

export function useResults(id: number, enabled = true) {
  return useQuery({
    queryKey: evaluationKeys.results(id),
    queryFn: () => http.get<EvaluationResults>(`/api/evaluations/${id}/results`),
    enabled,
  });
}

export function useScorecard(id: number, schoolId: number) {
  return useQuery({
    queryKey: evaluationKeys.scorecard(id, schoolId),
    queryFn: () => http.get<Scorecard>(`/api/evaluations/${id}/schools/${schoolId}`),
  });
}

export const exportRanking = (id: number) => downloadUrl(`/api/evaluations/${id}/results/export`);

function useDone() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: evaluationKeys.all });
}

export function useSaveEvaluation() {
  const done = useDone();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: EvaluationBody }) =>
      id == null
        ? http.post<{ id: number }>('/api/evaluations', body)
        : http.put<Evaluation>(`/api/evaluations/${id}`, body).then((e) => ({ id: e.id })),
    onSuccess: done,
  });
}

export function useDeleteEvaluation() {
  const done = useDone();
  return useMutation({
    mutationFn: (id: number) => http.del<{ ok: true }>(`/api/evaluations/${id}`),
    onSuccess: done,
  });
}

export function useEvaluationAction(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: ({ action, reason }: { action: 'compute' | 'publish' | 'unpublish'; reason?: string }) =>
      http.post<unknown>(`/api/evaluations/${id}/${action}`, action === 'unpublish' ? { reason } : undefined),
    onSuccess: done,
  });
}

export function useManualScore(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: ({ schoolId, body }: { schoolId: number; body: ManualScoreBody }) =>
      http.put<unknown>(`/api/evaluations/${id}/schools/${schoolId}/manual`, body),
    onSuccess: done,
  });
}

export function useAdjust(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: ({ schoolId, body }: { schoolId: number; body: AdjustmentBody | null }) =>
      body
        ? http.put<unknown>(`/api/evaluations/${id}/schools/${schoolId}/adjustment`, body)
        : http.del<unknown>(`/api/evaluations/${id}/schools/${schoolId}/adjustment`),
    onSuccess: done,
  });
}
