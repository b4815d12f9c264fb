// Display helpers shared by the teacher pages: enum labels, dates in the reader's convention, tag colours.
import type { TeacherStatus } from '@shixun/common';
import dayjs from 'dayjs';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** Enum values are stored in Chinese; other languages translate them through `common:enum.*`. */
export function useEnumLabel() {
  const { t } = useTranslation();
  return useCallback((v: string | null | undefined) => (v ? t(`common:enum.${v}`, { defaultValue: v }) : ''), [t]);
}

/** Dates as readers expect them: 2024年3月5日 in Chinese, 2024-03-05 in English. */
export function useDateFormat() {
  const { t } = useTranslation('teachers');
  const date = useCallback((v: string | null | undefined) => (v ? dayjs(v).format(t('format.date')) : t('none')), [t]);
  const dateTime = useCallback(
    (v: string | null | undefined) => (v ? dayjs(v).format(t('format.dateTime')) : t('none')),
    [t],
  );
  return { date, dateTime };
}

export const STATUS_COLOR: Record<TeacherStatus, string> = { 在职: 'green', 调出: 'orange', 退休: 'default' };

export const TAG_COLOR: Record<string, string> = {
  骨干教师: 'blue',
  学科带头人: 'geekblue',
  名师: 'purple',
  特级教师: 'gold',
  正高级: 'magenta',
};

/** Whole years since a date (教龄 / age), or null. */
export function yearsSince(iso: string | null | undefined, today = dayjs()): number | null {
  if (!iso) return null;
  const d = dayjs(iso);
  return d.isValid() ? today.diff(d, 'year') : null;
}

/**
 * The birth line of a teacher: the date (with age) for those who may see the full ID number,
 * otherwise the year (the date is 8 of the ID number's 18 digits).
 */
export function useBirthLabel() {
  const { t } = useTranslation('teachers');
  const { date } = useDateFormat();
  return useCallback(
    (tc: { birthDate: string | null; birthYear: number | null }) => {
      if (tc.birthDate) {
        const age = yearsSince(tc.birthDate);
        return `${date(tc.birthDate)}${age !== null ? t('detail.age', { n: age }) : ''}`;
      }
      if (tc.birthYear) return t('detail.birthYear', { year: tc.birthYear, n: dayjs().year() - tc.birthYear });
      return t('none');
    },
    [t, date],
  );
}
