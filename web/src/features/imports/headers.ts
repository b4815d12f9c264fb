// The column headers the server recognises (server/src/modules/imports/headers.ts), shown as a guide.
// They are the literal words a spreadsheet must contain, so they stay Chinese in every language;
// what each column means and accepts is translated (imports:column.*).
import type { ImportKind } from './imports.api';

export interface HeaderGuide {
  key: string;
  header: string;
  synonyms: string[];
  /** 'always': the column must be in the file; 'create': needed for new records only */
  required?: 'always' | 'create';
  /** Results: a project column, which an import into one project takes from the project. */
  project?: boolean;
}

export const HEADER_GUIDE: Record<ImportKind, HeaderGuide[]> = {
  budgets: [
    { key: 'budgetSchool', header: '学校', synonyms: ['单位名称', '预算单位', '学校名称'], required: 'always' },
    {
      key: 'budgetFunds',
      header: '公用经费',
      synonyms: ['公用经费（元）', '公用经费（万元）', '年度公用经费'],
      required: 'always',
    },
    { key: 'budgetAmount', header: '培训预算', synonyms: ['培训经费预算', '培训预算（元）'] },
    { key: 'budgetYear', header: '年度', synonyms: ['预算年度', '年份'] },
  ],
  results: [
    { key: 'idNumber', header: '身份证号', synonyms: ['身份证号码', '证件号码', '公民身份号码'], required: 'always' },
    { key: 'name', header: '姓名', synonyms: ['学员姓名', '教师姓名', '参训教师'], required: 'always' },
    {
      key: 'resultProject',
      header: '项目名称',
      synonyms: ['培训项目名称', '培训项目', '培训班名称'],
      required: 'always',
      project: true,
    },
    {
      key: 'resultLevel',
      header: '级别',
      synonyms: ['培训级别', '项目级别', '层级'],
      required: 'always',
      project: true,
    },
    {
      key: 'resultMode',
      header: '形式',
      synonyms: ['培训形式', '培训方式', '研修形式'],
      required: 'always',
      project: true,
    },
    {
      key: 'resultHours',
      header: '学时',
      synonyms: ['培训学时', '认定学时', '课时'],
      required: 'always',
      project: true,
    },
    { key: 'resultStart', header: '开始日期', synonyms: ['开始时间', '开班日期'], required: 'always', project: true },
    { key: 'resultEnd', header: '结束日期', synonyms: ['结束时间', '结业日期'], required: 'always', project: true },
    { key: 'result', header: '考核结果', synonyms: ['考核等级', '结业情况', '是否合格'], required: 'always' },
    { key: 'resultScore', header: '成绩', synonyms: ['考核成绩', '总成绩', '得分'] },
    { key: 'resultCertificate', header: '证书编号', synonyms: ['结业证书编号', '证书号'] },
    { key: 'resultCode', header: '项目编号', synonyms: ['项目代码', '培训编号'], project: true },
    { key: 'resultCategory', header: '类别', synonyms: ['培训类别', '项目类别'], project: true },
    { key: 'resultOrganiser', header: '主办单位', synonyms: ['组织单位', '培训机构', '承办单位'], project: true },
  ],
  accounts: [
    { key: 'username', header: '用户名', synonyms: ['账号', '登录名'], required: 'always' },
    { key: 'displayName', header: '姓名', synonyms: ['名称', '使用人'], required: 'always' },
    { key: 'role', header: '角色', synonyms: ['账号类型'], required: 'always' },
    { key: 'accountScope', header: '学校 / 学区 / 教联体', synonyms: ['所属学校', '所属学区', '所属教联体'] },
    { key: 'accountPhone', header: '手机号', synonyms: ['手机', '联系电话'] },
  ],
  credits: [
    { key: 'idNumber', header: '身份证号', synonyms: ['身份证号码', '证件号码'], required: 'always' },
    { key: 'name', header: '姓名', synonyms: ['教师姓名'], required: 'always' },
    { key: 'creditDate', header: '学年/日期', synonyms: ['学年', '日期', '年度'], required: 'always' },
    { key: 'creditCategory', header: '类别', synonyms: ['学时类别', '培训类别'], required: 'always' },
    { key: 'creditHours', header: '学时', synonyms: ['认定学时', '获得学时'] },
    { key: 'creditCredits', header: '学分', synonyms: ['认定学分', '获得学分'] },
    { key: 'creditSource', header: '来源', synonyms: ['来源平台', '平台'] },
    { key: 'creditLevel', header: '级别', synonyms: ['培训级别'] },
    { key: 'creditTitle', header: '项目名称', synonyms: ['培训项目', '内容'] },
    { key: 'creditNote', header: '备注', synonyms: ['说明'] },
  ],
  teachers: [
    { key: 'name', header: '姓名', synonyms: ['教师姓名'], required: 'always' },
    { key: 'idNumber', header: '身份证号', synonyms: ['身份证号码', '公民身份号码', '证件号码'], required: 'always' },
    { key: 'school', header: '学校', synonyms: ['学校名称', '工作单位', '单位'], required: 'create' },
    { key: 'stage', header: '学段', synonyms: ['任教学段'], required: 'create' },
    { key: 'subject', header: '学科', synonyms: ['任教学科', '任教科目'], required: 'create' },
    { key: 'gender', header: '性别', synonyms: [] },
    { key: 'birthDate', header: '出生日期', synonyms: ['出生年月'] },
    { key: 'phone', header: '手机号', synonyms: ['手机号码', '联系电话'] },
    { key: 'title', header: '职称', synonyms: ['专业技术职称', '现聘职称'] },
    { key: 'degree', header: '学历', synonyms: ['最高学历'] },
    { key: 'hireDate', header: '参加工作时间', synonyms: ['参工时间', '入职时间'] },
    { key: 'posts', header: '岗位', synonyms: ['职务'] },
    { key: 'tags', header: '骨干类别', synonyms: ['荣誉称号'] },
    { key: 'recordId', header: '系统编号', synonyms: ['教师编号'] },
  ],
  schools: [
    { key: 'schoolName', header: '学校名称', synonyms: ['学校', '单位名称'], required: 'always' },
    { key: 'schoolType', header: '学校类型', synonyms: ['办学类型'], required: 'create' },
    { key: 'affiliation', header: '办学性质/隶属', synonyms: ['隶属', '办学性质'] },
    { key: 'parent', header: '所属中心校', synonyms: ['中心校'] },
    { key: 'aliases', header: '简称', synonyms: ['学校简称'] },
    { key: 'area', header: '学区', synonyms: ['所属学区', '片区'] },
    { key: 'urbanRural', header: '城乡', synonyms: ['城乡类别'], required: 'create' },
    { key: 'consortium', header: '教联体', synonyms: ['所属教联体'] },
    { key: 'isCore', header: '是否核心校', synonyms: ['核心校'] },
    { key: 'code', header: '学校代码', synonyms: ['学校标识码'] },
    { key: 'address', header: '地址', synonyms: ['学校地址'] },
    { key: 'principal', header: '校长', synonyms: ['负责人'] },
    { key: 'schoolPhone', header: '联系电话', synonyms: ['办公电话'] },
  ],
};
