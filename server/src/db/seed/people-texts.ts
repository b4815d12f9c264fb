// The words of the demo county's people development (seed/people.ts): what mentors and mentees
// write in their logs, honour titles and awarding bodies per level, studio activities and outputs,
// and plan goals. Plain data.

/** Log entries by who writes them: [kind, content]. */
export const MENTOR_LOGS: ReadonlyArray<readonly [string, string]> = [
  ['示范课', '上了一节示范课，请徒弟重点观察小组合作的组织和课堂提问的层次，课后一起梳理了教学环节。'],
  ['指导备课', '和徒弟一起备下一单元的第一课，帮她理清教学目标，修改了导入和板书设计。'],
  ['评课', '听了徒弟的常态课，肯定了教学节奏，建议把练习的梯度再拉开一些，关注后进生。'],
  ['谈心', '和徒弟聊了班级管理中遇到的困难，分享了与家长沟通的几个做法，约定下周再看效果。'],
  ['指导备课', '指导徒弟准备校级公开课，帮助打磨教学设计，试讲两次后调整了时间分配。'],
] as const;

export const MENTEE_LOGS: ReadonlyArray<readonly [string, string]> = [
  ['听课', '听了师傅的一节新授课，学到了用问题串推进课堂的方法，记录了三个可以借鉴的提问。'],
  ['教学反思', '上完本周的课后写了反思：课堂时间把握不好，练习没有讲完，下次要精简讲解。'],
  ['听课', '跟师傅听了同年级的复习课，重点学习了错题讲评的方式和学生自我订正的安排。'],
  ['评课', '请师傅听了我的课，师傅指出提问面太窄、对学生回答的评价不够具体，我已修改教案。'],
  ['教学反思', '尝试了师傅建议的分层作业，学生完成情况比以前好，学困生也能跟上。'],
] as const;

export const PAIR_GOALS = [
  '一年内熟悉教材和课标，站稳讲台；上好一节校级公开课；每学期听课不少于20节。',
  '掌握备课、上课、作业、辅导、评价各环节的基本要求，两年内成长为合格的学科教师。',
  '提升课堂组织和班级管理能力，参与一项校级小课题，争取在县级赛课中获奖。',
] as const;

/** Honour titles per level. */
export const HONOUR_TITLES: Record<string, readonly string[]> = {
  国家级: ['全国优秀教师', '全国模范教师', '“一师一优课”部级优课'],
  省级: ['省级优秀教师', '省级骨干教师', '省优质课展评一等奖', '省教育科研成果二等奖'],
  州市级: ['市级优秀教师', '市级骨干教师', '市级优秀班主任', '市优质课比赛一等奖', '市教学能手'],
  县级: ['县级优秀教师', '县级优秀班主任', '县优质课比赛一等奖', '县优质课比赛二等奖', '县师德标兵', '县教学能手'],
  校级: ['校级优秀教师', '校级优秀班主任', '校教学质量优秀奖', '校“青蓝工程”优秀徒弟', '校优秀教研组长'],
};

export const HONOUR_BODIES = (regionName: string, schoolName: string): Record<string, string> => ({
  国家级: '教育部',
  省级: '省教育厅',
  州市级: '市教育局',
  县级: `${regionName}教育局`,
  校级: schoolName,
});

export const STUDIO_ACTIVITIES: ReadonlyArray<readonly [string, string]> = [
  ['专题研讨', '大单元教学设计专题研讨'],
  ['课例研修', '同课异构课例研修'],
  ['送教下乡', '送教下乡示范课与评课'],
  ['读书交流', '《给教师的建议》读书交流会'],
  ['专题讲座', '新课标解读专题讲座'],
  ['课题研究', '工作室课题中期研讨'],
] as const;

export const STUDIO_OUTPUTS: ReadonlyArray<readonly [string, string]> = [
  ['课例', '市级优课'],
  ['论文', '教学论文（发表于省级期刊）'],
  ['课题', '县级课题结题'],
  ['讲座', '县级专题讲座'],
] as const;

export const FIVE_YEAR_GOALS = [
  '五年内成为校级骨干教师，形成自己的课堂教学风格；完成360学时培训；主持一项校级课题，发表一篇教学论文。',
  '提升信息技术与学科融合能力，五年内在县级以上优质课比赛中获奖；参与名师工作室研修，带一名青年教师。',
  '夯实学科专业知识，五年内取得高一级职称；每年读两本教育专著，写好教学反思。',
] as const;

export const YEARLY_GOALS = [
  '完成本年度72学时培训；上好一节校级公开课；参与教研组的大单元教学设计研讨。',
  '完成年度学时任务；在县级优质课比赛中取得名次；整理一学期的教学反思。',
  '参加班主任专题培训，改进班级管理；完成校级小课题的中期报告。',
] as const;

export const PLAN_ITEMS: ReadonlyArray<{ title: string; hours: number }> = [
  { title: '县级骨干教师研修', hours: 24 },
  { title: '国家智慧教育平台寒暑假研修', hours: 10 },
  { title: '校本研修与教研活动', hours: 30 },
  { title: '班主任专题培训', hours: 16 },
  { title: '信息技术应用能力提升', hours: 12 },
] as const;

export const SUMMARIES = [
  '本年度完成了计划中的培训，上了一节校级公开课，课堂提问和作业设计有了明显改进；课题进展偏慢，明年要抓紧。',
  '一年来坚持听课、写反思，教学基本功更扎实；县级赛课未能获奖，差距在课堂生成的处理上，明年继续努力。',
] as const;
