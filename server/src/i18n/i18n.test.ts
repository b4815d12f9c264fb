// Server-written text follows the reader's language (issue 12, item 6): the language is the web's
// choice (cookie) or Accept-Language; error messages, field messages, import row errors and audit
// action names come out in zh-CN, zh-TW or English; the audit log names its records.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGE_COOKIE } from '@shixun/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, seedWorld, type TestContext, type World } from '../../test/harness.js';
import { AUDIT_ACTION_LABELS } from '../modules/audit/audit.service.js';
import { EN_AUDIT_ACTIONS } from './en.js';
import { acceptedLanguage } from './language.js';
import { toEnglish, translate } from './translate.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir = SRC): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('fixtures')) out.push(p);
  }
  return out.filter((p) => !p.includes(`${path.sep}seed${path.sep}`));
}

/**
 * `项目《${p.name}》当前为“${x}”` → `项目《{}》当前为“{}”` (nested braces balanced); null for a
 * template with a template inside (cut short by the pattern that found it).
 */
function templateOf(literal: string): string | null {
  const body = literal.slice(1, -1).replace(/\\(.)/g, '$1');
  if (literal.startsWith("'")) return body;
  if (body.split('${').length - 1 !== (body.match(/\}/g) ?? []).length) return null;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body.startsWith('${', i)) {
      let depth = 0;
      let j = i + 1;
      for (; j < body.length; j++) {
        if (body[j] === '{') depth++;
        else if (body[j] === '}' && --depth === 0) break;
      }
      out += '{}';
      i = j;
    } else out += body[i];
  }
  return out;
}

