// The honour levels (荣誉级别) on their own, without zod: project eligibility (training.ts) reads
// them, and training.ts is in every page's bundle, so this module must stay free of schemas.
/**
 * The honour levels (荣誉级别) and the statistics key of each. This is the one list of them: only
 * the server's `honourLevels()` (server/src/modules/honours/levels.ts) reads it, and everything
 * else — validation, the import, the web's choices (GET /api/honours/levels), the counts — asks
 * that function, so the county dictionary `honour_level` can replace this constant in one place.
 */
export const HONOUR_LEVEL_ITEMS = [
  { key: 'national', label: '国家级' },
  { key: 'provincial', label: '省级' },
  { key: 'prefectural', label: '州市级' },
  { key: 'county', label: '县级' },
  { key: 'school', label: '校级' },
] as const;
export type HonourLevelKey = (typeof HONOUR_LEVEL_ITEMS)[number]['key'];
export const HONOUR_LEVEL_KEYS = ['national', 'provincial', 'prefectural', 'county', 'school'] as const;

/** The level labels at `key` or above (国家级 highest): 县级 → 国家级、省级、州市级、县级. */
export function honourLabelsAtOrAbove(key: HonourLevelKey): string[] {
  const rank = HONOUR_LEVEL_KEYS.indexOf(key);
  return HONOUR_LEVEL_ITEMS.filter((_, i) => i <= rank).map((l) => l.label);
}
