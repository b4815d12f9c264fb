// Plans, summaries and reading records of the demo county (pure, deterministic): each school's
// plan and summary of last school year (accepted; a few summaries never sent) and its plan of this one
// (most submitted, some accepted, drafts, school1's waiting for review, school2's returned), and the
// year's reading list with teachers' books, finished dates and notes, some reviewed. Nothing is dated
// after today. Part of school-research.data.ts's generator.
import { planTemplate, type ResearchPlanItem, type ResearchPlanKind, type ResearchPlanStatus } from '@shixun/common';
import type { DemoCounty } from './county.js';
import { addDays } from './history.js';
import type { Rng } from './random.js';

export interface SeedPlan {
  school: number;
  schoolYear: number;
  kind: ResearchPlanKind;
  status: Exclude<ResearchPlanStatus, 'none'>;
  theme: string;
  goals: string | null;
  body: string | null;
  items: ResearchPlanItem[];
  createdAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
}

export interface SeedReadingLog {
  teacher: number;
  book: number | null;
  title: string;
  author: string | null;
  createdAt: string;
  finishedOn: string | null;
  notes: Array<{ body: string; createdAt: string; rating: '优秀' | '良好' | '合格' | null; reviewedAt: string | null }>;
}

export const READING_LIST = [
  ['给教师的建议', '苏霍姆林斯基', '教师案头必读，一百条建议条条针对课堂实际'],
  ['陶行知教育文集', '陶行知', '“生活即教育”，乡村教育的根'],
  ['叶圣陶教育名篇', '叶圣陶', '“教是为了不教”'],
  ['静悄悄的革命', '佐藤学', '以倾听和学习共同体改变课堂'],
  ['教学勇气', '帕克·帕尔默', '教师的自我认同与完整'],
  ['第56号教室的奇迹', '雷夫·艾斯奎斯', '一位小学教师的坚持与方法'],
  ['做最好的老师', '李镇西', '班主任工作的温度与智慧'],
  ['爱的教育', '亚米契斯', '可与学生共读的经典'],
  ['儿童的人格教育', '阿德勒', '理解儿童行为背后的需要'],
  ['教育漫话', '洛克', '经典教育思想，关于习惯与品格'],
] as const;
const OTHER_BOOKS = [
  ['窗边的小豆豆', '黑柳彻子'],
  ['教育的情调', '范梅南'],
  ['给孩子的诗', '北岛'],
  ['学习之道', '乔希·维茨金'],
] as const;
const NOTE_TEMPLATES = [
  '读《{b}》，印象最深的是“把学生当作一个完整的人”。回看自己的课堂，常常急着赶进度，忽视了学生的疑问。下学期准备在每节课留出五分钟，让学生提问、互相解答。',
  '《{b}》让我重新理解了“倾听”。以前我在课堂上说得太多，学生只能被动接受。现在我尝试先听学生的想法，再顺着他们的思路引导，课堂明显活跃了。',
  '书中关于作业的论述对我触动很大。作业不是越多越好，而要让学生“跳一跳够得着”。我和教研组一起把作业分成基础、提高、拓展三层，学生可以自主选择。',
  '读完《{b}》，我开始每天写教学反思。坚持一个月后发现，很多课堂上的问题其实有规律可循，反思让我的备课更有针对性。',
  '作者对儿童的尊重让我感动。班上有个孩子总不交作业，我没有再批评，而是和他聊天，才知道他放学后要照顾妹妹。后来我们一起想了办法，他的作业慢慢跟上了。',
  '《{b}》中“教是为了不教”这句话，我理解为要教给学生方法。本学期我在阅读课上教学生做批注，学生自己读书的能力有了提高。',
];

// ---------- dates ----------

const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
/** The earlier of two YYYY-MM-DD days. */
const earlier = (a: string, b: string) => (a < b ? a : b);
/** The school year under way on a day (September starts a new one). */
export const schoolYearOf = (day: string) =>
  Number(day.slice(5, 7)) >= 9 ? Number(day.slice(0, 4)) : Number(day.slice(0, 4)) - 1;

const FOCUS = ['大单元教学设计', '课堂提问与学生思维', '作业设计与分层', '阅读教学', '信息技术与学科融合'];
const KG_FOCUS = ['幼儿游戏活动观察', '区角活动创设', '幼小衔接'];
const focusOf = (rng: Rng, kindergarten: boolean) => rng.pick(kindergarten ? KG_FOCUS : FOCUS);

