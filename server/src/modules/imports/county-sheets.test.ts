// A new county's own sheets, made by a second producer (LibreOffice Calc), go in on the first try:
// a school list without 学区 with plain 小学, 中心校 and their 村小/教学点; a roster with a two-row
// header, 姓 名, short school names, old titles, diploma degrees, older subject names, IDs and
// phones with spaces, full-width digits and a lowercase x, dates in four spellings, and honours the
// dictionary lacks. Unknown values are mapped once; only the truly wrong rows are flagged; the
// choices are remembered; statistics group by the county's categories; the roster export comes
// back through LibreOffice with only the real changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  count,
  createTestApp,
  loginAs,
  makeIdNumber,
  seedWorld,
  type TestContext,
  type World,
} from '../../../test/harness.js';
import { libreOfficeCsv, libreOfficeXlsx } from '../../../test/second-producer.js';
import { one, rows, sql } from '../../db/client.js';
import { csv, multipart } from './imports.fixtures.js';
import { parseCsv } from './spreadsheet.js';

let t: TestContext;
let w: World;
let county: string;
let schoolAdmin: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await seedWorld(t.deps);
  county = await loginAs(t.app, w.users.county);
  schoolAdmin = await loginAs(t.app, w.users.schoolA);
});
afterAll(() => t.close());

async function upload(cookie: string, url: string, file: Buffer, fields: Record<string, string> = {}) {
  const body = multipart(file, 'sheet.xlsx', fields);
  const res = await t.app.inject({ method: 'POST', url, headers: { cookie, ...body.headers }, payload: body.payload });
  return { status: res.statusCode, body: res.json() };
}
const schoolId = async (name: string) =>
  (await one<{ id: number }>(
    t.deps.db,
    sql`select id from schools where name = ${name} and region_id = ${w.regionId}`,
  ))!.id;
const teacherCount = () => count(t.deps, 'teachers', `region_id = ${w.regionId}`);
const dictionaries = async () =>
  (await t.app.inject({ url: '/api/dictionaries', headers: { cookie: county } })).json() as Record<
    string,
    Array<{ value: string; synonyms: string[]; level?: string }>
  >;

// ---------- the school list ----------

const SCHOOLS = csv([
  ['学校名称', '学校类型', '隶属', '所属中心校', '简称', '城乡'],
  ['东河县城关第一小学', '小学', '直属', '', '城关一小', '城镇'],
  ['东河县河口镇中心小学', '中心校', '镇乡', '', '河口中心校', '乡村'],
  ['河口镇石桥村小学', '村小', '镇乡', '东河县河口镇中心小学', '石桥村小', ''],
  ['河口镇高山教学点', '教学点', '', '东河县河口镇中心小学', '', '乡村'],
  ['东河县职业技术学校', '职业技术学校', '直属', '', '东河职校', '城镇'],
  ['东河县民办实验幼儿园', '民办幼儿园', '', '', '', '城镇'],
  ['东河县成人文化技术学校', '成人学校', '直属', '', '', '城镇'],
]);

