// A large, valid teacher roster as .xlsx: unique ID numbers with correct check characters, unique
// phones, the demo county's school names, stages that fit each school.
import { PassThrough } from 'node:stream';
import { idCheckChar } from '@shixun/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { rows as query } from '../../server/src/db/client.js';
import type { Deps } from '../../server/src/deps.js';

const STAGE_BY_TYPE: Record<string, string> = {
  幼儿园: '幼儿园',
  小学: '小学',
  教学点: '小学',
  初中: '初中',
  九年一贯制: '初中',
  高中: '高中',
  职业高中: '中职',
  特殊教育: '特殊教育',
};
const SUBJECTS = ['语文', '数学', '英语', '科学', '音乐', '体育', '美术', '道德与法治'];
const TITLES = ['二级教师', '一级教师', '高级教师', '未定级'];
const DEGREES = ['专科', '本科', '研究生'];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红玲建国志文斌宇浩凯鹏飞雪梅琳晨欣怡子涵梓轩';

/** Deterministic pseudo-random numbers, so every run imports the same file. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s % n;
  };
}

export interface RosterFile {
  buffer: Buffer;
  rows: number;
  schools: number;
}

export async function makeRoster(deps: Deps, regionId: number, count: number): Promise<RosterFile> {
  const schools = await schoolsOf(deps, regionId);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('教师名单');
  ws.addRow(HEADER);
  for (const row of rosterRows(schools, count)) ws.addRow(row);
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows: count, schools: schools.length };
}

/**
 * The same roster written row by row (exceljs's streaming writer): building a 100,000-row workbook
 * in memory takes over a gigabyte, which would swamp what a benchmark of memory measures.
 */
export async function makeRosterStreamed(deps: Deps, regionId: number, count: number): Promise<RosterFile> {
  const schools = await schoolsOf(deps, regionId);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('教师名单');
  ws.addRow(HEADER).commit();
  for (const row of rosterRows(schools, count)) ws.addRow(row).commit();
  await wb.commit();
  return { buffer: Buffer.concat(chunks), rows: count, schools: schools.length };
}

const HEADER = ['姓名', '身份证号', '学校', '学段', '学科', '手机号', '职称', '学历', '参加工作时间'];

async function schoolsOf(deps: Deps, regionId: number) {
  const schools = await query<{ name: string; type: string }>(
    deps.db,
    sql`select name, type from schools where region_id = ${regionId} order by id`,
  );
  if (!schools.length) throw new Error('no schools in the region: seed the demo county first');
  return schools;
}

function* rosterRows(schools: Array<{ name: string; type: string }>, count: number): Generator<unknown[]> {
  const r = rng(20260);
  const base = Date.UTC(1970, 0, 1);
  for (let i = 0; i < count; i++) {
    // Birth dates over ~27 years, three-digit sequence numbers above the range the demo uses.
    const birth = new Date(base + (i % 10_000) * 86_400_000);
    const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `513401${ymd}${String(500 + Math.floor(i / 10_000)).padStart(3, '0')}`;
    const school = schools[r(schools.length)]!;
    const hire = `${birth.getUTCFullYear() + 22}-09-01`;
    yield [
      SURNAMES[r(SURNAMES.length)]! + GIVEN[r(GIVEN.length)]! + (r(2) ? GIVEN[r(GIVEN.length)]! : ''),
      first17 + idCheckChar(first17),
      school.name,
      STAGE_BY_TYPE[school.type] ?? '小学',
      SUBJECTS[r(SUBJECTS.length)],
      `15${String(100_000_000 + i).slice(-9)}`,
      TITLES[r(TITLES.length)],
      DEGREES[r(DEGREES.length)],
      hire,
    ];
  }
}
