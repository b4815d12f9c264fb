// One React Query hook per import endpoint (docs/api.md): run an import (dry or real), poll its job,
// build the error report; the template is a plain download.
import type { ImportMapping, ImportResult, Job, JobListItem } from '@shixun/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, downloadUrl, http } from '../../lib/http';

export type ImportKind = 'teachers' | 'schools' | 'credits' | 'accounts' | 'budgets' | 'results';

/** Query parameters an import of this kind needs besides its own (budgets: `year`; results: `projectId`). */
export type ImportParams = Record<string, string>;

/** Where each kind's import, error report and template live. */
const BASE: Record<ImportKind, string> = {
  teachers: '/api/teachers/import',
  schools: '/api/schools/import',
  credits: '/api/credits/import',
  accounts: '/api/accounts/import',
  budgets: '/api/budgets/import',
  results: '/api/trainings/results/import',
};

export interface RunImportInput {
  file: File;
  dryRun: boolean;
  skipInvalid?: boolean;
  /** client-made uuid so progress can be polled while the request runs */
  jobId: string;
  /** values the county's dictionary lacks → entries (or new ones), chosen in the preview */
  mapping?: ImportMapping;
}

/**
 * POST /api/{teachers|schools|credits|accounts|budgets}/import, /api/trainings/results/import
 * (`projectId`: every row is that upper-level project's).
 */
export function useRunImport(kind: ImportKind, params: ImportParams = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun, skipInvalid, jobId, mapping }: RunImportInput) =>
      http.upload<ImportResult>(
        BASE[kind],
        file,
        {
          ...params,
          dryRun: dryRun ? 'true' : undefined,
          skipInvalid: skipInvalid ? 'true' : undefined,
          jobId,
        },
        undefined,
        mapping && Object.keys(mapping).length ? { mapping: JSON.stringify(mapping) } : undefined,
      ),
    // The recent-imports list shows this job's outcome, failures included.
    onSettled: () => qc.invalidateQueries({ queryKey: ['jobs', 'recent'] }),
    onSuccess: (_r, v) => {
      if (v.dryRun) return;
      // A committed import changes rosters, school lists and every count derived from them.
      void qc.invalidateQueries({ queryKey: ['teachers'] });
      void qc.invalidateQueries({ queryKey: ['org'] });
      void qc.invalidateQueries({ queryKey: ['stats'] });
      void qc.invalidateQueries({ queryKey: ['credits'] });
      void qc.invalidateQueries({ queryKey: ['accounts'] });
      void qc.invalidateQueries({ queryKey: ['dictionaries'] });
      void qc.invalidateQueries({ queryKey: ['money'] });
      void qc.invalidateQueries({ queryKey: ['projects'] });
      void qc.invalidateQueries({ queryKey: ['run'] });
    },
  });
}

/** GET /api/jobs/:id, every 500 ms while `active`. null until the server has opened the job. */
export function useJob(jobId: string | null, active: boolean) {
  return useQuery({
    queryKey: ['jobs', jobId],
    queryFn: async () => {
      try {
        return await http.get<Job>(`/api/jobs/${jobId}`);
      } catch (e) {
        // The upload may still be on its way: the job does not exist yet.
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    enabled: active && jobId !== null,
    refetchInterval: active ? 500 : false,
    retry: false,
    gcTime: 0,
  });
}

/** GET /api/jobs?kind=…: the caller's recent imports of this kind; refreshed while one is running. */
export function useRecentJobs(kind: ImportKind) {
  return useQuery({
    queryKey: ['jobs', 'recent', kind],
    queryFn: async () => (await http.get<{ items: JobListItem[] }>('/api/jobs', { kind: `${kind}.import` })).items,
    refetchInterval: (q) => (q.state.data?.some((j) => j.status === 'running') ? 3000 : false),
  });
}

/**
 * POST /api/imports/report (credits, accounts, budgets and results: …/import/report): the workbook
 * back with a 错误说明 column (.xlsx).
 */
export function useImportReport(kind: ImportKind, params: ImportParams = {}) {
  return useMutation({
    mutationFn: (file: File) =>
      kind === 'credits' || kind === 'accounts' || kind === 'budgets' || kind === 'results'
        ? http.upload<Blob>(`${BASE[kind]}/report`, file, params)
        : http.upload<Blob>('/api/imports/report', file, { kind }),
  });
}

/** GET …/import/template (budgets: the year's schools; one project's results: only who and how they did). */
export function downloadTemplate(kind: ImportKind, params: ImportParams = {}) {
  downloadUrl(`${BASE[kind]}/template`, params);
}

/** A 422 IMPORT_HAS_ERRORS carries the result's fields beside `error`. */
export function resultOfError(e: unknown): ImportResult | null {
  if (!(e instanceof ApiError) || e.code !== 'IMPORT_HAS_ERRORS') return null;
  const b = e.body as Partial<ImportResult> | undefined;
  if (!b || !Array.isArray(b.errors)) return null;
  return {
    total: b.total ?? 0,
    created: b.created ?? 0,
    updated: b.updated ?? 0,
    skipped: b.skipped ?? 0,
    errors: b.errors,
    committed: false,
    preview: b.preview,
    warnings: b.warnings,
    unknown: b.unknown,
    mapped: b.mapped,
    added: b.added,
  };
}