/** A plan's measures (具体措施), as schools write them. */
function researchPlanBody(rng: Rng, kindergarten: boolean): string {
  return [
    `一、以教研组为单位，每两周开展一次集体备课，围绕“${focusOf(rng, kindergarten)}”形成${kindergarten ? '主题活动方案' : '单元教学设计'}。`,
    '二、推行“一人一课”观课议课，青年教师每学期上汇报课一节，骨干教师上示范课一节。',
    '三、每月一次专题学习或讲座，学期末开展读书沙龙，推荐教师共读教育名著。',
    '四、积极参加教联体联合主题展示和送教下乡活动，每次活动做好签到、照片和研讨记录。',
  ].join('\n');
}

/** A summary's text: what was done, results, problems, next steps. */
function summaryBody(rng: Rng, name: string, staff: number, schoolYear: number, kindergarten: boolean): string {
  const n = rng.int(8, 16);
  const focus = focusOf(rng, kindergarten);
  return [
    `一、基本情况\n${schoolYear}—${schoolYear + 1}学年，${name}以“${focus}”为研修主题，全校${staff}名教师参加，共开展校本研修活动${n}次，其中集体备课${Math.ceil(n / 3)}次、观课议课${Math.ceil(n / 4)}次、专题讲座和读书沙龙${Math.max(2, Math.floor(n / 4))}次。`,
    '二、主要做法\n坚持教研组每两周集体备课，形成“个人初备—集体研讨—二次修改—课后反思”的流程；观课议课聚焦学生学习，课后当场议课；活动均扫码签到并上传照片和研讨记录。',
    `三、取得成效\n教师围绕“${focus}”完成${kindergarten ? '主题活动方案' : '单元教学设计'}${rng.int(6, 20)}份，${rng.int(2, 6)}名青年教师在县级${kindergarten ? '优质活动评比' : '赛课'}中获奖，${kindergarten ? '幼儿在游戏中的自主探索' : '课堂上学生讨论和展示'}明显增多。`,
    '四、存在问题\n部分教研组活动研讨深度不够，个别活动材料上传不及时；乡村教师外出学习机会仍然偏少。',
    '五、下一步打算\n下学年将加强教研组长培训，把研讨记录作为活动必备材料，并借助教联体和送教下乡让乡村教师更多参与。',
  ].join('\n\n');
}

export function generatePlans(rng: Rng, county: DemoCounty, today: string): SeedPlan[] {
  const out: SeedPlan[] = [];
  const current = schoolYearOf(today);
  const staff = county.schools.map(() => 0);
  for (const t of county.teachers) if (t.status === '在职') staff[t.school]! += 1;
  const yesterday = addDays(today, -1);
  const write = (
    school: number,
    schoolYear: number,
    kind: ResearchPlanKind,
    status: SeedPlan['status'],
    submitted: string | null,
  ) => {
    const tpl = planTemplate(kind, schoolYear);
    const name = county.schools[school]!.name;
    const kindergarten = county.schools[school]!.type === '幼儿园';
    const reviewedAt =
      status === 'accepted' || status === 'returned'
        ? submitted && addDays(submitted.slice(0, 10), rng.int(2, 9))
        : null;
    out.push({
      school,
      schoolYear,
      kind,
      status,
      theme: `${name}${tpl.theme}`,
      goals: tpl.goals,
      body:
        kind === 'plan'
          ? researchPlanBody(rng, kindergarten)
          : summaryBody(rng, name, staff[school] ?? 0, schoolYear, kindergarten),
      items: tpl.items,
      createdAt: submitted ? at(addDays(submitted.slice(0, 10), -rng.int(3, 12)), '16:00') : at(yesterday, '11:00'),
      submittedAt: submitted,
      reviewedAt: reviewedAt && reviewedAt <= yesterday ? at(reviewedAt, '10:30') : null,
      reviewComment:
        status === 'returned'
          ? '月度活动安排中缺少教联体联合展示和读书活动，请补充负责人和经费预算后重新提交。'
          : status === 'accepted' && rng.chance(0.3)
            ? kind === 'plan'
              ? '计划具体可行，请按月落实。'
              : '总结全面，成效清楚，请在下学年计划中落实改进措施。'
            : null,
    });
  };
  const sept = (y: number) => `${y}-09-`;
  county.schools.forEach((_, si) => {
    // Last school year: plans accepted; summaries mostly in, a few never sent.
    write(si, current - 1, 'plan', 'accepted', at(`${sept(current - 1)}${String(rng.int(15, 28))}`, '15:00'));
    if (rng.chance(0.9)) {
      write(si, current - 1, 'summary', 'accepted', at(`${current}-07-0${rng.int(1, 9)}`, '15:00'));
    }
    // This school year: most plans submitted in September, some drafts and one returned.
    const submitted = at(`${sept(current)}${String(rng.int(18, 30))}`, '15:00');
    if (submitted.slice(0, 10) > yesterday) return;
    if (si === county.school1) write(si, current, 'plan', 'submitted', submitted);
    else if (si === county.school2) write(si, current, 'plan', 'returned', submitted);
    else {
      const roll = rng.next();
      if (roll < 0.55) write(si, current, 'plan', 'accepted', submitted);
      else if (roll < 0.8) write(si, current, 'plan', 'submitted', submitted);
      else if (roll < 0.9) write(si, current, 'plan', 'draft', null);
    }
  });
  // Reviews after yesterday did not happen yet: those stay submitted.
  for (const p of out) {
    if ((p.status === 'accepted' || p.status === 'returned') && !p.reviewedAt) {
      p.status = 'submitted';
      p.reviewComment = null;
    }
  }
  return out;
}

