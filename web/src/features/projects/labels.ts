// Display helpers of the training plan: colours per level/status, translated labels of the stored
// Chinese vocabularies (levels, modes, statuses), and date ranges.
import {
  isUpperLevel,
  type Level,
  type ParticipationStatus,
  type ProjectListItem,
  type ProjectStatus,
} from '@shixun/common';
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Access } from '../../access';

dayjs.extend(utc);

/** Instants shown as Beijing wall-clock time (the plan's zone), whatever the browser's zone. */
export function beijing(v: string): Dayjs {
  return dayjs(v).utcOffset(480);
}

export const LEVEL_COLOR: Record<Level, string> = {
  国培: 'red',
  省培: 'volcano',
  市州培: 'gold',
  县培: 'blue',
  校培: 'green',
};
/** Solid colours for calendar bars (the same hues as the tags). */
export const LEVEL_BAR: Record<Level, { bg: string; fg: string }> = {
  国培: { bg: '#fff1f0', fg: '#a8071a' },
  省培: { bg: '#fff2e8', fg: '#ad2102' },
  市州培: { bg: '#fffbe6', fg: '#ad6800' },
  县培: { bg: '#e6f4ff', fg: '#0958d9' },
  校培: { bg: '#f6ffed', fg: '#237804' },
};
export const LEVEL_BORDER: Record<Level, string> = {
  国培: '#ff4d4f',
  省培: '#ff7a45',
  市州培: '#faad14',
  县培: '#1677ff',
  校培: '#52c41a',
};

export const STATUS_COLOR: Record<ProjectStatus, string> = {
  draft: 'default',
  published: 'cyan',
  enrolling: 'blue',
  running: 'processing',
  assessing: 'purple',
  closed: 'success',
};

export const PARTICIPATION_COLOR: Record<ParticipationStatus, string> = {
  nominated: 'orange',
  rejected: 'red',
  enrolled: 'blue',
  waitlisted: 'gold',
  withdrawn: 'default',
  completed: 'green',
  failed: 'magenta',
};

/** Labels of the stored vocabularies in the reader's language (zh-CN shows the stored value). */
export function useProjectLabels() {
  const { t } = useTranslation('projects');
  const level = useCallback((v: string | null | undefined) => (v ? t(`level.${v}`, { defaultValue: v }) : ''), [t]);
  const mode = useCallback((v: string | null | undefined) => (v ? t(`mode.${v}`, { defaultValue: v }) : ''), [t]);
  const status = useCallback((v: ProjectStatus) => t(`status.${v}`), [t]);
  const participation = useCallback((v: ParticipationStatus) => t(`participation.${v}`), [t]);
  const enumLabel = useCallback(
    (v: string | null | undefined) => (v ? t(`common:enum.${v}`, { defaultValue: v }) : ''),
    [t],
  );
  return { level, mode, status, participation, enumLabel };
}

/** "2026年9月1日 – 9月3日" (same year shortened), one day → one date. */
export function useDateRange() {
  const { t } = useTranslation('projects');
  return useCallback(
    (from: string, to: string) => {
      const a = dayjs(from);
      const b = dayjs(to);
      if (!a.isValid() || !b.isValid()) return `${from} – ${to}`;
      if (from === to) return a.format(t('format.date'));
      if (a.year() === b.year()) return `${a.format(t('format.date'))} – ${b.format(t('format.dateNoYear'))}`;
      return `${a.format(t('format.date'))} – ${b.format(t('format.date'))}`;
    },
    [t],
  );
}

export function useDate() {
  const { t } = useTranslation('projects');
  return useCallback(
    (v: string | null | undefined, withTime = false) => {
      if (!v) return '—';
      // bare dates stay as they are; instants are shown in Beijing time
      const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? dayjs(v) : beijing(v);
      return d.isValid() ? d.format(t(withTime ? 'format.dateTime' : 'format.date')) : v;
    },
    [t],
  );
}

/** Who may create projects on screen: the county; a school admin plans 校培 of their own school. */
export function canPlan(a: Access) {
  return a.countyAdmin || a.schoolAdmin;
}

/** Who may edit a listed project (mirrors the server's project writers). */
export function canWriteProject(
  a: Access,
  schoolId: number | null | undefined,
  p: Pick<ProjectListItem, 'level' | 'schoolId' | 'status'>,
) {
  if (p.status === 'closed') return false;
  if (a.countyAdmin) return true;
  return a.schoolAdmin && p.level === '校培' && p.schoolId != null && p.schoolId === schoolId;
}

/** Participants holding a place: enrolled, completed, failed. */
export function placesHeld(c: Record<ParticipationStatus, number>) {
  return (c.enrolled ?? 0) + (c.completed ?? 0) + (c.failed ?? 0);
}

/** Quotas apply to county projects filled by nomination and to upper-level projects (not 校培). */
export function hasQuotas(p: Pick<ProjectListItem, 'level' | 'enrolMode'>) {
  return p.level !== '校培' && (p.enrolMode === 'nomination' || isUpperLevel(p.level));
}