describe('a school list without 学区, made by LibreOffice', () => {
  it('previews: plain 小学 and 中心校 are types, 镇乡/直属 an attribute; one type to map', async () => {
    const file = libreOfficeXlsx(SCHOOLS, 6);
    const r = (await upload(county, '/api/schools/import?dryRun=true', file)).body;
    expect(r).toMatchObject({ total: 7, created: 7, errors: [] });
    expect(r.unknown).toEqual([
      {
        kind: 'school_type',
        label: '学校类型',
        column: '学校类型',
        rows: 1,
        values: [{ value: '成人学校', rows: 1, sampleRows: [8], suggestion: null }],
      },
    ]);
    expect(r.mapped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'school_type', from: '中心校', to: '小学' }),
        expect.objectContaining({ kind: 'school_type', from: '村小', to: '小学' }),
        expect.objectContaining({ kind: 'school_type', from: '职业技术学校', to: '职业高中' }),
        expect.objectContaining({ kind: 'school_type', from: '民办幼儿园', to: '幼儿园（民办）' }),
      ]),
    );
    expect(r.warnings).toEqual([{ row: 4, column: '城乡', message: '城乡为空，按隶属“镇乡”记为乡村' }]);
  });

  it('a commit with the type unmapped writes nothing; mapped (added), everything goes in', async () => {
    const file = libreOfficeXlsx(SCHOOLS, 6);
    const before = await count(t.deps, 'schools', `region_id = ${w.regionId}`);
    const refused = await upload(county, '/api/schools/import', file);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/1 个值不在本县字典中（学校类型）/);
    expect(await count(t.deps, 'schools', `region_id = ${w.regionId}`)).toBe(before);

    const res = await upload(county, '/api/schools/import', file, {
      mapping: JSON.stringify({ school_type: { 成人学校: '成人学校' } }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 7, committed: true, added: { school_type: ['成人学校'] } });
    const list = await rows<Record<string, unknown>>(
      t.deps.db,
      sql`select s.name, s.type, s.affiliation, s.urban_rural, s.area_id, p.name as parent, s.aliases
          from schools s left join schools p on p.id = s.parent_school_id
          where s.region_id = ${w.regionId} and s.name like '%河口%' order by s.id`,
    );
    expect(list).toEqual([
      {
        name: '东河县河口镇中心小学',
        type: '小学',
        affiliation: '镇乡',
        urban_rural: '乡村',
        area_id: null,
        parent: null,
        aliases: ['河口中心校'],
      },
      {
        name: '河口镇石桥村小学',
        type: '小学',
        affiliation: '镇乡',
        urban_rural: '乡村',
        area_id: null,
        parent: '东河县河口镇中心小学',
        aliases: ['石桥村小'],
      },
      {
        name: '河口镇高山教学点',
        type: '教学点',
        affiliation: null,
        urban_rural: '乡村',
        area_id: null,
        parent: '东河县河口镇中心小学',
        aliases: [],
      },
    ]);
    const kg = await one(t.deps.db, sql`select type, affiliation from schools where name = '东河县民办实验幼儿园'`);
    expect(kg).toEqual({ type: '幼儿园', affiliation: '民办' });
    expect((await dictionaries()).school_type!.map((e) => e.value)).toContain('成人学校');
  });
});

// ---------- the roster ----------

const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const spaced = (s: string) => `${s.slice(0, 6)} ${s.slice(6, 14)} ${s.slice(14)}`;
const id = (n: number) => makeIdNumber(700 + n, '19880601', '510681');
const idX = (() => {
  for (let n = 800; ; n++) {
    const v = makeIdNumber(n, '19900101', '510681');
    if (v.endsWith('X')) return v;
  }
})();
const badChecksum = `${id(9).slice(0, 17)}${id(9).endsWith('0') ? '1' : '0'}`;

const ROSTER_HEADER = [
  [
    '序号',
    '姓 名',
    '身份证号',
    '单位',
    '任教情况',
    '',
    '职 称',
    '学历',
    '参加工作时间',
    '联系电话',
    '骨干类别',
    '岗位',
  ],
  ['', '', '', '', '学段', '学科', '', '', '', '', '', ''],
];

function roster(): string {
  return csv([
    ['东河县2026年教师花名册'],
    ...ROSTER_HEADER,
    [
      '1',
      '王小明',
      spaced(id(1)),
      '城关一小',
      '小学',
      '语文',
      '小学高级',
      '大学本科',
      '2015/9/1',
      '138 0000 1111',
      '县级骨干教师',
      '班主任',
    ],
    [
      '2',
      '李芳',
      fullWidth(id(2)),
      '河口中心校',
      '小学',
      '思想品德',
      '小学一级',
      '中师',
      '20150901',
      fullWidth('139 0000 2222'),
      '教坛新秀、市级骨干',
      '',
    ],
    [
      '3',
      '张伟',
      idX.toLowerCase(),
      '石桥村小',
      '小学',
      '自然',
      '中学一级',
      '硕士研究生',
      '2015年09月',
      '13700003333',
      '优秀班主任',
      '少先队辅导员',
    ],
    ['4', '赵敏', id(4), '河口镇高山教学点', '', '语文', '未定级', '大专', '42248', '', '优秀班主任', ''],
    ['5', '陈刚', id(5), '东河职校', '中职', '汽修', '讲师', '大学本科', '2012/9/1', '', '教坛新秀', ''],
    [
      '6',
      '周丽',
      id(6),
      '东河县职业技术学校',
      '中职',
      '电子技术',
      '高级讲师',
      '硕士',
      '2010/9/1',
      '',
      '县级教学能手',
      '教研组长',
    ],
    ['7', '吴军', id(7), '河口小学', '小学', '数学', '二级', '本科', '2018/9/1', '', '', ''],
    // The rows that are truly wrong: checksum, duplicate, no name, impossible date, no such school.
    ['8', '孙强', badChecksum, '城关一小', '小学', '数学', '', '', '', '', '', ''],
    ['9', '王小明', id(1), '城关一小', '小学', '语文', '', '', '', '', '', ''],
    ['10', '', id(10), '城关一小', '小学', '数学', '', '', '', '', '', ''],
    ['11', '钱进', id(11), '城关一小', '小学', '数学', '', '', '2015/2/30', '', '', ''],
    ['12', '冯雪', id(12), '城关中学', '初中', '数学', '', '', '', '', '', ''],
  ]);
}
// Columns: 身份证号 and 联系电话 typed as text, 参加工作时间 as dates where LibreOffice reads one.
const rosterXlsx = () => libreOfficeXlsx(roster(), 12, { 9: 'ymd' });

