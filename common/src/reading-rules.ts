// The reading programme's small vocabularies and rules, in a module without schemas so that the
// teacher's phone page can use them without loading zod.

export const NOTE_RATINGS = ['优秀', '良好', '合格'] as const;
export type NoteRating = (typeof NOTE_RATINGS)[number];
/** A reading note needs some substance to count. */
export const NOTE_MIN_CHARS = 20;

export const AWARD_KINDS = ['reader', 'school'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];
export const AWARD_KIND_LABELS: Record<AwardKind, string> = { reader: '读书先进个人', school: '读书先进集体' };