export function generateReading(rng: Rng, county: DemoCounty, today: string, bySchool: Map<number, number[]>) {
  const readingYear = Number(today.slice(0, 4));
  const yesterday = addDays(today, -1);
  const published = `${readingYear}-02-26` <= yesterday ? `${readingYear}-02-26` : `${readingYear}-01-02`;
  const books = READING_LIST.map(([title, author, note]) => ({
    title,
    author,
    note,
    createdAt: at(published, '10:00'),
  }));
  const logs: SeedReadingLog[] = [];
  const span = Math.max(1, Math.round((Date.parse(yesterday) - Date.parse(published)) / 86_400_000));
  for (const [, staff] of bySchool) {
    for (const ti of staff) {
      const t = county.teachers[ti]!;
      if (t.status !== '在职') continue;
      const demo = ti === county.demoTeacher;
      if (!demo && !rng.chance(0.25)) continue;
      const n = demo ? 2 : rng.int(1, 3);
      const picked = rng.shuffle(READING_LIST.map((_, i) => i)).slice(0, n);
      const titles = new Set<string>();
      picked.forEach((bi, k) => {
        let other = !demo && rng.chance(0.12);
        if (other && titles.has(OTHER_BOOKS[bi % OTHER_BOOKS.length]![0])) other = false;
        titles.add(other ? OTHER_BOOKS[bi % OTHER_BOOKS.length]![0] : READING_LIST[bi]![0]);
        // teacher1 started early in the year, so their finished book's note has been reviewed.
        const startDay = demo
          ? earlier(addDays(published, 20 + k * 90), yesterday)
          : addDays(published, rng.int(0, Math.max(0, span - 1)));
        const finishDay = addDays(startDay, rng.int(15, 60));
        const finished = (demo && k === 0) || (finishDay <= yesterday && rng.chance(0.65));
        const notes: SeedReadingLog['notes'] = [];
        if (finished && (demo || rng.chance(0.55))) {
          const title = other ? OTHER_BOOKS[bi % OTHER_BOOKS.length]![0] : READING_LIST[bi]![0];
          const noteDay = earlier(finishDay, yesterday);
          const reviewed = demo || rng.chance(0.5);
          const reviewDay = addDays(noteDay, rng.int(3, 14));
          notes.push({
            body: rng.pick(NOTE_TEMPLATES).replaceAll('{b}', title),
            createdAt: at(noteDay, '21:10'),
            rating:
              reviewed && reviewDay <= yesterday
                ? rng.weighted([
                    ['优秀', 25],
                    ['良好', 50],
                    ['合格', 25],
                  ] as const)
                : null,
            reviewedAt: reviewed && reviewDay <= yesterday ? at(reviewDay, '16:20') : null,
          });
        }
        logs.push({
          teacher: ti,
          book: other ? null : bi,
          title: other ? OTHER_BOOKS[bi % OTHER_BOOKS.length]![0] : READING_LIST[bi]![0],
          author: other ? OTHER_BOOKS[bi % OTHER_BOOKS.length]![1] : READING_LIST[bi]![1],
          createdAt: at(startDay, '20:30'),
          finishedOn: finished ? earlier(finishDay, yesterday) : null,
          notes,
        });
      });
    }
  }
  return { books, readingYear, logs };
}
