// One React Query hook per import endpoint (docs/api.md): run an import (dry or real), poll its job,
// build the error report; the template is a plain download.
import type { ImportResult, Job, JobListItem } from '@shixun/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, downloadUrl, http } from '../../lib/http';

export type ImportKind = 'teachers' | 'schools' | 'credits' | 'accounts';

export interface RunImportInput {
  file: File;
  dryRun: boolean;
  skipInvalid?: boolean;
  /** client-made uuid so progress can be polled while the request runs */
  jobId: string;
}

/** POST /api/{teachers|schools|credits|accounts}/import */
export function useRunImport(kind: ImportKind) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun, skipInvalid, jobId }: RunImportInput) =>
      http.upload<ImportResult>(`/api/${kind}/import`, file, {
        dryRun: dryRun ? 'true' : undefined,
        skipInvalid: skipInvalid ? 'true' : undefined,
        jobId,
      }),
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

/** POST /api/imports/report (credits: /api/credits/import/report): the workbook back with a 错误说明 column (.xlsx). */
export function useImportReport(kind: ImportKind) {
  return useMutation({
    mutationFn: (file: File) =>
      kind === 'credits' || kind === 'accounts'
        ? http.upload<Blob>(`/api/${kind}/import/report`, file)
        : http.upload<Blob>('/api/imports/report', file, { kind }),
  });
}

/** GET /api/{teachers|schools|credits}/import/template */
export function downloadTemplate(kind: ImportKind) {
  downloadUrl(`/api/${kind}/import/template`);
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
  };
}
