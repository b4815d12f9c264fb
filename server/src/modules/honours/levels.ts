// The honour levels in force for a county. The ONE place the server reads them: today the five
// levels of common's HONOUR_LEVEL_ITEMS; when the county dictionary `honour_level` lands, this
// function reads the county's entries instead and nothing else changes (validation, the import, the
// web's choices and the counts all ask here).
import { HONOUR_LEVEL_ITEMS, type HonourLevel, type HonourLevelKey } from '@shixun/common';
import type { Exec } from '../../db/client.js';

export async function honourLevels(_exec: Exec, _regionId: number): Promise<HonourLevel[]> {
  return HONOUR_LEVEL_ITEMS.map((l) => ({ key: l.key, label: l.label }));
}

/** How counties write the levels in sheets: 国家级 as 国家/全国, 州市级 as 市级/州级 … */
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

const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** The level a typed value names (its label, key or a common synonym), or null. */
export function matchLevel(levels: readonly HonourLevel[], raw: string): HonourLevel | null {
  const s = squeeze(raw);
  const direct = levels.find((l) => l.label === s || l.key === s.toLowerCase());
  if (direct) return direct;
  const key = SYNONYMS[s] ?? SYNONYMS[s.replace(/(荣誉|奖励|表彰)$/, '')];
  return key ? (levels.find((l) => l.key === key) ?? null) : null;
}

export const keyOfLevel = (levels: readonly HonourLevel[], label: string): HonourLevelKey | null =>
  levels.find((l) => l.label === label)?.key ?? null;
