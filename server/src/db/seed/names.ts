// Chinese personal names for the demo county: surnames weighted by frequency (national ranking,
// nudged toward Sichuan, where 罗/何/唐/邓/曾/谢 are commoner), given names by gender and by the
// decade of birth (a 1968 teacher is 建华 or 秀英, a 2000 one 梓萱 or 浩然).
import type { Rng } from './random.js';

/** [surname, weight ‰ of the population, roughly]. */
export const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 72],
  ['李', 72],
  ['张', 68],
  ['刘', 54],
  ['陈', 46],
  ['杨', 34],
  ['黄', 24],
  ['赵', 20],
  ['吴', 20],
  ['周', 19],
  ['罗', 16],
  ['何', 15],
  ['唐', 14],
  ['徐', 13],
  ['孙', 12],
  ['邓', 12],
  ['曾', 12],
  ['胡', 12],
  ['朱', 11],
  ['谢', 11],
  ['马', 11],
  ['郭', 10],
  ['林', 9],
  ['高', 9],
  ['冯', 8],
  ['郑', 8],
  ['梁', 8],
  ['宋', 7],
  ['彭', 7],
  ['蒋', 7],
  ['袁', 6],
  ['韩', 6],
  ['肖', 6],
  ['田', 6],
  ['董', 5],
  ['曹', 5],
  ['许', 5],
  ['余', 5],
  ['杜', 5],
  ['钟', 5],
  ['廖', 5],
  ['叶', 4],
  ['程', 4],
  ['苏', 4],
  ['魏', 4],
  ['吕', 4],
  ['任', 4],
  ['沈', 3],
  ['姚', 3],
  ['卢', 3],
  ['蔡', 3],
  ['丁', 3],
  ['谭', 3],
  ['汪', 3],
  ['范', 3],
  ['付', 3],
  ['严', 3],
  ['雷', 3],
  ['熊', 3],
  ['陶', 2],
  ['贺', 2],
  ['龚', 2],
  ['文', 2],
  ['向', 2],
  ['邱', 2],
  ['侯', 2],
  ['秦', 2],
  ['江', 2],
  ['尹', 2],
  ['黎', 2],
  ['易', 2],
  ['万', 2],
  ['毛', 2],
  ['母', 1],
  ['敬', 1],
  ['税', 1],
  ['伍', 1],
  ['蒲', 1],
  ['冉', 1],
  ['欧阳', 1],
  ['司马', 0.3],
];

type Era = 'old' | 'mid' | 'young';

// Characters commonly used in given names, by gender and generation. Two-character names pick
// a first and a second character from the same pool; some single-character names are common
// among older teachers.
const GIVEN: Record<'男' | '女', Record<Era, { first: string; second: string }>> = {
  男: {
    old: {
      first: '建国志文德国永明成春学世家立长光庆宏红卫胜军',
      second: '华平明军国强民林生荣福清忠成伟勇刚辉良全富斌云',
    },
    mid: {
      first: '伟俊建文志海小晓宏明立永春鹏剑亚国洪兴光军勇',
      second: '伟强军涛斌杰峰刚磊波勇辉鹏亮东超林飞平宇彬兵龙',
    },
    young: {
      first: '浩子宇俊天思博一梓嘉泽明文家睿皓铭晨宏志雨',
      second: '然轩宇航杰豪阳博睿晨涛鑫琦瑞霖昊源轩凯翔楠洋',
    },
  },
  女: {
    old: {
      first: '秀玉淑桂凤春丽素美小晓红英金翠兰惠德琼慧',
      second: '英兰珍芳华琼梅萍霞莲琴芬凤云玲秀清丽娟荣珠',
    },
    mid: {
      first: '丽小晓静海雪春燕美红玉慧文亚佳晓丹俊巧艳',
      second: '娟芳艳丽静敏燕霞莉萍玲婷琳红梅蓉洁倩英华颖',
    },
    young: {
      first: '梓子雨欣思诗佳一可雅若语紫晓嘉雪心欣婉依',
      second: '涵萱怡琪琳瑶欣彤璐颖雯婷洁悦萌蕊妍菲月茜晴',
    },
  },
};

const SINGLE: Record<'男' | '女', string> = {
  男: '伟强军勇刚斌杰涛磊鹏超亮辉波明华平林峰宇浩凯博龙',
  女: '芳娟敏静丽艳娜婷琳燕霞萍莉红梅洁琴蓉颖雪倩丹璐瑶',
};

const chars = (s: string) => Array.from(s);
const POOLS = Object.fromEntries(
  (['男', '女'] as const).map((g) => [
    g,
    Object.fromEntries(
      (['old', 'mid', 'young'] as const).map((e) => [
        e,
        { first: chars(GIVEN[g][e].first), second: chars(GIVEN[g][e].second) },
      ]),
    ),
  ]),
) as Record<'男' | '女', Record<Era, { first: string[]; second: string[] }>>;
const SINGLES = { 男: chars(SINGLE.男), 女: chars(SINGLE.女) };

function eraOf(birthYear: number): Era {
  if (birthYear < 1975) return 'old';
  if (birthYear < 1992) return 'mid';
  return 'young';
}

export function surname(rng: Rng): string {
  return rng.weighted(SURNAMES);
}

/** A full name, e.g. 罗建华 or 张梓萱. */
export function personName(rng: Rng, gender: '男' | '女', birthYear: number): string {
  const family = surname(rng);
  const era = eraOf(birthYear);
  const singleShare = era === 'old' ? 0.18 : era === 'mid' ? 0.12 : 0.07;
  if (rng.chance(singleShare)) return family + rng.pick(SINGLES[gender]);
  const pool = POOLS[gender][era];
  let first = rng.pick(pool.first);
  let second = rng.pick(pool.second);
  // Avoid doubled characters like 丽丽 except occasionally (they exist, but look odd in bulk).
  if (first === second && rng.chance(0.8)) second = rng.pick(pool.second);
  if (family.length === 2 && rng.chance(0.5)) return family + second;
  if (first === family) first = rng.pick(pool.first);
  return family + first + second;
}