const MAPPING = {
  honour: { 教坛新秀: '教坛新秀', 优秀班主任: '优秀班主任' },
  post: { 少先队辅导员: '少先队辅导员' },
  subject: { 汽修: '专业课', 电子技术: '专业课' },
  title: { 讲师: '一级教师', 高级讲师: '高级教师' },
  school: { 河口小学: '东河县河口镇中心小学' },
};

describe('a roster made by LibreOffice, first import', () => {
  it('previews: exactly the wrong rows are errors, the unknown values grouped, the rest shown as mapped', async () => {
    const r = (await upload(county, '/api/teachers/import?dryRun=true', rosterXlsx())).body;
    const errorRows = [...new Set((r.errors as Array<{ row: number }>).map((e) => e.row))].sort((a, b) => a - b);
    // Title row 1, header rows 2–3: data starts at row 4. Row 10's 河口小学 is a school that does not
    // exist until it is mapped (below); rows 11–15 are wrong whatever the mapping.
    expect(errorRows).toEqual([10, 11, 12, 13, 14, 15]);
    const byRow = new Map((r.errors as Array<{ row: number; column: string; message: string }>).map((e) => [e.row, e]));
    expect(byRow.get(11)).toMatchObject({ column: '身份证号', message: expect.stringMatching(/校验位错误/) });
    expect(byRow.get(12)).toMatchObject({ column: '身份证号', message: '身份证号与第4行重复' });
    expect(byRow.get(13)).toMatchObject({ column: '姓 名', message: '姓名不能为空' });
    expect(byRow.get(14)).toMatchObject({
      column: '参加工作时间',
      message: expect.stringMatching(/2015\/2\/30.*不是有效日期/),
    });
    expect(byRow.get(15)).toMatchObject({
      column: '单位',
      message: expect.stringMatching(new RegExp(`学校“城关中学”不存在，是否为“${await schoolName(w.schoolB)}”？`)),
    });
    expect(r).toMatchObject({ total: 12, created: 6 });

    const groups = Object.fromEntries(
      (r.unknown as Array<{ kind: string; rows: number; values: Array<{ value: string; rows: number }> }>).map((g) => [
        g.kind,
        { rows: g.rows, values: g.values.map((v) => `${v.value}×${v.rows}`) },
      ]),
    );
    expect(groups).toEqual({
      honour: { rows: 4, values: ['教坛新秀×2', '优秀班主任×2'] },
      post: { rows: 1, values: ['少先队辅导员×1'] },
      subject: { rows: 2, values: ['电子技术×1', '汽修×1'] },
      title: { rows: 2, values: ['高级讲师×1', '讲师×1'] },
      school: { rows: 2, values: ['城关中学×1', '河口小学×1'] },
    });
    const mapped = (r.mapped as Array<{ kind: string; from: string; to: string }>).map((m) => `${m.from}→${m.to}`);
    expect(mapped).toEqual(
      expect.arrayContaining([
        '小学高级→一级教师',
        '小学一级→二级教师',
        '中学一级→一级教师',
        '大学本科→本科',
        '中师→中专',
        '硕士研究生→研究生',
        '思想品德→道德与法治',
        '自然→科学',
        '市级骨干→市级骨干教师',
        '城关一小→东河县城关第一小学',
        '东河职校→东河县职业技术学校',
      ]),
    );
    expect(r.warnings).toEqual([{ row: 7, column: '学段', message: '学段为空，按学校类型“教学点”记为小学' }]);
  });

  it('a commit with the truly wrong rows still writes nothing, not even the dictionary’s new entries', async () => {
    const before = await teacherCount();
    const res = await upload(county, '/api/teachers/import', rosterXlsx(), { mapping: JSON.stringify(MAPPING) });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/5 行存在错误/);
    expect(await teacherCount()).toBe(before);
    expect((await dictionaries()).honour!.some((e) => e.value === '教坛新秀')).toBe(false);
  });

  it('a school admin may map to what exists but not add to the county’s dictionary', async () => {
    const add = await upload(schoolAdmin, '/api/teachers/import?dryRun=true&autoAdd=true', rosterXlsx());
    expect(add.status).toBe(403);
    expect(add.body.error.message).toMatch(/仅县级管理员/);
  });

  it('with the values mapped, every valid teacher goes in once; the choices are remembered', async () => {
    const before = await teacherCount();
    const res = await upload(county, '/api/teachers/import?skipInvalid=true', rosterXlsx(), {
      mapping: JSON.stringify(MAPPING),
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body).toMatchObject({
      total: 12,
      created: 7,
      skipped: 5,
      committed: true,
      added: { honour: ['教坛新秀', '优秀班主任'], post: ['少先队辅导员'] },
    });
    expect(res.body.unknown).toEqual([
      expect.objectContaining({ kind: 'school', values: [expect.objectContaining({ value: '城关中学' })] }),
    ]);
    expect(await teacherCount()).toBe(before + 7);

    const byName = async (name: string) =>
      one<Record<string, unknown>>(
        t.deps.db,
        sql`select t.id_enc, t.phone, t.stage, t.subject, t.title, t.degree, t.hire_date::text as hire, t.tags, t.posts,
                   s.name as school
            from teachers t join schools s on s.id = t.school_id where t.name = ${name} and t.region_id = ${w.regionId}`,
      );
    const wang = await byName('王小明');
    expect(t.deps.cipher.decrypt(wang!.id_enc as string)).toBe(id(1));
    expect(wang).toMatchObject({
      phone: '13800001111',
      school: '东河县城关第一小学',
      title: '一级教师',
      degree: '本科',
      hire: '2015-09-01',
      tags: ['县级骨干教师'],
      posts: ['班主任'],
    });
    const li = await byName('李芳');
    expect(t.deps.cipher.decrypt(li!.id_enc as string)).toBe(id(2));
    expect(li).toMatchObject({
      phone: '13900002222',
      school: '东河县河口镇中心小学',
      subject: '道德与法治',
      title: '二级教师',
      degree: '中专',
      hire: '2015-09-01',
      tags: ['市级骨干教师', '教坛新秀'],
    });
    const zhang = await byName('张伟');
    expect(t.deps.cipher.decrypt(zhang!.id_enc as string)).toBe(idX);
    expect(zhang).toMatchObject({
      school: '河口镇石桥村小学',
      subject: '科学',
      title: '一级教师',
      degree: '研究生',
      hire: '2015-09-01',
      tags: ['优秀班主任'],
      posts: ['少先队辅导员'],
    });
    expect(await byName('赵敏')).toMatchObject({ school: '河口镇高山教学点', stage: '小学', hire: '2015-09-01' });
    expect(await byName('陈刚')).toMatchObject({ subject: '专业课', title: '一级教师', tags: ['教坛新秀'] });
    expect(await byName('周丽')).toMatchObject({ subject: '专业课', title: '高级教师', tags: ['县级教学能手'] });
    expect(await byName('吴军')).toMatchObject({ school: '东河县河口镇中心小学', title: '二级教师' });

    // Remembered: the new entries, the spellings as synonyms, the short school name as an alias.
    const d = await dictionaries();
    expect(d.honour!.map((e) => e.value)).toEqual(expect.arrayContaining(['教坛新秀', '优秀班主任']));
    expect(d.subject!.find((e) => e.value === '专业课')!.synonyms).toEqual(
      expect.arrayContaining(['汽修', '电子技术']),
    );
    expect(d.title!.find((e) => e.value === '高级教师')!.synonyms).toContain('高级讲师');
    const hekou = await one<{ aliases: string[] }>(
      t.deps.db,
      sql`select aliases from schools where name = '东河县河口镇中心小学'`,
    );
    expect(hekou!.aliases.sort()).toEqual(['河口中心校', '河口小学'].sort());
    const audit = await one<{ after: Record<string, unknown> }>(
      t.deps.db,
      sql`select after from audit_log where action = 'dictionary.import' order by id desc limit 1`,
    );
    expect(audit!.after).toMatchObject({ added: { honour: ['教坛新秀', '优秀班主任'], post: ['少先队辅导员'] } });
  });

  it('the next sheet with the same values needs no mapping', async () => {
    const file = libreOfficeXlsx(
      csv([
        ['姓名', '身份证号', '学校', '学段', '学科', '职称', '骨干类别'],
        ['何平', id(20), '河口小学', '中职', '汽修', '高级讲师', '教坛新秀'],
      ]),
      7,
    );
    const r = (await upload(county, '/api/teachers/import', file)).body;
    expect(r).toMatchObject({ created: 1, committed: true, errors: [] });
    expect(r.unknown).toBeUndefined();
  });

  it('statistics group by the county’s own categories; a 中心校 counts its 村小 and 教学点', async () => {
    const o = (await t.app.inject({ url: '/api/stats/overview', headers: { cookie: county } })).json();
    const honours = Object.fromEntries(
      (o.byHonour as Array<{ value: string; teachers: number }>).map((h) => [h.value, h.teachers]),
    );
    expect(honours).toMatchObject({ 教坛新秀: 3, 优秀班主任: 2, 县级骨干教师: 1, 市级骨干教师: 1, 县级教学能手: 1 });
    expect(o.byHonour.find((h: { value: string }) => h.value === '县级骨干教师').level).toBe('县级');
    const hub = await schoolId('东河县河口镇中心小学');
    const point = await schoolId('河口镇高山教学点');
    const hubView = (
      await t.app.inject({ url: `/api/stats/overview?schoolId=${hub}`, headers: { cookie: county } })
    ).json();
    // 李芳, 吴军, 何平 at the 中心校; 张伟 at its 村小; 赵敏 at its 教学点.
    expect(hubView).toMatchObject({ schoolCount: 3, teacherCount: 5 });
    const pointView = (
      await t.app.inject({ url: `/api/stats/overview?schoolId=${point}`, headers: { cookie: county } })
    ).json();
    expect(pointView).toMatchObject({ schoolCount: 1, teacherCount: 1 });
  });
});

