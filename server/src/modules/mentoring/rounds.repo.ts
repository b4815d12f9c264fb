// All SQL of pairing rounds (a school's or a consortium's), mentors' offers and mentees' choices.
// Rounds are read through roundScope; offers and choices through their round.
import { type SQL, sql } from 'drizzle-orm';
import { roundScope, type Who } from '../../access/scope.js';
import { type Exec, one, rows } from '../../db/client.js';
import { iso } from './mentoring.repo.js';

export interface RoundRow {
  id: number;
  region_id: number;
  year: number;
  title: string;
  school_id: number | null;
  consortium_id: number | null;
  owner_name: string;
  closes_on: string;
  status: string;
  note: string | null;
  offers: number;
  pending_choices: number;
  pairs: number;
}

const ROUND_COLUMNS = sql`r.id, r.region_id, r.year, r.title, r.school_id, r.consortium_id,
  coalesce(rs.name, rc.name) as owner_name, r.closes_on::text as closes_on, r.status, r.note,
  (select count(*)::int from mentoring_offers o where o.round_id = r.id) as offers,
  (select count(*)::int from mentoring_choices ch where ch.round_id = r.id and ch.status = 'pending') as pending_choices,
  (select count(*)::int from mentoring_pairs mp where mp.round_id = r.id and mp.status <> 'dissolved') as pairs`;
const ROUND_FROM = sql`from mentoring_rounds r left join schools rs on rs.id = r.school_id
  left join consortia rc on rc.id = r.consortium_id`;

export async function listRounds(exec: Exec, who: Who, year: number | undefined, extra: SQL = sql`true`) {
  return rows<RoundRow>(
    exec,
    sql`select ${ROUND_COLUMNS} ${ROUND_FROM}
        where ${roundScope(who, 'r')} ${year ? sql`and r.year = ${year}` : sql``} and ${extra}
        order by r.year desc, (r.status = 'open') desc, r.closes_on desc, r.id desc`,
  );
}

export async function findRound(exec: Exec, who: Who, id: number, lock = false) {
  return one<RoundRow>(
    exec,
    sql`select ${ROUND_COLUMNS} ${ROUND_FROM} where r.id = ${id} and ${roundScope(who, 'r')}
        ${lock ? sql`for update of r` : sql``}`,
  );
}

export async function insertRound(
  exec: Exec,
  v: {
    regionId: number;
    year: number;
    schoolId: number | null;
    consortiumId: number | null;
    title: string;
    closesOn: string;
    note: string | null;
    createdBy: number;
  },
) {
  const r = await one<{ id: number }>(
    exec,
    sql`insert into mentoring_rounds (region_id, year, school_id, consortium_id, title, closes_on, note, created_by)
        values (${v.regionId}, ${v.year}, ${v.schoolId}, ${v.consortiumId}, ${v.title}, ${v.closesOn}, ${v.note},
                ${v.createdBy})
        returning id`,
  );
  return r!.id;
}

export interface OfferRow {
  id: number;
  round_id: number;
  capacity: number;
  note: string | null;
  taken: number;
  mentor_id: number;
  mentor_name: string;
  mentor_school_id: number;
  mentor_school_name: string;
  mentor_subject: string;
  mentor_title: string | null;
  mentor_hire_date: string | null;
}

const OFFER_COLUMNS = sql`o.id, o.round_id, o.capacity, o.note,
  (select count(*)::int from mentoring_choices ch where ch.offer_id = o.id and ch.status = 'accepted') as taken,
  t.id as mentor_id, t.name as mentor_name, t.school_id as mentor_school_id, s.name as mentor_school_name,
  t.subject as mentor_subject, t.title as mentor_title, t.hire_date::text as mentor_hire_date`;
const OFFER_FROM = sql`from mentoring_offers o join teachers t on t.id = o.mentor_id join schools s on s.id = t.school_id`;

export async function offersOf(exec: Exec, roundIds: number[]) {
  if (!roundIds.length) return [];
  return rows<OfferRow>(
    exec,
    sql`select ${OFFER_COLUMNS} ${OFFER_FROM} where o.round_id = any(${sql`${`{${roundIds.join(',')}}`}::int[]`})
        order by s.name, t.name, o.id`,
  );
}

export async function findOffer(exec: Exec, id: number, lock = false) {
  return one<OfferRow>(
    exec,
    sql`select ${OFFER_COLUMNS} ${OFFER_FROM} where o.id = ${id} ${lock ? sql`for update of o` : sql``}`,
  );
}

export interface ChoiceRow {
  id: number;
  round_id: number;
  offer_id: number;
  status: string;
  note: string | null;
  decline_reason: string | null;
  created_at: string;
  mentor_id: number;
  mentor_name: string;
  mentee_id: number;
  mentee_name: string;
  mentee_school_id: number;
  mentee_school_name: string;
  mentee_subject: string;
  mentee_title: string | null;
  mentee_hire_date: string | null;
  mentee_birth_year: number | null;
}

const CHOICE_COLUMNS = sql`ch.id, ch.round_id, ch.offer_id, ch.status, ch.note, ch.decline_reason,
  ${iso(sql`ch.created_at`)} as created_at, o.mentor_id, mt.name as mentor_name,
  te.id as mentee_id, te.name as mentee_name, te.school_id as mentee_school_id, es.name as mentee_school_name,
  te.subject as mentee_subject, te.title as mentee_title, te.hire_date::text as mentee_hire_date,
  te.birth_year as mentee_birth_year`;
const CHOICE_FROM = sql`from mentoring_choices ch join mentoring_offers o on o.id = ch.offer_id
  join teachers mt on mt.id = o.mentor_id
  join teachers te on te.id = ch.mentee_id join schools es on es.id = te.school_id`;

export async function choicesOf(exec: Exec, roundId: number) {
  return rows<ChoiceRow>(
    exec,
    sql`select ${CHOICE_COLUMNS} ${CHOICE_FROM} where ch.round_id = ${roundId}
        order by array_position(array['pending','accepted','declined','withdrawn'], ch.status), ch.created_at, ch.id`,
  );
}

export async function findChoice(exec: Exec, id: number, lock = false) {
  return one<ChoiceRow>(
    exec,
    sql`select ${CHOICE_COLUMNS} ${CHOICE_FROM} where ch.id = ${id} ${lock ? sql`for update of ch` : sql``}`,
  );
}

/** The mentee's live (pending or accepted) choice in a round. */
export async function liveChoiceOf(exec: Exec, roundId: number, menteeId: number) {
  return one<ChoiceRow>(
    exec,
    sql`select ${CHOICE_COLUMNS} ${CHOICE_FROM}
        where ch.round_id = ${roundId} and ch.mentee_id = ${menteeId} and ch.status in ('pending', 'accepted')`,
  );
}
