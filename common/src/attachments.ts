// Attachments (附件): what may be uploaded for which purpose, and how a stored file is described.
import { z } from 'zod';
import { bodyDbId } from './primitives.js';

/** A stored file as every owning record presents it. */
export const attachmentDto = z.object({
  id: z.number(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
});
export type AttachmentDto = z.infer<typeof attachmentDto>;

/** Kinds of file content, recognised by their first bytes (not by the name alone). */
export const FILE_KINDS = ['pdf', 'image', 'office'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Extensions accepted per kind, with the MIME type a download is served as. */
export const FILE_TYPES: Record<string, { kind: FileKind; mime: string }> = {
  pdf: { kind: 'pdf', mime: 'application/pdf' },
  png: { kind: 'image', mime: 'image/png' },
  jpg: { kind: 'image', mime: 'image/jpeg' },
  jpeg: { kind: 'image', mime: 'image/jpeg' },
  gif: { kind: 'image', mime: 'image/gif' },
  webp: { kind: 'image', mime: 'image/webp' },
  docx: { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  pptx: { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  doc: { kind: 'office', mime: 'application/msword' },
  xls: { kind: 'office', mime: 'application/vnd.ms-excel' },
  ppt: { kind: 'office', mime: 'application/vnd.ms-powerpoint' },
  wps: { kind: 'office', mime: 'application/vnd.ms-works' },
  et: { kind: 'office', mime: 'application/vnd.ms-excel' },
  dps: { kind: 'office', mime: 'application/vnd.ms-powerpoint' },
};

export const FILE_KIND_LABELS: Record<FileKind, string> = {
  pdf: 'PDF',
  image: '图片（jpg/png/gif/webp）',
  office: 'Office/WPS 文档（doc/docx/xls/xlsx/ppt/pptx/wps）',
};

export interface AttachmentRule {
  kinds: readonly FileKind[];
  /** Largest accepted file, in MB (also capped by SHIXUN_MAX_UPLOAD_MB). */
  maxMb: number;
  label: string;
}

/** Upload purposes (= the owner kind the file will be linked to) and their limits. */
export const ATTACHMENT_RULES: Record<string, AttachmentRule> = {
  credit_application: { kinds: ['pdf', 'image', 'office'], maxMb: 20, label: '学时申报证明材料' },
  report_back: { kinds: ['pdf', 'image', 'office'], maxMb: 20, label: '成果汇报材料' },
  reflection: { kinds: ['pdf', 'image', 'office'], maxMb: 20, label: '心得体会' },
  expense: { kinds: ['pdf', 'image'], maxMb: 10, label: '支出票据' },
  claim: { kinds: ['pdf', 'image'], maxMb: 10, label: '报销票据' },
  notice: { kinds: ['pdf', 'image', 'office'], maxMb: 20, label: '通知附件' },
};
export const DEFAULT_ATTACHMENT_RULE: AttachmentRule = {
  kinds: ['pdf', 'image', 'office'],
  maxMb: 20,
  label: '附件',
};

export const attachmentRule = (purpose: string): AttachmentRule => ATTACHMENT_RULES[purpose] ?? DEFAULT_ATTACHMENT_RULE;

/** The `accept` attribute of a file input for a purpose, e.g. ".pdf,.png,…". */
export function acceptFor(purpose: string): string {
  const kinds = new Set(attachmentRule(purpose).kinds);
  return Object.entries(FILE_TYPES)
    .filter(([, t]) => kinds.has(t.kind))
    .map(([ext]) => `.${ext}`)
    .join(',');
}

export const attachmentUploadQuery = z.object({
  purpose: z
    .string()
    .regex(/^[a-z][a-z_]{1,39}$/, '附件用途格式不正确')
    .optional(),
});

export const attachmentDownloadQuery = z.object({
  inline: z.enum(['1', '0', 'true', 'false']).optional(),
});

/** Ids of uploaded files sent with a form that owns them. */
export const attachmentIds = z.array(bodyDbId).max(30, '附件最多30个');