async function schoolName(id: number) {
  return (await one<{ name: string }>(t.deps.db, sql`select name from schools where id = ${id}`))!.name;
}

// ---------- round trip ----------

describe('round trip: export, edit elsewhere, import back', () => {
  it('matches rows by ID (masked ones by 系统编号), counts only the real changes and shows them', async () => {
    const school = await schoolId('东河县河口镇中心小学');
    const exported = await t.app.inject({
      url: `/api/teachers/export?schoolId=${school}`,
      headers: { cookie: county },
    });
    expect(exported.statusCode).toBe(200);
    // Opened and saved by LibreOffice: read back as CSV, one teacher edited, written to .xlsx again.
    const records = [...parseCsv(libreOfficeCsv(exported.rawPayload))];
    const header = records[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(col('系统编号')).toBeGreaterThan(0);
    const li = records.find((r) => r[col('姓名')] === '李芳')!;
    expect(li[col('身份证号(脱敏)')]).toMatch(/^\*{14}\d{3}[\dX]$/);
    li[col('学科')] = '数学';
    li[col('手机号')] = '13900009999';
    const edited = libreOfficeXlsx(csv(records), header.length);

    const dry = (await upload(county, '/api/teachers/import?dryRun=true', edited)).body;
    expect(dry).toMatchObject({ total: 3, created: 0, updated: 1, skipped: 2, errors: [] });
    const update = (dry.preview as Array<{ action: string; changes?: unknown[] }>).find((p) => p.action === 'update');
    expect(update!.changes).toEqual([
      { field: '学科', before: '道德与法治', after: '数学' },
      { field: '手机号', before: '13900002222', after: '13900009999' },
    ]);
    const res = await upload(county, '/api/teachers/import', edited);
    expect(res.body).toMatchObject({ updated: 1, committed: true });
    const row = await one(t.deps.db, sql`select subject, phone from teachers where name = '李芳'`);
    expect(row).toEqual({ subject: '数学', phone: '13900009999' });

    // A masked ID whose last four do not match its 系统编号 is refused, not matched to someone else.
    const wrong = records.map((r) => [...r]);
    const liRow = wrong.find((r) => r[col('姓名')] === '李芳')!;
    liRow[col('身份证号(脱敏)')] = '**************0000';
    const refused = (
      await upload(county, '/api/teachers/import?dryRun=true', libreOfficeXlsx(csv(wrong), header.length))
    ).body;
    expect(refused.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/系统编号与身份证号后四位对应不上/) }),
    ]);
  });
});
