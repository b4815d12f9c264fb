// Three-tier training teams (县级、教联体、学校 三级培训团队) drawn from the trainer pool, and a
// trainer's record: sessions taught, hours, satisfaction (written by the surveys module), teams;
// found by subject and stage; invited external vs county experts per year.
import { z } from 'zod';
import { dbId } from './primitives.js';
import { pageQuery } from './schemas.js';

export const TEAM_TIERS = ['county', 'consortium', 'school'] as const;
export type TeamTier = (typeof TEAM_TIERS)[number];
export const TEAM_TIER_LABELS: Record<TeamTier, string> = { county: '县级', consortium: '教联体', school: '学校' };
export const TEAM_ROLES = ['负责人', '成员'] as const;

const positiveId = dbId;
const year = z.coerce
  .number({ error: '年度应为数字' })
  .int('年度应为整数')
  .min(2000, '年度应在2000至2100之间')
  .max(2100, '年度应在2000至2100之间');

export const teamBody = z
  .object({
    tier: z.enum(TEAM_TIERS, { error: '层级应为 县级、教联体 或 学校' }),
    name: z.string().trim().min(1, '请填写团队名称').max(60, '名称不超过60字'),
    consortiumId: positiveId.nullable().optional(),
    schoolId: positiveId.nullable().optional(),
    note: z.string().trim().max(500, '说明不超过500字').nullable().optional(),
  })
  .superRefine((b, ctx) => {
    if (b.tier === 'consortium' && b.consortiumId == null) {
      ctx.addIssue({ code: 'custom', path: ['consortiumId'], message: '请选择教联体' });
    }
    if (b.tier === 'school' && b.schoolId == null)
      ctx.addIssue({ code: 'custom', path: ['schoolId'], message: '请选择学校' });
  });
export type TeamBody = z.infer<typeof teamBody>;

export const teamUpdateBody = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  note: z.string().trim().max(500).nullable().optional(),
  active: z.boolean().optional(),
});
export type TeamUpdateBody = z.infer<typeof teamUpdateBody>;

export const teamMembersBody = z.object({
  members: z
    .array(z.object({ trainerId: positiveId, role: z.enum(TEAM_ROLES).default('成员') }))
    .max(200, '成员不超过200人'),
});
export type TeamMembersBody = z.infer<typeof teamMembersBody>;

export const teamListQuery = z.object({ tier: z.enum(TEAM_TIERS).optional() });

export const teamMember = z.object({
  trainerId: z.number(),
  name: z.string(),
  kind: z.string(),
  organisation: z.string().nullable(),
  role: z.string(),
});
export const teamItem = z.object({
  id: z.number(),
  tier: z.enum(TEAM_TIERS),
  name: z.string(),
  consortiumId: z.number().nullable(),
  schoolId: z.number().nullable(),
  /** The consortium's or school's name (null for a county team). */
  ownerName: z.string().nullable(),
  note: z.string().nullable(),
  active: z.boolean(),
  members: z.array(teamMember),
  can: z.object({ manage: z.boolean() }),
});
export type TeamItem = z.infer<typeof teamItem>;
export const teamList = z.object({ items: z.array(teamItem), total: z.number() });

// ---------- trainer records ----------

export const trainerRecordQuery = pageQuery.extend({
  subject: z.string().trim().max(20).optional(),
  stage: z.string().trim().max(20).optional(),
  kind: z.enum(['county', 'external']).optional(),
  teamId: positiveId.optional(),
  q: z.string().trim().max(30).optional(),
});
export type TrainerRecordQuery = z.infer<typeof trainerRecordQuery>;

export const trainerSatisfactionItem = z.object({ year: z.number(), score: z.number(), responses: z.number() });

export const trainerRecordItem = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['county', 'external']),
  organisation: z.string().nullable(),
  title: z.string().nullable(),
  expertise: z.string().nullable(),
  /** Subjects and stages it teaches (a county teacher's own subject and stage included). */
  subjects: z.array(z.string()),
  stages: z.array(z.string()),
  active: z.boolean(),
  sessionsTaught: z.number(),
  hoursTaught: z.number(),
  /** The latest year's satisfaction (0–100), when the surveys module has recorded one. */
  satisfaction: trainerSatisfactionItem.nullable(),
  teams: z.array(z.object({ id: z.number(), name: z.string(), tier: z.enum(TEAM_TIERS), role: z.string() })),
});
export type TrainerRecordItem = z.infer<typeof trainerRecordItem>;
export const trainerRecordList = z.object({ items: z.array(trainerRecordItem), total: z.number() });

export const trainerRecordDetail = trainerRecordItem.extend({
  years: z.array(
    z.object({
      year: z.number(),
      sessions: z.number(),
      hours: z.number(),
      projects: z.number(),
      satisfaction: z.number().nullable(),
      responses: z.number(),
    }),
  ),
  projects: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      year: z.number(),
      level: z.string(),
      sessions: z.number(),
      hours: z.number(),
    }),
  ),
});
export type TrainerRecordDetail = z.infer<typeof trainerRecordDetail>;

export const trainerSpecialitiesBody = z.object({
  subjects: z.array(z.string().trim().min(1).max(20)).max(20),
  stages: z.array(z.string().trim().min(1).max(20)).max(10),
});

/** GET /api/stats/trainers: distinct trainers who taught a session of the year, by kind. */
export const trainerStats = z.object({
  year: z.number(),
  /** Invited external experts (外聘专家). */
  external: z.number(),
  /** County teachers and experts (县级专家、骨干教师). */
  county: z.number(),
  total: z.number(),
  sessions: z.number(),
});
export type TrainerStats = z.infer<typeof trainerStats>;
export const trainerStatsQuery = z.object({ year: year.optional() });
