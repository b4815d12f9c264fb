// The honour levels in force for a county: its dictionary `honour_level` (字典管理), active entries
// in the county's order. The ONE place the server reads them: validation, the import, the web's
// choices (GET /api/honours/levels) and the counts all ask here. Each level carries the statistics
// key of the national level it is (by its value, or a former name the dictionary keeps as a
// synonym after a rename); a level the county added has none and is counted only in the total.
import { dictionaryKey, HONOUR_LEVEL_ITEMS, type HonourLevel, type HonourLevelKey } from '@shixun/common';
import type { Exec } from '../../db/client.js';
import { loadDictionary } from '../dictionaries/dictionaries.service.js';

/** A county's level with the spellings its dictionary reads as it. */
export interface CountyHonourLevel extends HonourLevel {
  synonyms: readonly string[];
}

const NATIONAL_KEY = new Map<string, HonourLevelKey>(HONOUR_LEVEL_ITEMS.map((l) => [dictionaryKey(l.label), l.key]));

export async function honourLevels(exec: Exec, regionId: number): Promise<CountyHonourLevel[]> {
  const dict = await loadDictionary(exec, regionId, ['honour_level']);
  const taken = new Set<HonourLevelKey>();
  return dict.entries('honour_level').map((e) => {
    let key: HonourLevelKey | null = null;
    for (const s of [e.value, ...e.synonyms]) {
      const k = NATIONAL_KEY.get(dictionaryKey(s));
      if (k && !taken.has(k)) {
        key = k;
        taken.add(k);
        break;
      }
    }
    return { key, label: e.value, synonyms: e.synonyms };
  });
}

/** How sheets write the levels besides the dictionary's own spellings: 国家级 as 国家/全国 … */
const SYNONYMS: Record<string, HonourLevelKey> = {
  国家: 'national',
  全国: 'national',
  部级: 'national',
  国家级: 'national',
  省: 'provincial',
  省级: 'provincial',
  省部级: 'provincial',
  市: 'prefectural',
  州: 'prefectural',
  市级: 'prefectural',
  州级: 'prefectural',
  市州级: 'prefectural',
  地市级: 'prefectural',
  州市级: 'prefectural',
  县: 'county',
  区: 'county',
  县级: 'county',
  区级: 'county',
  县区级: 'county',
  校: 'school',
  校级: 'school',
  园级: 'school',
};

/** The level a typed value names (its label, a synonym of the county's, its key or a common spelling), or null. */
export function matchLevel(levels: readonly CountyHonourLevel[], raw: string): CountyHonourLevel | null {
  const k = dictionaryKey(raw);
  if (!k) return null;
  const direct = levels.find(
    (l) => dictionaryKey(l.label) === k || l.synonyms.some((s) => dictionaryKey(s) === k) || l.key === k,
  );
  if (direct) return direct;
  const key = SYNONYMS[k] ?? SYNONYMS[k.replace(/(荣誉|奖励|表彰)$/, '')];
  return key ? (levels.find((l) => l.key === key) ?? null) : null;
}

/** The statistics key of a stored level: the county's level of that name, else the national one. */
export const keyOfLevel = (levels: readonly HonourLevel[], label: string): HonourLevelKey | null => {
  const level = levels.find((l) => l.label === label);
  return level ? level.key : (NATIONAL_KEY.get(dictionaryKey(label)) ?? null);
};
