// React Query hooks of the reading programme: one per endpoint, typed from common/'s schemas.
import type {
  Award,
  AwardBody,
  AwardKind,
  BookBody,
  BookList,
  LogBody,
  MyReading,
  NoteRating,
  ReadingCandidates,
  ReviewNote,
} from '@shixun/common';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../../lib/http';

const keys = {
  all: ['reading'] as const,
  books: (year?: number) => ['reading', 'books', year ?? 0] as const,
  mine: (year?: number) => ['reading', 'mine', year ?? 0] as const,
  notes: (q: object) => ['reading', 'notes', q] as const,
  candidates: (year: number | undefined, kind: AwardKind) => ['reading', 'candidates', year ?? 0, kind] as const,
  awards: (year?: number) => ['reading', 'awards', year ?? 0] as const,
};

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.all });
}

// ---------- the county's list ----------

export function useBooks(year?: number) {
  return useQuery({ queryKey: keys.books(year), queryFn: () => http.get<BookList>('/api/reading/books', { year }) });
}

export function useAddBook() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: BookBody) => http.post<{ id: number }>('/api/reading/books', body),
    onSuccess: invalidate,
  });
}

export function useUpdateBook() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Partial<Omit<BookBody, 'year'>> }) =>
      http.patch<{ id: number }>(`/api/reading/books/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteBook() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.del<{ ok: true }>(`/api/reading/books/${id}`),
    onSuccess: invalidate,
  });
}

// ---------- the teacher's own ----------

export function useMyReading(year?: number) {
  return useQuery({ queryKey: keys.mine(year), queryFn: () => http.get<MyReading>('/api/me/reading', { year }) });
}

export function useAddLog() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: LogBody) => http.post<{ id: number }>('/api/me/reading/logs', body),
    onSuccess: invalidate,
  });
}

export function useFinishLog() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, finishedOn }: { id: number; finishedOn: string | null }) =>
      http.patch<{ id: number }>(`/api/me/reading/logs/${id}`, { finishedOn }),
    onSuccess: invalidate,
  });
}

export function useAddNote() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ logId, body }: { logId: number; body: string }) =>
      http.post<{ id: number }>(`/api/me/reading/logs/${logId}/notes`, { body }),
    onSuccess: invalidate,
  });
}

// ---------- reviews and selection ----------

export interface NotesQuery {
  year?: number;
  schoolId?: number;
  reviewed?: 'yes' | 'no';
  page: number;
  pageSize: number;
}

export function useReviewNotes(q: NotesQuery) {
  return useQuery({
    queryKey: keys.notes(q),
    queryFn: () => http.get<{ items: ReviewNote[]; total: number }>('/api/reading/notes', { ...q }),
    placeholderData: keepPreviousData,
  });
}

export function useReviewNote() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, rating, comment }: { id: number; rating: NoteRating; comment: string | null }) =>
      http.post<{ id: number }>(`/api/reading/notes/${id}/review`, { rating, comment }),
    onSuccess: invalidate,
  });
}

export function useReadingCandidates(year: number | undefined, kind: AwardKind, enabled = true) {
  return useQuery({
    queryKey: keys.candidates(year, kind),
    queryFn: () => http.get<ReadingCandidates>('/api/reading/candidates', { year, kind }),
    enabled,
  });
}

export function useAwards(year?: number) {
  return useQuery({
    queryKey: keys.awards(year),
    queryFn: () => http.get<{ year: number; items: Award[] }>('/api/reading/awards', { year }),
  });
}

export function useAddAward() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: AwardBody) => http.post<{ id: number }>('/api/reading/awards', body),
    onSuccess: invalidate,
  });
}

export function useDeleteAward() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => http.del<{ ok: true }>(`/api/reading/awards/${id}`),
    onSuccess: invalidate,
  });
}
