// Strings of the weekly report (namespace 'weekly').
const zhCN = {
  title: '工作周报',
  sub: '每周（周一至周日）各校培训进展：本周实时统计，往周为周一凌晨自动保存的快照',
  week: '周次',
  range: '{{start}} 至 {{end}}',
  live: '本周（实时）',
  snapshot: '已存档',
  open: '查看',
  export: '导出 Excel',
  prev: '上一周',
  next: '下一周',
  back: '返回周报列表',
  generatedAt: '统计时间',
  countySpending: '县级（教育局）支出',
  school: '学校',
  area: '学区',
  total: '合计',
  empty: '暂无周报',
  figures: {
    nominations: '新推荐',
    enrolments: '报名确认',
    completions: '结业',
    reportBacksDue: '汇报到期',
    reportBacksVerified: '汇报通过',
    reportBacksOverdue: '汇报逾期',
    reflections: '心得体会',
    spending: '经费支出（元）',
  },
  hints: {
    reportBacksOverdue:
      '截至周末（本周为截至今天）教师未按期提交的成果汇报：过了期限仍未提交，或提交晚于期限；学校审核的时间不计入',
    enrolments: '本周审核通过的推荐、自主报名和上级选派',
  },
};

type Shape = typeof zhCN;

const en: Shape = {
  title: 'Weekly reports',
  sub: 'Training progress per school, week by week (Monday–Sunday): this week live, past weeks as saved every Monday',
  week: 'Week',
  range: '{{start}} – {{end}}',
  live: 'This week (live)',
  snapshot: 'Saved',
  open: 'Open',
  export: 'Export Excel',
  prev: 'Previous week',
  next: 'Next week',
  back: 'Back to weekly reports',
  generatedAt: 'Computed',
  countySpending: 'County (bureau) spending',
  school: 'School',
  area: 'Area',
  total: 'Total',
  empty: 'No weekly reports',
  figures: {
    nominations: 'Nominated',
    enrolments: 'Enrolled',
    completions: 'Completed',
    reportBacksDue: 'Report-backs due',
    reportBacksVerified: 'Report-backs verified',
    reportBacksOverdue: 'Report-backs overdue',
    reflections: 'Reflections',
    spending: 'Spending (yuan)',
  },
  hints: {
    reportBacksOverdue:
      "Report-backs whose teacher was late at the end of the week (today, for this week): not submitted by the due date, or submitted after it; the school's review time does not count",
    enrolments: 'Nominations approved, self-enrolments and upper-level places confirmed this week',
  },
};

const zhTW: Shape = {
  title: '工作週報',
  sub: '每週（週一至週日）各校培訓進展：本週即時統計，往週為週一凌晨自動保存的快照',
  week: '週次',
  range: '{{start}} 至 {{end}}',
  live: '本週（即時）',
  snapshot: '已存檔',
  open: '查看',
  export: '匯出 Excel',
  prev: '上一週',
  next: '下一週',
  back: '返回週報列表',
  generatedAt: '統計時間',
  countySpending: '縣級（教育局）支出',
  school: '學校',
  area: '學區',
  total: '合計',
  empty: '暫無週報',
  figures: {
    nominations: '新推薦',
    enrolments: '報名確認',
    completions: '結業',
    reportBacksDue: '匯報到期',
    reportBacksVerified: '匯報通過',
    reportBacksOverdue: '匯報逾期',
    reflections: '心得體會',
    spending: '經費支出（元）',
  },
  hints: {
    reportBacksOverdue:
      '截至週末（本週為截至今天）教師未按期提交的成果匯報：過了期限仍未提交，或提交晚於期限；學校審核的時間不計入',
    enrolments: '本週審核通過的推薦、自主報名和上級選派',
  },
};

export const weekly = { 'zh-CN': zhCN, en, 'zh-TW': zhTW };
