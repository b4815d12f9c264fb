// Honour rows → the response schema of common/src/honours.ts.
import type { AttachmentDto, HonourItem, HonourLevel, HonourStatus } from '@shixun/common';
import type { HonourRow } from './honours.repo.js';
import { keyOfLevel } from './levels.js';

export const presentHonour = (
  r: HonourRow,
  levels: readonly HonourLevel[],
  attachments: AttachmentDto[],
  editable: boolean,
): HonourItem => ({
  id: r.id,
  teacherId: r.teacher_id,
  teacherName: r.teacher_name,
  idNumberMasked: r.id_masked,
  schoolId: r.school_id,
  schoolName: r.school_name,
  level: r.level,
  levelKey: keyOfLevel(levels, r.level),
  title: r.title,
  year: Number(r.year),
  awardingBody: r.awarding_body,
  awardedOn: r.awarded_on,
  status: r.status as HonourStatus,
  rejectReason: r.reject_reason,
  source: r.source === 'import' ? 'import' : 'manual',
  attachments,
  createdAt: r.created_at,
  verifiedAt: r.verified_at,
  editable,
});
