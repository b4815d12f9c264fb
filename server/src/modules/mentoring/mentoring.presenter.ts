// Rows of the mentoring module → the response schemas of common/src/mentoring.ts.
import type {
  ChoiceItem,
  ChoiceStatus,
  MentoringLogItem,
  OfferItem,
  PairItem,
  PairPerson,
  PairReviewItem,
  PairStatus,
  ReviewKind,
  RoundItem,
} from '@shixun/common';
import type { LogRow, PairRow, ReviewRow } from './mentoring.repo.js';
import type { ChoiceRow, OfferRow, RoundRow } from './rounds.repo.js';

/** The `<p>_id`, `<p>_name` … columns of a row as a person. */
function personOf(r: object, p: 'mentor' | 'mentee'): PairPerson {
  const g = (k: string) => (r as unknown as Record<string, unknown>)[`${p}_${k}`];
  return {
    id: Number(g('id')),
    name: String(g('name')),
    schoolId: Number(g('school_id')),
    schoolName: String(g('school_name')),
    subject: String(g('subject')),
    title: (g('title') as string | null) ?? null,
    hireDate: (g('hire_date') as string | null) ?? null,
  };
}

export const presentPair = (r: PairRow): PairItem => ({
  id: r.id,
  year: Number(r.year),
  termYears: Number(r.term_years),
  schoolId: r.school_id,
  schoolName: r.school_name,
  mentor: personOf(r, 'mentor'),
  mentee: personOf(r, 'mentee'),
  status: r.status as PairStatus,
  goals: r.goals,
  source: r.round_id != null ? 'choice' : 'direct',
  overrideReason: r.override_reason,
  excellentYear: r.excellent_year == null ? null : Number(r.excellent_year),
  logCount: Number(r.log_count),
  logHours: Number(r.log_hours),
  lastLogOn: r.last_log_on,
  yearendResult: r.yearend_result,
});

export const presentLog = (r: LogRow, userId: number): MentoringLogItem => ({
  id: r.id,
  kind: r.kind,
  occurredOn: r.occurred_on,
  hours: Number(r.hours),
  content: r.content,
  authorName: r.author_name,
  authorRole: r.author_role,
  activityRef: r.activity_ref,
  createdAt: r.created_at,
  mine: r.author_user_id === userId,
});

export const presentReview = (r: ReviewRow): PairReviewItem => ({
  id: r.id,
  kind: r.kind as ReviewKind,
  period: r.period,
  result: r.result,
  comment: r.comment,
  reviewerName: r.reviewer_name,
  updatedAt: r.updated_at,
});

export const presentRound = (r: RoundRow): RoundItem => ({
  id: r.id,
  year: Number(r.year),
  title: r.title,
  schoolId: r.school_id,
  consortiumId: r.consortium_id,
  ownerName: r.owner_name,
  closesOn: r.closes_on,
  status: r.status === 'closed' ? 'closed' : 'open',
  note: r.note,
  offers: Number(r.offers),
  pendingChoices: Number(r.pending_choices),
  pairs: Number(r.pairs),
});

export const presentOffer = (r: OfferRow): OfferItem => ({
  id: r.id,
  mentor: personOf(r, 'mentor'),
  capacity: Number(r.capacity),
  taken: Number(r.taken),
  note: r.note,
});

export const presentChoice = (r: ChoiceRow, problem: string | null): ChoiceItem => ({
  id: r.id,
  offerId: r.offer_id,
  mentee: personOf(r, 'mentee'),
  status: r.status as ChoiceStatus,
  note: r.note,
  declineReason: r.decline_reason,
  problem,
  createdAt: r.created_at,
});
