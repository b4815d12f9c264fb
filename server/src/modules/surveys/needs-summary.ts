// The needs summary beside the plan editor: the year's needs surveys' topic questions (options
// marked as training topics), counted over the answers the caller may read — the most-asked topics
// overall, by stage and by subject. Share = answers choosing the topic ÷ answers to the topic questions.
import { type NeedsSummary, rate } from '@shixun/common';
import { sql } from 'drizzle-orm';
import { surveyPersonScope, surveyScope } from '../../access/scope.js';
import { type Exec, rows } from '../../db/client.js';
import type { CurrentUser } from '../../http/context.js';
import { currentYear } from '../stats/summary.service.js';

const TOP = 10;

export async function needsSummary(exec: Exec, user: CurrentUser, q: { year?: number }): Promise<NeedsSummary> {
  const year = q.year ?? currentYear();
  const surveys = await rows<{ id: number; title: string; responded: number }>(
    exec,
    sql`select sv.id, sv.title,
               (select count(*) from survey_responses sr join schools s on s.id = sr.school_id
                where sr.survey_id = sv.id and ${surveyPersonScope(user, 'sr', 's')})::int as responded
        from surveys sv
        where ${surveyScope(user, 'sv')} and sv.kind = 'needs' and sv.year = ${year} and sv.status in ('published', 'closed')
        order by sv.published_at, sv.id`,
  );
  // One row per (response, topic chosen), with the response's stage and subject.
  const picks = await rows<{ response_id: number; stage: string | null; subject: string | null; topic: string }>(
    exec,
    sql`with q as (
          select sv.id as survey_id, qq->>'id' as qid, qq->'options' as opts
          from surveys sv
          cross join lateral jsonb_array_elements(sv.sections) sec
          cross join lateral jsonb_array_elements(sec->'questions') qq
          where ${surveyScope(user, 'sv')} and sv.kind = 'needs' and sv.year = ${year}
            and sv.status in ('published', 'closed') and coalesce((qq->>'topic')::boolean, false))
        select sr.id as response_id, sr.stage, sr.subject, o->>'label' as topic
        from survey_responses sr
        join schools s on s.id = sr.school_id
        join q on q.survey_id = sr.survey_id
        cross join lateral jsonb_array_elements(q.opts) o
        where ${surveyPersonScope(user, 'sr', 's')} and (sr.answers -> q.qid) @> (o -> 'value')`,
  );
  const answeredTopics = await rows<{ response_id: number; stage: string | null; subject: string | null }>(
    exec,
    sql`select distinct sr.id as response_id, sr.stage, sr.subject
        from survey_responses sr join schools s on s.id = sr.school_id
        join surveys sv on sv.id = sr.survey_id
        where ${surveyPersonScope(user, 'sr', 's')} and sv.kind = 'needs' and sv.year = ${year}
          and sv.status in ('published', 'closed')`,
  );
  const top = (list: typeof picks, responses: number) => {
    const counts = new Map<string, number>();
    for (const p of list) counts.set(p.topic, (counts.get(p.topic) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
      .slice(0, TOP)
      .map(([topic, count]) => ({ topic, count, share: rate(count, responses) }));
  };
  const by = (key: 'stage' | 'subject') => {
    const groups = new Map<string, number>();
    for (const r of answeredTopics) {
      const k = r[key] ?? '未填写';
      groups.set(k, (groups.get(k) ?? 0) + 1);
    }
    return [...groups.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
      .map(([k, responses]) => ({
        key: k,
        responses,
        top: top(
          picks.filter((p) => (p[key] ?? '未填写') === k),
          responses,
        ).slice(0, 5),
      }));
  };
  return {
    year,
    surveys,
    responses: answeredTopics.length,
    top: top(picks, answeredTopics.length),
    byStage: by('stage'),
    bySubject: by('subject'),
  };
}
