// Small pieces the run tabs share: who may manage a project, status tags, error messages.
import type { AttendanceStatus, ProjectDetail } from '@shixun/common';
import { App, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { accessOf } from '../../access';
import { useMe } from '../auth/auth.api';

/**
 * What the caller may do on a project's run tabs (the server decides anyway):
 * manage = take attendance, assess, issue (county admin, the project's trainers, the owning school's
 * admin for 校培); admin = also revoke certificates (not trainers); print = print the project's
 * certificates in a batch (certificates.issue; a school admin gets their own teachers').
 */
export function useRunRights(project: ProjectDetail | undefined) {
  const me = useMe().data;
  const a = accessOf(me);
  const ownSchoolProject =
    !!project && project.level === '校培' && project.schoolId != null && project.schoolId === me?.schoolId;
  const admin = a.countyAdmin || (a.schoolAdmin && ownSchoolProject);
  return { manage: admin || a.trainer, admin, print: a.can('certificates.issue'), me };
}

export const ATTENDANCE_COLORS: Record<AttendanceStatus | 'none', string> = {
  present: 'green',
  late: 'orange',
  absent: 'red',
  leave: 'blue',
  none: 'default',
};

export function AttendanceTag({ status, ended }: { status: AttendanceStatus | null; ended?: boolean }) {
  const { t } = useTranslation('run');
  if (!status) return <Tag color={ended ? 'red' : 'default'}>{t(ended ? 'att.noneEnded' : 'att.none')}</Tag>;
  return <Tag color={ATTENDANCE_COLORS[status]}>{t(`att.${status}`)}</Tag>;
}

/** message.error with the server's (Chinese) message. */
export function useFail() {
  const { message } = App.useApp();
  return (e: unknown) => message.error(e instanceof Error ? e.message : String(e));
}

/** Statuses of a project under which results and attendance may still change. */
export const RUNNING_STATUSES = ['running', 'assessing'] as const;