/** The literal first argument of every thrown error helper in the server's source. */
function thrownMessages(): Array<{ file: string; template: string }> {
  const re =
    /\b(?:forbidden|conflict|invalid|notFound)\(\s*('(?:[^'\\\n]|\\.)*'|`[^`]*`)|new AppError\(\s*'[A-Z_]+',\s*('(?:[^'\\\n]|\\.)*'|`[^`]*`)/g;
  const out: Array<{ file: string; template: string }> = [];
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(re)) {
      const literal = m[1] ?? m[2]!;
      const template = templateOf(literal);
      if (template === null || !/[\u4e00-\u9fff]/.test(template)) continue;
      out.push({ file: path.relative(SRC, file), template });
    }
  }
  return out;
}

describe('the English catalogue', () => {
  it('has a line for every message the server throws with a literal', () => {
    const found = thrownMessages();
    expect(found.length).toBeGreaterThan(250);
    // Each `{}` filled with a stand-in name: the sentence must have an English line.
    const missing = found
      .filter((m) => toEnglish(m.template.replaceAll('{}', 'Ⓧ')) === null)
      .map((m) => `${m.file}: ${m.template}`);
    expect(missing, `add these to server/src/i18n/en.ts:\n${missing.join('\n')}`).toEqual([]);
  });

  it('has an English name for every audit action, and every recorded action has a Chinese one', () => {
    const recorded = new Set<string>();
    for (const file of sources()) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!/\baction:/.test(line)) continue;
        for (const m of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) recorded.add(m[1]!);
      }
    }
    expect(recorded.size).toBeGreaterThan(100);
    expect([...recorded].filter((a) => !AUDIT_ACTION_LABELS[a])).toEqual([]);
    expect(Object.keys(AUDIT_ACTION_LABELS).filter((a) => !EN_AUDIT_ACTIONS[a])).toEqual([]);
  });

  it('fills templates, translating the parts it knows and keeping names', () => {
    expect(toEnglish('培训项目不存在或无权查看')).toBe('The training project was not found, or you may not see it');
    expect(toEnglish('项目《县级骨干教师培训》当前为“已结束”，不能审核推荐')).toBe(
      'Project “县级骨干教师培训” is “Closed”: nominations cannot be reviewed',
    );
    expect(toEnglish('局领导账号没有权限查看操作日志')).toBe('A leader account may not read the audit log');
    expect(toEnglish('还有 3 次课尚未开始，全部课次开始后才能办理结业')).toBe(
      '3 sessions have not started; completion waits until all have',
    );
    expect(toEnglish('一句目录里没有的话')).toBeNull();
    expect(translate('一句目录里没有的话', 'en')).toBe('一句目录里没有的话');
  });

  it('writes Traditional Chinese with Taiwan words', () => {
    expect(translate('项目《县级骨干教师培训》当前为“已结束”，不能审核推荐', 'zh-TW')).toBe(
      '項目《縣級骨幹教師培訓》當前為“已結束”，不能審核推薦',
    );
    expect(translate('账号或开通码不正确，请核对账号开通单', 'zh-TW')).toBe('帳號或開通碼不正確，請核對帳號開通單');
    expect(translate('文件「名单.xlsx」是空文件；请先登录', 'zh-TW')).toBe('檔案「名單.xlsx」是空檔案；請先登入');
    expect(translate('培训项目不存在或无权查看', 'zh-CN')).toBe('培训项目不存在或无权查看');
  });
});

describe('the request language', () => {
  it('reads Accept-Language by q value', () => {
    expect(acceptedLanguage('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(acceptedLanguage('zh-TW,zh;q=0.9')).toBe('zh-TW');
    expect(acceptedLanguage('zh-Hant-HK')).toBe('zh-TW');
    expect(acceptedLanguage('fr-FR,zh-CN;q=0.5,en;q=0.4')).toBe('zh-CN');
    expect(acceptedLanguage('fr-FR')).toBeNull();
    expect(acceptedLanguage(undefined)).toBeNull();
  });
});

describe('answers in the reader’s language', () => {
  let t: TestContext;
  let w: World;
  let county: string;
  let leader: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.deps);
    county = await loginAs(t.app, w.users.county);
    leader = await loginAs(t.app, w.users.leader);
  });
  afterAll(() => t?.close());

  const get = (cookie: string, url: string, lang?: string, header?: string) =>
    t.app.inject({
      url,
      headers: {
        cookie: lang ? `${cookie}; ${LANGUAGE_COOKIE}=${lang}` : cookie,
        ...(header ? { 'accept-language': header } : {}),
      },
    });

  it('error messages: Chinese by default, the chosen language from the cookie, else Accept-Language', async () => {
    const url = '/api/projects/999999';
    expect((await get(county, url)).json().error.message).toBe('培训项目不存在或无权查看');
    expect((await get(county, url, 'en')).json().error.message).toBe(
      'The training project was not found, or you may not see it',
    );
    expect((await get(county, url, undefined, 'zh-TW,zh;q=0.9')).json().error.message).toBe('培訓項目不存在或無權查看');
    // The choice made in the web wins over the browser's header.
    expect((await get(county, url, 'zh-CN', 'en-US,en')).json().error.message).toBe('培训项目不存在或无权查看');
  });

  it('validation messages: zod’s own in the language, with the field', async () => {
    const zh = (await get(county, '/api/projects/abc')).json().error;
    const en = (await get(county, '/api/projects/abc', 'en')).json().error;
    const tw = (await get(county, '/api/projects/abc', 'zh-TW')).json().error;
    expect(zh.message).toMatch(/^输入有误：id /);
    expect(en.message).toMatch(/^Invalid input: id: /);
    expect(en.fields.id).toMatch(/[a-z]/i);
    expect(tw.message).toMatch(/^輸入有誤：id /);
  });

  it('refusals: a leader’s write in English', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/trainers',
      headers: { cookie: `${leader}; ${LANGUAGE_COOKIE}=en` },
      payload: { kind: 'external', name: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('Leader accounts are read-only and cannot change data');
  });

  it('the audit log: action names in the language, records by name', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/trainers',
      headers: { cookie: county },
      payload: { kind: 'external', name: '审计王老师', organisation: '师范学院' },
    });
    expect(created.statusCode, created.body).toBeLessThan(300);
    const list = (await get(county, '/api/audit?action=trainer.create')).json();
    expect(list.items[0]).toMatchObject({ entity: 'trainer', target: '审计王老师' });
    const teacherEdit = await t.app.inject({
      method: 'PATCH',
      url: `/api/teachers/${w.teacherA}`,
      headers: { cookie: county },
      payload: { phone: '13800009876' },
    });
    expect(teacherEdit.statusCode, teacherEdit.body).toBe(200);
    const edits = (await get(county, '/api/audit?entity=teacher')).json();
    expect(edits.items[0].target).toMatch(/\S/);
    expect(edits.items[0].target).not.toMatch(/#/);
    const en = (await get(county, '/api/audit/actions', 'en')).json();
    expect(en.find((a: { action: string }) => a.action === 'trainer.create').label).toBe('Added a trainer');
    const tw = (await get(county, '/api/audit/actions', 'zh-TW')).json();
    expect(tw.find((a: { action: string }) => a.action === 'trainer.create').label).toBe('新增培訓者');
  });
});

describe('import row errors', () => {
  it('come out in the reader’s language with the rest of the result', async () => {
    const { localizePayload } = await import('./localize.js');
    const result = {
      total: 2,
      errors: [
        { row: 3, column: '身份证号', message: '身份证号校验位错误（应为 7）' },
        { row: 4, column: '学校', message: '学校“城关一小”不存在或不在您的管理范围内' },
      ],
    };
    expect(localizePayload(result, 'en').errors.map((e) => e.message)).toEqual([
      'The ID number’s check digit is wrong (it should be 7)',
      'School “城关一小” does not exist or is outside your scope',
    ]);
    expect(localizePayload(result, 'zh-TW').errors[0]!.message).toBe('身份證號校驗位錯誤（應為 7）');
    expect(localizePayload(result, 'zh-CN')).toBe(result);
  });
});
